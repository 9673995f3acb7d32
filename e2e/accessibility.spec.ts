import { expect, test } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { openCreateAccountForm } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { waitForHydration } from "./support/hydration";

test("the sign-in page and the signed-out 404 have no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "sign-in");

  // With the error message showing.
  await page.getByLabel("Email", { exact: true }).fill(`nobody.${Date.now()}@example.test`);
  await waitForHydration(page.locator("form"));
  await page.getByLabel("Password", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alerts(page)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "sign-in with error");

  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expectNoSeriousA11yViolations(page, "404 signed out");
});

test("every portal page has no serious accessibility violations", async ({ page }) => {
  test.setTimeout(90_000);
  const id = await signIn(page, USERS.msspAdmin.email);
  const pages: [string, string, string][] = [
    ["dashboard", `/a/${id}`, "Bluewave Security"],
    ["Manage Accounts", `/a/${id}/accounts`, "Manage Accounts"],
    ["Create account", `/a/${id}/accounts/new`, "Create account"],
    ["Users", `/a/${id}/users`, "Users"],
    ["Audit log", `/a/${id}/audit`, "Audit log"],
    ["Settings", `/a/${id}/settings`, "Settings"],
    ["profile (change password)", `/a/${id}/profile`, "Change password"],
    ["404", `/a/not-a-uuid`, "Page not found"],
  ];
  for (const [label, url, heading] of pages) {
    await test.step(label, async () => {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expectNoSeriousA11yViolations(page, label);
    });
  }

  await test.step("Create account with field errors", async () => {
    const form = await openCreateAccountForm(page, id);
    await form.getByLabel("Account name").fill("X");
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(alerts(page)).toBeVisible();
    await expectNoSeriousA11yViolations(page, "Create account with errors");
  });

  await test.step("account switcher open", async () => {
    await page.goto(`/a/${id}`);
    const switcher = page.getByLabel("Switch account (current: Bluewave Security)", { exact: true });
    await waitForHydration(switcher);
    await switcher.click();
    await expect(page.getByRole("list", { name: "Accounts you can reach" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "account switcher open");
  });
});

test("a viewer's read-only settings and a customer's dashboard have no serious accessibility violations", async ({ page }) => {
  const bluewaveId = await signIn(page, USERS.msspViewer.email);
  await page.goto(`/a/${bluewaveId}/settings`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expectNoSeriousA11yViolations(page, "viewer settings");
  await page.goto(`/a/${bluewaveId}/users`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  await expectNoSeriousA11yViolations(page, "viewer users");
});
