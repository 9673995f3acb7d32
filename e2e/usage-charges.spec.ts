import { parse } from "csv-parse/sync";
import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { csvLines, download } from "./support/downloads";
import { sectionNav } from "./support/nav";
import { saveScreenshot } from "./support/screenshots";

/** What a CSV money cell says: "137.50" (docs/money.md#rounding). */
const cents = (text: string) => Math.round(Number(text) * 100);

test("a customer admin reads what its usage costs, at its MSSP's prices, and exports the charges", async ({ page }) => {
  await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  const card = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Charges", exact: true }) });
  // Harbor Community Bank buys from Bluewave Security's default book (the demo's price books).
  await expect(card.getByTestId("charges-book")).toContainText("At Bluewave Security's prices: price book Standard (EUR)");
  const table = card.getByRole("table", { name: /^Charges of \d{4}-\d{2}$/ });
  await expect(table).toBeVisible();
  // NFR, trial and evaluation contracts appear at 0 with the reason.
  await expect(table).toContainText(/(Trial|Evaluation|Not For Resale): never charged/);
  const total = (await card.getByTestId("charges-total").textContent())!;
  expect(total).toMatch(/^EUR [\d,]+\.\d{2}$/);
  await saveScreenshot(page, "usage-charges-customer");

  await test.step("the CSV carries the same lines, and its charges add up to the card's total", async () => {
    const { bytes } = await download(page, card.getByRole("link", { name: "Export charges CSV" }));
    const { header, rows } = csvLines(bytes);
    expect(header).toBe("Service,Charge for,SKU,Description,Quantity,Unit,Currency,Unit price,Charge,Forecast (month end),Note");
    const records = parse(rows.join("\n")) as string[][];
    const charge = records.reduce((sum, cells) => sum + cents(cells[8]!), 0);
    expect(charge).toBe(cents(total.replace(/^EUR /, "").replaceAll(",", "")));
  });

  await test.step("the customer never sees its MSSP's cost: no revenue, cost or margin on its report", async () => {
    await expect(page.getByRole("heading", { name: "Revenue, cost and margin" })).toHaveCount(0);
  });
});

test("an MSSP admin's usage report has revenue, cost and margin per customer", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  const card = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Revenue, cost and margin" }) });
  await expect(card).toBeVisible();
  await expect(card.getByRole("link", { name: "statements" })).toBeVisible();
  await expect(card).toContainText(/EUR [\d,]+\.\d{2}/);
  await saveScreenshot(page, "usage-charges-mssp");
});

test("a distributor's usage report has revenue per partner, and no cost", async ({ page }) => {
  await signIn(page, USERS.distributorAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  const card = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Revenue per partner" }) });
  await expect(card).toBeVisible();
  // The demo's Northwind bills Bluewave Security (EUR) from its price books.
  await expect(card).toContainText("Bluewave Security");
  await expect(card).toContainText(/EUR [\d,]+\.\d{2}/);
  await expect(page.getByRole("heading", { name: "Revenue, cost and margin" })).toHaveCount(0);
  await saveScreenshot(page, "usage-charges-distributor");
});
