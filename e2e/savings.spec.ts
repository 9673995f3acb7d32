import { expect, test } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { expectRefusedSubmitKeepsValues } from "./support/forms";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { saveScreenshot } from "./support/screenshots";
import { cellUnder, chooseRowAction, columnHeaders } from "./support/tables";

/**
 * The Savings page and the alert settings as people use them (docs/money.md#advice, #alerts). The
 * demo's daily run compared the last 12 months: Beacon Pharmacy's Guest WiFi subscription of 12
 * access points never had more than 4 active, and Maple Street Bakery ran two gateways on PAYG for
 * over a year. Amounts follow the date the demo was seeded on, so their shape and order are checked.
 * With E2E_SCREENSHOTS=<dir>, the pages are also saved there to look at.
 */
const MONEY = /^EUR \d[\d,]*\.\d{2}$/;
const shot = saveScreenshot;

const amount = (text: string) => Number(text.replace(/[^\d.]/g, ""));

test("an MSSP admin ranks the savings of its tree and follows one to the page that realises it", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Savings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Savings" })).toBeVisible();
  await expect(page.getByTestId("savings-computed")).toContainText(/^Computed by the daily run on \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

  const table = page.getByRole("table", { name: "Savings" });
  expect(await columnHeaders(table)).toEqual(["Gateway or contract", "Account", "Current licence", "Suggestion", "12 months now", "With the suggestion", "Saving", "Actions"]);
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  const savings = await Promise.all((await rows.all()).map(async (row) => (await (await cellUnder(table, row, "Saving")).textContent())!.trim()));
  for (const saving of savings) expect(saving).toMatch(MONEY);
  expect(savings.map(amount)).toEqual([...savings.map(amount)].sort((a, b) => b - a));

  const beacon = rows.filter({ hasText: "Beacon Pharmacy" });
  await expect(await cellUnder(table, beacon, "Current licence")).toHaveText("Subscription of 12 units");
  await expect(await cellUnder(table, beacon, "Suggestion")).toContainText("Lower to 4 units");
  await expect(await cellUnder(table, beacon, "Suggestion")).toContainText(/had at most 4 devices active a day for its 12 units in its \d+ live days of the last 36[56] days — 4 units would have cost EUR [\d,.]+ less\./);
  const maple = rows.filter({ hasText: "Maple Street Bakery" }).filter({ hasText: "Pay-As-You-Go (plan Retail PAYG)" }).first();
  await expect(await cellUnder(table, maple, "Suggestion")).toContainText(/ran PAYG on \d+ of the last 36[56] days — a 1-year subscription would have cost EUR [\d,.]+ less\./);
  await expectNoSeriousA11yViolations(page, "Savings");
  await shot(page, "savings-mssp");

  await test.step("the suggestion filter keeps one kind", async () => {
    await page.getByRole("search", { name: "Filter savings" }).getByLabel("Suggestion").selectOption({ label: "1-year subscription" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/suggestion=SUBSCRIPTION/);
    await expect(rows.filter({ hasText: "Beacon Pharmacy" })).toHaveCount(0);
    await expect(rows.filter({ hasText: "Maple Street Bakery" })).toHaveCount(3);
  });

  await test.step("a gateway's advice opens its plan's License type", async () => {
    await chooseRowAction(maple, "License type of plan Retail PAYG");
    await expect(page.getByRole("heading", { level: 1, name: "License" })).toBeVisible();
    await page.goBack();
  });

  await test.step("a contract's advice opens Edit Contract", async () => {
    await page.goto(page.url().replace(/\?.*$/, ""));
    await chooseRowAction(rows.filter({ hasText: "Beacon Pharmacy" }), /^Edit Contract CT-\d{6}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Edit Contract" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Beacon Pharmacy");
  });
});

test("a customer admin sees its own savings only", async ({ page }) => {
  await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Savings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Savings" })).toBeVisible();
  // Harbor's gateways ran PAYG only since their contract began a few months ago: PAYG cost least.
  await expect(page.getByText("No savings found")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("Maple Street Bakery");
  await expect(page.getByRole("main")).not.toContainText("Beacon Pharmacy");
  await expectNoSeriousA11yViolations(page, "Savings (customer)");
  await shot(page, "savings-customer");
});

test("an MSSP admin sets up an alert from Settings; a refused save keeps what was typed; a viewer only reads", async ({ page, browser }) => {
  const id = await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Set up alerts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/a/${id}/settings/alerts$`));

  const spike = page.getByRole("form", { name: "Usage spike" });
  await waitForHydration(spike);
  await expect(spike.getByRole("checkbox", { name: "Send this alert" })).not.toBeChecked();
  await expectRefusedSubmitKeepsValues(spike, {
    fill: async (form) => {
      await form.getByRole("checkbox", { name: "Send this alert" }).check();
      await form.getByLabel("At least (devices)").fill("5");
      await form.getByLabel("Also email").fill("noc@bluewave.example");
    },
    bad: spike.getByLabel("Rise beyond (%)"),
    badValue: "1001",
  });
  await expect(spike.getByText("Enter the percentage from 1 to 1,000.")).toBeVisible();
  await expect(alerts(page).filter({ hasText: "Check the highlighted fields." })).toBeVisible();

  await spike.getByLabel("Rise beyond (%)").fill("80");
  await spike.getByRole("button", { name: "Save" }).click();
  await expect(spike.getByRole("status")).toHaveText("Usage spike: saved.");
  await page.reload();
  const saved = page.getByRole("form", { name: "Usage spike" });
  await expect(saved.getByRole("checkbox", { name: "Send this alert" })).toBeChecked();
  await expect(saved.getByLabel("Rise beyond (%)")).toHaveValue("80");
  await expect(saved.getByLabel("At least (devices)")).toHaveValue("5");
  await expect(saved.getByLabel("Also email")).toHaveValue("noc@bluewave.example");
  await expectNoSeriousA11yViolations(page, "Alerts");
  await shot(page, "alerts-mssp");

  // The viewer reads the same settings and cannot save them.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, USERS.msspViewer.email);
  await viewer.goto(`/a/${id}/settings/alerts`);
  await expect(viewer.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(viewer.getByRole("definition").filter({ hasText: "noc@bluewave.example" })).toBeVisible();
  await viewerContext.close();
});
