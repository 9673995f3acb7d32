import { expect, test } from "@playwright/test";
import {
  DEMO_PASSWORD,
  GENERIC_SIGN_IN_ERROR,
  INACTIVE_SIGN_IN_ERROR,
  USERS,
  expectSignInRefused,
  signIn,
} from "./support/auth";
import { unique } from "./support/accounts";
import { EXPECTED_SECTIONS, expectSections, userMenu } from "./support/nav";

test.describe("each kind of user lands on their dashboard with their navigation", () => {
  test("distributor admin", async ({ page }) => {
    await signIn(page, USERS.distributorAdmin.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(USERS.distributorAdmin.account);
    await expectSections(page, EXPECTED_SECTIONS.distributorAdmin);
    await expect(page.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
  });

  test("MSSP admin", async ({ page }) => {
    await signIn(page, USERS.msspAdmin.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(USERS.msspAdmin.account);
    await expectSections(page, EXPECTED_SECTIONS.msspAdmin);
    await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
    await expect(page.getByText("Partner – MSSP · Admin")).toBeVisible();
  });

  test("MSSP viewer sees everything but cannot create accounts", async ({ page }) => {
    await signIn(page, USERS.msspViewer.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(USERS.msspViewer.account);
    await expectSections(page, EXPECTED_SECTIONS.msspViewer);
    await expect(page.getByRole("link", { name: "Create account" })).toHaveCount(0);
    await expect(page.getByText("Partner – MSSP · Viewer")).toBeVisible();
  });

  test("MSSP billing has no Users or Audit log, and those pages are not found", async ({ page }) => {
    const accountId = await signIn(page, USERS.msspBilling.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(USERS.msspBilling.account);
    await expectSections(page, EXPECTED_SECTIONS.msspBilling);
    await expect(page.getByRole("link", { name: "Create account" })).toHaveCount(0);
    for (const section of ["users", "audit"]) {
      const response = await page.goto(`/a/${accountId}/${section}`);
      expect(response?.status(), section).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
  });

  test("customer admin has no Manage Accounts", async ({ page }) => {
    await signIn(page, USERS.customerAdmin.email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(USERS.customerAdmin.account);
    await expectSections(page, EXPECTED_SECTIONS.customerAdmin);
    await expect(page.getByRole("link", { name: "Create account" })).toHaveCount(0);
  });
});

test.describe("refused sign-ins", () => {
  test("a wrong password shows the generic error", async ({ page }) => {
    // ted is used by no other journey, so this failure never throttles anyone else.
    await expectSignInRefused(page, USERS.customerViewer.email, "Not-the-password-1!", GENERIC_SIGN_IN_ERROR);
    await expect(page.getByRole("navigation", { name: "Account sections" })).toHaveCount(0);
  });

  test("an unknown email shows the same generic error", async ({ page }) => {
    await expectSignInRefused(page, `nobody.${unique()}@example.test`, DEMO_PASSWORD, GENERIC_SIGN_IN_ERROR);
  });

  test("a user of an inactive customer is told their account is inactive", async ({ page }) => {
    await expectSignInRefused(page, USERS.inactiveCustomerAdmin.email, DEMO_PASSWORD, INACTIVE_SIGN_IN_ERROR);
  });

  test("signing out ends the session", async ({ page }) => {
    const accountId = await signIn(page, USERS.customerAdmin.email);
    await userMenu(page).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`/a/${accountId}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  });
});
