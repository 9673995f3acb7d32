import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { download } from "./support/downloads";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { saveScreenshot } from "./support/screenshots";

/**
 * Monthly statements (docs/money.md#statements), on the demo: the daily run of the seed wrote the
 * final statements of the last final months and the drafts of the open one from the demo's price
 * books. With E2E_SCREENSHOTS=<dir>, the list, a draft and a final statement are also saved at
 * 1,440 px to look at.
 */

const shot = (page: Page, name: string) => saveScreenshot(page, `statements-${name}`);

const NUMBER = /^BW-\d{4}-\d{5}$/;

test("an MSSP admin reads its statements: drafts and finals, what changed, the files, both directions", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Statements" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Statements" })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Statement direction" });
  await expect(tabs.getByRole("link", { name: "Issued to buyers" })).toHaveAttribute("aria-current", "page");
  const table = page.getByRole("table", { name: "Statements" });
  await expect(table.getByRole("columnheader")).toHaveText(["Number", "Month", "Buyer", "Status", "Total"]);
  await expect(table.getByRole("cell", { name: "Final", exact: true }).first()).toBeVisible();
  await expect(table.getByRole("cell", { name: "Draft", exact: true }).first()).toBeVisible();
  await shot(page, "list");

  await test.step("Final only, then a final statement: its lines, subtotals and what changed since the draft", async () => {
    await page.getByLabel("Status").selectOption({ label: "Final" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/status=FINAL/);
    await expect(table.getByRole("cell", { name: "Draft", exact: true })).toHaveCount(0);
    const first = table.getByRole("link", { name: /^Open statement BW-/ }).first();
    const number = (await first.textContent())!;
    expect(number).toMatch(NUMBER);
    await first.click();
    await expect(page.getByRole("heading", { level: 1, name: `Statement ${number}` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Subtotals per service" })).toContainText("Total");
    await expect(page.getByRole("table", { name: "Statement lines" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "What changed since the draft" })).toBeVisible();
    await expect(page.getByText("Not a tax invoice")).toBeVisible();
    await shot(page, "final");

    const pdf = await download(page, page.getByRole("link", { name: "Download PDF" }));
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.download.suggestedFilename()).toBe(`statement-${number}.pdf`);
    // A final statement is served from what was stored: the same bytes every time.
    const again = await download(page, page.getByRole("link", { name: "Download PDF" }));
    expect(again.bytes.equals(pdf.bytes)).toBe(true);
    const xlsx = await download(page, page.getByRole("link", { name: "Download Excel" }));
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe("PK");
    const csv = (await download(page, page.getByRole("link", { name: "Download CSV" }))).bytes.toString("utf8");
    expect(csv.split("\r\n").slice(0, 2)).toEqual([`Statement,${number}`, "Status,Final"]);
    expect(csv).toContain("Seller,Bluewave");
    expect(csv).toContain("Not a tax invoice");
  });

  await test.step("a draft says when it was computed, and its files say DRAFT", async () => {
    await page.goto(page.url().replace(/\/statements\/.*$/, "/statements?status=DRAFT"));
    const draftLink = table.getByRole("link", { name: /^Open the draft statement of / }).first();
    await draftLink.click();
    await expect(page.getByRole("heading", { level: 1, name: /^Draft statement, / })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(/Draft, computed \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(page.getByRole("heading", { name: "What changed since the draft" })).toHaveCount(0);
    await shot(page, "draft");
    const csv = (await download(page, page.getByRole("link", { name: "Download CSV" }))).bytes.toString("utf8");
    expect(csv.split("\r\n").slice(0, 2)).toEqual(["Statement,DRAFT", "Status,Draft"]);
  });

  await test.step("filtered by buyer: that buyer's statements only", async () => {
    await page.goto(page.url().replace(/\/statements\/.*$/, "/statements"));
    // Buyers are searched on the server (an MSSP has a thousand): the filter is a button with the choice.
    const buyerButton = page.getByRole("search").getByRole("button", { name: /^Buyer / });
    await expect(buyerButton).toHaveAccessibleName("Buyer All buyers");
    await waitForHydration(buyerButton);
    await buyerButton.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("combobox", { name: "Search buyers by name" })).toBeFocused();
    await page.keyboard.type("Harbor");
    const match = page.getByRole("dialog", { name: "Buyer" }).getByRole("option", { name: /^Harbor Community Bank/ });
    await expect(match).toBeVisible();
    await match.click();
    await expect(buyerButton).toHaveAccessibleName("Buyer Harbor Community Bank");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/buyer=/);
    const buyers = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(buyers.length).toBeGreaterThan(0);
    // The name printed on them: Harbor's billing profile's legal name.
    expect(new Set(buyers)).toEqual(new Set(["Harbor Community Bank, N.A."]));
  });

  await test.step("received from its seller: what Bluewave owes Northwind", async () => {
    await tabs.getByRole("link", { name: "Received from seller" }).click();
    await expect(table.getByRole("columnheader", { name: "Seller" })).toBeVisible();
    await expect(table.locator("tbody tr td:nth-child(3)").first()).toContainText("Northwind");
  });
});

test("a customer sees only what it owes, never its MSSP's statement from the distributor", async ({ browser }) => {
  test.setTimeout(90_000);
  // The MSSP's cost: a statement Northwind issued to Bluewave, read by Bluewave's admin.
  const mssp = await browser.newPage();
  await signIn(mssp, USERS.msspAdmin.email);
  await sectionNav(mssp).getByRole("link", { name: "Statements" }).click();
  await mssp.getByRole("navigation", { name: "Statement direction" }).getByRole("link", { name: "Received from seller" }).click();
  const upward = await mssp.getByRole("table", { name: "Statements" }).getByRole("link").first().getAttribute("href");
  expect(upward).toMatch(/\/statements\/[0-9a-f-]{36}$/);
  const statementId = upward!.split("/").at(-1)!;
  await mssp.close();

  const page = await browser.newPage();
  const customerId = await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Statements" }).click();
  // One side only: no tabs, the seller's name in the table.
  await expect(page.getByRole("navigation", { name: "Statement direction" })).toHaveCount(0);
  const table = page.getByRole("table", { name: "Statements" });
  await expect(table.getByRole("columnheader", { name: "Seller" })).toBeVisible();
  const sellers = await table.locator("tbody tr td:nth-child(3)").allTextContents();
  expect(sellers.length).toBeGreaterThan(0);
  expect(sellers.every((name) => name.startsWith("Bluewave"))).toBe(true);
  await table.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Statement|Draft statement/);

  // The MSSP's statement from its distributor, through the customer's own URL: not found, files too.
  const response = await page.goto(`/a/${customerId}/statements/${statementId}`);
  expect(response!.status()).toBe(404);
  for (const format of ["pdf", "xlsx", "csv"]) {
    const file = await page.request.get(`/a/${customerId}/statements/${statementId}/download?format=${format}`);
    expect(file.status()).toBe(404);
  }
  await page.close();
});
