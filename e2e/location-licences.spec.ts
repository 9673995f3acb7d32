import { expect, test } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import { USERS, freshPage, signIn } from "./support/auth";
import { unique } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { download } from "./support/downloads";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { chooseRowAction, columnHeaders } from "./support/tables";

/** The distributor's billing timezone in the demo seed: its "next 30 days" are its own days. */
const DISTRIBUTOR_TIMEZONE = "Europe/Madrid";

/** A day in a timezone, `days` from now, computed independently of the portal (yyyy-MM-dd). */
function dayIn(timeZone: string, days = 0): string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const [year, month, day] = format.format(new Date()).split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * Location licences (docs/location-licences.md) as people do it: the customer creates a location, the distributor
 * requests a licence for it and downloads the PDF, the customer sends the key
 * from the PDF on the location, and the Licenses list is filtered by end date.
 */
test("request a licence, open its PDF, activate it with Send Key, filter by end date, view license data", async ({ page, browser }) => {
  test.slow();
  const siteName = `E2E Site ${unique()}`;
  let licenceKey = "";

  await test.step("the customer admin creates a location", async () => {
    await signIn(page, USERS.customerAdmin.email);
    await sectionNav(page).getByRole("link", { name: "Locations" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Locations" })).toBeVisible();
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create location" }) });
    await waitForHydration(form);
    await form.getByLabel("Site name").fill(siteName);
    await form.getByLabel("Address").fill("12 Quay Street, Portland");
    await form.getByLabel("Sector").selectOption({ label: "Retail" });
    await form.getByRole("button", { name: "Create location" }).click();
    await expect(page.getByRole("heading", { level: 1, name: siteName })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Location created." })).toBeVisible();
  });

  const distributor = await freshPage(browser);
  await test.step("the distributor requests the licence and downloads the PDF", async () => {
    await signIn(distributor, USERS.distributorAdmin.email);
    await sectionNav(distributor).getByRole("link", { name: "Licenses" }).click();
    await distributor.getByRole("main").getByRole("link", { name: "Request license" }).click();
    await expect(distributor.getByRole("heading", { level: 1, name: "Request license" })).toBeVisible();
    await expectNoSeriousA11yViolations(distributor, "Request license");
    const form = distributor.locator("form").filter({ has: distributor.getByRole("button", { name: "Generate license" }) });
    await waitForHydration(form);
    await chooseInCombobox(comboboxField(form, "ID Location"), { type: siteName, option: `${siteName} — ${USERS.customerAdmin.account} (Retail)` });
    // The partners offered are the MSSPs the location sits below, nearest first.
    await expect(form.getByLabel("Partner/integrator").locator("option:checked")).toHaveText(USERS.msspAdmin.account);
    await form.getByLabel("Number of years of contract").selectOption({ label: "2 years" });
    await form.getByLabel("Form of payment").selectOption({ label: "Monthly" });
    await form.getByLabel("Nº APs").fill("12");
    await form.getByLabel("Octopus Guest").check();
    await form.getByLabel("Analytics").check();
    await form.getByRole("button", { name: "Generate license" }).click();
    await expect(distributor.getByRole("heading", { level: 1, name: "View license data" })).toBeVisible();
    await expect(distributor.getByText("Pending Provision").first()).toBeVisible();

    const { download: file, bytes } = await download(distributor, distributor.getByRole("link", { name: "Download PDF" }));
    expect(file.suggestedFilename()).toMatch(/^licence-[0-9A-Z-]{29}\.pdf$/);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, " ");
    licenceKey = /([0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){4})/.exec(text)?.[1] ?? "";
    expect(licenceKey, "the PDF carries the licence key").not.toBe("");
    expect(file.suggestedFilename()).toBe(`licence-${licenceKey}.pdf`);
    for (const expected of [siteName, "12 Quay Street, Portland", USERS.customerAdmin.account, "Number of years of contract: 2", "Form of payment: Monthly", "Nº APs: 12", "Analytics, Octopus Guest"]) {
      expect(text).toContain(expected);
    }
    // The location is named as people know it, never by its internal id.
    expect(text).toContain(`ID Location: ${siteName} — ${USERS.customerAdmin.account} (Retail)`);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  await test.step("the customer admin activates it: License → License Number → Send Key", async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: siteName })).toBeVisible();
    const license = page.getByRole("button", { name: "License" });
    await waitForHydration(license);
    await license.click();
    await expect(page.getByRole("note")).toContainText("the license starts counting once there are 5 connections");
    await page.getByLabel("License Number").fill("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
    await page.getByRole("button", { name: "Send Key" }).click();
    await expect(page.getByText("No licence with this key is available to this location.").first()).toBeVisible();
    await page.getByLabel("License Number").fill(licenceKey.toLowerCase());
    await page.getByRole("button", { name: "Send Key" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Licence ${licenceKey} provisioned: Pending Start.` })).toBeVisible();
    await expect(page.getByRole("link", { name: licenceKey }).first()).toBeVisible();
    await expect(page.getByText("Starts at 5 device connections")).toBeVisible();
  });

  await test.step("the distributor filters the Licenses list by end date", async () => {
    await sectionNav(distributor).getByRole("link", { name: "Licenses" }).click();
    const table = distributor.getByRole("table", { name: "Licenses" });
    await expect(table.getByText(licenceKey, { exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(distributor, "Licenses");
    const search = distributor.getByRole("search");
    await search.getByLabel("End date", { exact: true }).selectOption({ label: "Ending in the next 30 days" });
    await search.getByRole("button", { name: "Apply filters" }).click();
    await distributor.waitForURL(/ending=30/);
    // The demo's hotel licence ends in 20 days; the new one has no end date until it starts.
    await expect(table.getByText("Hotel Mar Azul")).toBeVisible();
    await expect(table.getByText(licenceKey, { exact: true })).toHaveCount(0);
    const endColumn = (await columnHeaders(table)).indexOf("End date") + 1;
    expect(endColumn).toBeGreaterThan(0);
    const endDates = await table.locator(`tbody tr td:nth-child(${endColumn})`).allTextContents();
    const today = dayIn(DISTRIBUTOR_TIMEZONE);
    const limit = dayIn(DISTRIBUTOR_TIMEZONE, 30);
    for (const endDate of endDates) expect(endDate >= today && endDate <= limit, `${endDate} within 30 days`).toBe(true);
  });

  await test.step("View license data shows the licence's general data, modules, upgrades and assignment", async () => {
    await distributor.getByRole("search").getByLabel("End date", { exact: true }).selectOption({ label: "All" });
    await distributor.getByRole("search").getByLabel("Search licenses").fill(licenceKey);
    await distributor.getByRole("search").getByRole("button", { name: "Apply filters" }).click();
    await chooseRowAction(distributor.getByRole("table", { name: "Licenses" }).getByRole("row").filter({ hasText: licenceKey }), `View license data of ${licenceKey}`);
    await expect(distributor.getByRole("heading", { level: 1, name: "View license data" })).toBeVisible();
    const main = distributor.getByRole("main");
    await expect(main.getByText("Pending Start").first()).toBeVisible();
    await expect(main.getByText("0 in use of 12 maximum")).toBeVisible();
    await expect(main.getByText("2 years · Monthly payment")).toBeVisible();
    await expect(main.getByRole("heading", { name: "Platform Modules" })).toBeVisible();
    await expect(main.getByText("Analytics", { exact: true })).toBeVisible();
    await expect(main.getByRole("link", { name: siteName })).toBeVisible();
    await expect(main.getByText("License generated", { exact: true })).toBeVisible();
    await expect(main.getByText("License provisioned", { exact: true })).toBeVisible();
    await expect(main.getByText(USERS.customerAdmin.email)).toBeVisible();
    await expectNoSeriousA11yViolations(distributor, "View license data");
  });
  await distributor.context().close();
});

test("notifications: the demo's licence notices are listed with an unread count, and can be marked read", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  const link = sectionNav(page).getByRole("link", { name: /^Notifications/ });
  await expect(link).toContainText(/\d+ unread/);
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Licence .* ends in 1 month/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Notifications");
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  await waitForHydration(markAll);
  await markAll.click();
  await expect(page.getByRole("navigation", { name: "Account sections" }).getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
});

test("a location whose licence is in use takes a renewal: License / Send Key, then \"Starts on\" the day after it ends", async ({ page }) => {
  const site = "Prairie Wind Control Room";
  const distributorId = await signIn(page, USERS.distributorAdmin.email);
  await page.goto(`/a/${distributorId}/licences/new`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Generate license" }) });
  await waitForHydration(form);
  await chooseInCombobox(comboboxField(form, "ID Location"), { type: site, option: `${site} — Prairie Wind Energy (Office)` });
  await form.getByLabel("Nº APs").fill("10");
  await form.getByRole("button", { name: "Generate license" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "View license data" })).toBeVisible();
  const key = /[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){4}/.exec(await page.getByRole("main").innerText())?.[0] ?? "";
  expect(key).not.toBe("");

  await page.goto(`/a/${distributorId}/locations?q=${encodeURIComponent(site)}`);
  await page.getByRole("main").getByRole("link", { name: site }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: site })).toBeVisible();
  const endsOn = (await page.getByText(/^\d{4}-\d{2}-\d{2}$/).nth(1).textContent()) ?? "";
  const license = page.getByRole("button", { name: "License" });
  await waitForHydration(license);
  await license.click();
  await page.getByLabel("License Number").fill(key);
  await page.getByRole("button", { name: "Send Key" }).click();
  const startsOn = new Date(Date.parse(`${endsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByRole("status").filter({ hasText: `Licence ${key} provisioned as a renewal. Starts on ${startsOn}` })).toBeVisible();
  await expect(page.locator("p").filter({ hasText: new RegExp(`^Renewal ${key} starts on ${startsOn}`) })).toBeVisible();
  // One renewal at a time: the button is gone now.
  await expect(page.getByRole("button", { name: "License" })).toHaveCount(0);
});
