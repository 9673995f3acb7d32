import { expect, test, type Page } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { createCustomer, openCreateAccountForm, uniqueCustomerName } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher } from "./support/nav";

async function checkPages(page: Page, pages: [label: string, url: string, heading: string][]) {
  for (const [label, url, heading] of pages) {
    await test.step(label, async () => {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expectNoSeriousA11yViolations(page, label);
    });
  }
}

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
