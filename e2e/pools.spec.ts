import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatCount, noun } from "../src/lib/plural";
import { quoteMonthlyExchange } from "../src/lib/pool-proration";
import { USERS, alerts, signIn } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";

/** Bluewave's billing timezone in the demo seed. */
const PARTNER_TIMEZONE = "Europe/London";

/** Today in the partner's timezone, computed independently of the portal (yyyy-MM-dd). */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

const formWith = (page: Page, button: string): Locator => page.locator("form").filter({ has: page.getByRole("button", { name: button, exact: true }) });
const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

/**
 * A partner admin's month with licence pools: buys a block (price shown before
 * confirming), assigns licences to a client, exchanges points for monthly
 * licences and sees the docs/pools-and-points.md#proration preview for today, then takes back the
 * licences the client never used from the reconciliation view.
 */
test("a partner buys a block, assigns it, exchanges points and recovers idle licences", async ({ page }) => {
  test.setTimeout(90_000);
  const id = await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Licence pools" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Licence pools" })).toBeVisible();
  const available = page.getByRole("table", { name: "My available licenses" });
  await expect(available.getByRole("row").filter({ hasText: "Adaptive Defense 360" }).filter({ hasText: "1 year" })).toContainText("45");
  await expectNoSeriousA11yViolations(page, "annual pools");

  // Buy: the price of the order is on screen before confirming.
  const buy = formWith(page, "Confirm purchase");
  await waitForHydration(buy);
  await buy.getByLabel("Product").selectOption({ label: "Adaptive Defense 360" });
  await buy.getByLabel("Duration").selectOption({ label: "1 year" });
  await buy.getByLabel("Licences").fill("5");
  await expect(buy.getByRole("status", { name: "Order price" })).toContainText("Blocks start at 10 licences.");
  await expect(buy.getByRole("button", { name: "Confirm purchase" })).toBeDisabled();
  await buy.getByLabel("Licences").fill("50");
  await expect(buy.getByRole("status", { name: "Order price" })).toContainText("50 × EUR 27.00 × 1 year (tier from 50 licences)");
  await expect(buy.getByRole("status", { name: "Order price" })).toContainText("Price: EUR 1,350.00");
  await buy.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(status(page, "Bought 50 licences for EUR 1,350.00. 95 available in the pool.")).toBeVisible();
  await expect(available.getByRole("row").filter({ hasText: "Adaptive Defense 360" }).filter({ hasText: "1 year" })).toContainText("95");

  // Assign 10 to a client that has no endpoints reporting.
  const assign = formWith(page, "Assign licences");
  await waitForHydration(assign);
  await assign.getByLabel("Pool").selectOption({ label: "Adaptive Defense 360 · 1 year (95 available)" });
  await chooseInCombobox(comboboxField(assign, "Client account"), { type: "Foxglove", option: /^Foxglove Architects/ });
  await assign.getByLabel("Licences to assign").fill("10");
  await assign.getByRole("button", { name: "Assign licences" }).click();
  await expect(status(page, /^10 licences assigned; the term runs until \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Assigned licences" }).getByRole("row").filter({ hasText: "Foxglove Architects" })).toBeVisible();
  // Assigned licences are paged like every list (newest first, 50 a page).
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/Showing 1(–\d+)? of \d+ assignments?/);

  // Exchange points for this month: the preview shows today's proration.
  await page.getByRole("navigation", { name: "Licence pool pages" }).getByRole("link", { name: "Monthly pool" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Adaptive Defense 360 (MSSP Command)" })).toBeVisible();
  await expect(page.getByTestId("renewal-forecast")).toContainText("40 licences needed, 20 covered — 20 short.");
  // Each pool's clients in renewal order are a paged list with a pager named for the pool.
  await expect(page.getByRole("table", { name: "Clients of Adaptive Defense 360 in renewal order" }).getByRole("row").nth(1)).toContainText(/^1/);
  await expect(page.getByRole("navigation", { name: "Pages of the clients of Adaptive Defense 360" })).toContainText(/Showing 1(–\d+)? of \d+ clients?/);
  const today = todayIn(PARTNER_TIMEZONE);
  const expected = quoteMonthlyExchange({ today, devices: 10, pricePerLicence: 3 });
  const exchange = formWith(page, "Confirm exchange");
  await waitForHydration(exchange);
  await exchange.getByLabel("Product").selectOption({ label: "Adaptive Defense 360 (3 points per licence)" });
  await exchange.getByLabel("Devices to protect").fill("10");
  await exchange.getByLabel(/^This month, from today/).check();
  await expect(exchange.getByLabel(/^This month, from today/)).toBeChecked();
  const preview = exchange.getByRole("definition");
  await expect(page.getByLabel("Exchange preview")).toBeVisible();
  await expect(page.getByTestId("preview-remaining-days")).toHaveText(String(expected.remainingDays));
  await expect(page.getByTestId("preview-protection-days")).toHaveText(String(expected.protectionDays));
  await expect(page.getByTestId("preview-licences")).toHaveText(String(expected.licences));
  await expect(page.getByTestId("preview-points")).toHaveText(String(expected.points));
  expect(await preview.count()).toBeGreaterThanOrEqual(4);
  await expectNoSeriousA11yViolations(page, "monthly pool");
  await exchange.getByRole("button", { name: "Confirm exchange" }).click();
  const exchanged = `Exchanged ${formatCount(expected.points, noun("point"))} for ${formatCount(expected.licences, noun("licence"))}.`;
  await expect(status(page, new RegExp(`^${exchanged.replace(/[.]/g, "\\.")} Balance: [\\d,]+ points?\\.$`))).toBeVisible();

  // Too many devices for the balance: refused with the reason, nothing spent.
  await exchange.getByLabel("Devices to protect").fill("5000");
  await exchange.getByLabel(/^The renewal on/).check();
  await expect(page.getByLabel("Exchange preview")).toContainText("Not enough points");
  await exchange.getByRole("button", { name: "Confirm exchange" }).click();
  await expect(alerts(page).filter({ hasText: "Not enough points: 5000 licence(s) of Adaptive Defense 360 needs 15000 points" })).toBeVisible();

  // The ledger shows the exchange with who and why.
  await sectionNav(page).getByRole("link", { name: "Points" }).click();
  const ledger = page.getByRole("table", { name: "Points ledger" });
  await expect(ledger.getByRole("row").nth(1)).toContainText(`protecting 10 device(s) for ${expected.remainingDays} day(s)`);
  await expect(ledger.getByRole("row").nth(1)).toContainText(USERS.msspAdmin.email);
  await expect(page.getByRole("link", { name: "Export Excel of the points ledger" })).toHaveAttribute("href", `/a/${id}/points/export?format=xlsx`);
  await expectNoSeriousA11yViolations(page, "points");

  // Foxglove never used its licences: recover them from the reconciliation view in one click.
  await sectionNav(page).getByRole("link", { name: "Licence pools" }).click();
  await page.getByRole("navigation", { name: "Licence pool pages" }).getByRole("link", { name: "Reconciliation" }).click();
  const row = page.getByRole("table", { name: "Reconciliation per client and product" }).getByRole("row").filter({ hasText: "Foxglove Architects" });
  await expect(row).toContainText("10 annual · 0 monthly");
  await expectNoSeriousA11yViolations(page, "reconciliation");
  const recover = row.getByRole("button", { name: "Recover 10 idle licences of Foxglove Architects (Adaptive Defense 360)" });
  await waitForHydration(recover);
  await recover.click();
  await expect(status(page, "10 idle licences recovered to the pool.")).toBeVisible();
  await page.getByRole("navigation", { name: "Licence pool pages" }).getByRole("link", { name: "Annual pools" }).click();
  await expect(available.getByRole("row").filter({ hasText: "Adaptive Defense 360" }).filter({ hasText: "1 year" })).toContainText("95");
});

test("a customer admin sees the licences its partner assigned, and the renewal shortfall", async ({ page }) => {
  await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Licence pools" }).click();
  await expect(page.getByRole("table", { name: "Annual licences assigned to this account" })).toContainText("Adaptive Defense 360");
  await expect(page.getByRole("table", { name: "Monthly licences (protected devices)" })).toContainText("12");
  await sectionNav(page).getByRole("link", { name: "Services & Contracts" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Licences from pools" })).toBeVisible();
});
