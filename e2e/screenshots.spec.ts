import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { openCreateAccountForm } from "./support/accounts";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher, userMenu } from "./support/nav";
import { chooseRowAction } from "./support/tables";

/**
 * Not a check: saves full-page screenshots of the main pages at desktop and
 * phone widths for a person to look at. Runs only with E2E_SCREENSHOTS set to
 * an output directory outside the repository, e.g.
 *   E2E_SCREENSHOTS=/tmp/e2e-shots npm run test:e2e -- e2e/screenshots.spec.ts
 */
const outDir = process.env.E2E_SCREENSHOTS;

const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

test.skip(!outDir, "set E2E_SCREENSHOTS=<dir> to take screenshots");

for (const viewport of VIEWPORTS) {
  test(`screenshots at ${viewport.name} width`, async ({ page }) => {
    test.setTimeout(120_000);
    const dir = path.resolve(outDir!);
    await mkdir(dir, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const shot = async (name: string, fullPage = true) =>
      page.screenshot({ path: path.join(dir, `${viewport.name}-${name}.png`), fullPage });
    const open = async (name: string, url: string) => {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await shot(name);
    };
    const openSwitcher = async (page: Page, current: string) => {
      const switcher = accountSwitcher(page, current);
      await waitForHydration(switcher);
      await switcher.click();
    };

    await open("01-sign-in", "/sign-in");
    const id = await signIn(page, USERS.msspAdmin.email);
    await shot("02-dashboard");
    await open("03-manage-accounts", `/a/${id}/accounts`);
    await open("04-create-account", `/a/${id}/accounts/new`);
    const form = await openCreateAccountForm(page, id);
    await form.getByLabel("Account name").fill("X");
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(alerts(page)).toBeVisible();
    await shot("05-create-account-errors");
    await open("06-users", `/a/${id}/users`);
    await open("07-audit-log", `/a/${id}/audit`);
    await open("08-settings", `/a/${id}/settings`);
    await open("09-profile", `/a/${id}/profile`);
    await open("10-not-found", `/a/not-a-uuid`);
    await open("13-locations", `/a/${id}/locations`);
    await page.getByRole("link", { name: "Mar Azul Beach Resort" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mar Azul Beach Resort" })).toBeVisible();
    await shot("14-location");
    await open("15-licenses", `/a/${id}/licences`);
    await open("16-licenses-ending", `/a/${id}/licences?ending=30`);
    await chooseRowAction(page.getByRole("table", { name: "Licenses" }).getByRole("row").nth(1), /^View license data of/);
    await expect(page.getByRole("heading", { level: 1, name: "View license data" })).toBeVisible();
    await shot("17-license-data");
    await open("18-notifications", `/a/${id}/notifications`);
    await page.goto(`/a/${id}`);
    await openSwitcher(page, "Bluewave Security");
    await shot("11-account-switcher", false);
    await page.keyboard.press("Escape");
    await page.goto(`/a/${id}`);
    await waitForHydration(userMenu(page));
    await userMenu(page).click();
    await shot("12-user-menu", false);
    await open("20-licence-pools", `/a/${id}/pools`);
    await open("21-monthly-pool", `/a/${id}/pools/monthly`);
    await open("22-reconciliation", `/a/${id}/pools/reconciliation`);
    await open("23-points", `/a/${id}/points`);
  });
}

test("screenshots of the distributor's Jobs page and an old /licenses link", async ({ page }) => {
  const dir = path.resolve(outDir!);
  await mkdir(dir, { recursive: true });
  await page.setViewportSize({ width: 1400, height: 900 });
  const id = await signIn(page, USERS.distributorAdmin.email);
  await page.goto(`/a/${id}/jobs`);
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await page.screenshot({ path: path.join(dir, "desktop-30-jobs.png"), fullPage: true });
  // Bookmarks of the old spelling land on the renamed route.
  await page.goto(`/a/${id}/licenses?ending=30`);
  await expect(page).toHaveURL(new RegExp(`/a/${id}/licences\\?ending=30$`));
  await page.screenshot({ path: path.join(dir, "desktop-31-old-licenses-link.png"), fullPage: true });
});
