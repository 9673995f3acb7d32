import { expect, test, type Page } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { createCustomer, openCreateAccountForm, uniqueCustomerName } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher } from "./support/nav";
import { expectNoCodesOnScreen } from "./support/codes";
import { recordMissingResources, routeOf, visitReachablePortalPages } from "./support/crawl";

async function checkPages(page: Page, pages: [label: string, url: string, heading: string][]) {
  for (const [label, url, heading] of pages) {
    await test.step(label, async () => {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expectNoSeriousA11yViolations(page, label);
    });
  }
}

// Each test here scans several pages with axe, and the first ones meet a cold server while the
// crawls below load both cores: on a 2-core machine they have taken 39–47 s against the suite's
// 45 s default. The crawls set their own, longer limit.
test.describe.configure({ timeout: 90_000 });

test("sign-in (also with its error) and the signed-out 404", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "sign-in");

  await waitForHydration(page.locator("form"));
  await page.getByLabel("Email", { exact: true }).fill(`nobody.${Date.now()}@example.test`);
  await page.getByLabel("Password", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alerts(page)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "sign-in with error");

  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expectNoSeriousA11yViolations(page, "404 signed out");
});

test("dashboard, Manage Accounts and Create account (also with field errors)", async ({ page }) => {
  const id = await signIn(page, USERS.msspAdmin.email);
  await checkPages(page, [
    ["dashboard", `/a/${id}`, "Bluewave Security"],
    ["Manage Accounts", `/a/${id}/accounts`, "Manage Accounts"],
    ["Create account", `/a/${id}/accounts/new`, "Create account"],
  ]);
  await test.step("Create account with field errors", async () => {
    const form = await openCreateAccountForm(page, id);
    await form.getByLabel("Account name").fill("X");
    await form.getByLabel("Status").selectOption({ label: "In trial" });
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(alerts(page)).toBeVisible();
    await expectNoSeriousA11yViolations(page, "Create account with errors");
  });
  await test.step("account switcher open", async () => {
    await page.goto(`/a/${id}`);
    const switcher = accountSwitcher(page, "Bluewave Security");
    await waitForHydration(switcher);
    await switcher.click();
    await expect(page.getByRole("list", { name: "Accounts you can reach" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "account switcher open");
  });
});

test("Users, Audit log, Settings, profile and the signed-in 404", async ({ page }) => {
  const id = await signIn(page, USERS.msspAdmin.email);
  // A fresh account.created event: the audit log then shows a long "after" with its "+N more".
  await createCustomer(page, id, uniqueCustomerName("E2E A11y"));
  await checkPages(page, [
    ["Users", `/a/${id}/users`, "Users"],
    ["Audit log", `/a/${id}/audit`, "Audit log"],
    ["Settings", `/a/${id}/settings`, "Settings"],
    ["profile (change password)", `/a/${id}/profile`, "Change password"],
    ["404", `/a/not-a-uuid`, "Page not found"],
  ]);
});

test("a viewer's read-only Settings and Users", async ({ page }) => {
  const id = await signIn(page, USERS.msspViewer.email);
  await checkPages(page, [
    ["viewer Settings", `/a/${id}/settings`, "Settings"],
    ["viewer Users", `/a/${id}/users`, "Users"],
  ]);
});

/**
 * Every screen reachable from the dashboard (found by following its links, so new pages are
 * covered), at desktop width and on a 390 px phone: no serious or critical axe violation and
 * no missing resource (the 404 for /favicon.ico every page used to log); and no internal code
 * (an enum value, an audit action) in its text.
 */
for (const [who, user] of [
  ["an MSSP admin", USERS.msspAdmin],
  ["a distributor admin", USERS.distributorAdmin],
] as const) {
  for (const [width, height] of [
    [1400, 900],
    [390, 844],
  ] as const) {
    test(`every portal page ${who} reaches, at ${width} px`, async ({ page }) => {
      test.setTimeout(600_000);
      await page.setViewportSize({ width, height });
      const missing = recordMissingResources(page);
      const id = await signIn(page, user.email);
      const visited = await visitReachablePortalPages(page, `/a/${id}`, async (url) => {
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expectNoSeriousA11yViolations(page, `${routeOf(url)} at ${width} px`);
        if (width > 390) await expectNoCodesOnScreen(page, routeOf(url));
      });
      expect(visited.length).toBeGreaterThan(15);
      expect(missing, "404s while browsing").toEqual([]);
    });
  }
}

test("the Gateways column selector closes on an outside click and on Escape", async ({ page }) => {
  const id = await signIn(page, USERS.msspAdmin.email);
  await page.goto(`/a/${id}/gateways`);
  const toggle = page.getByRole("button", { name: "Columns" });
  const selector = page.getByRole("group", { name: "Visible columns" });
  await waitForHydration(toggle);

  await toggle.click();
  await expect(selector).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(selector).toBeHidden();

  await toggle.click();
  await expect(selector).toBeVisible();
  // A click inside it keeps it open (its padding: ticking a column would save a preference).
  await selector.click({ position: { x: 4, y: 4 } });
  await expect(selector).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(selector).toBeHidden();
  await expect(toggle).toBeFocused();
});
