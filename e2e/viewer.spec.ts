import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { sectionNav } from "./support/nav";
import { chooseRowAction, rowActionNames } from "./support/tables";

test.describe("a viewer cannot change anything", () => {
  test("settings are read-only: disabled fields, no Save, no status change", async ({ page }) => {
    const accountId = await signIn(page, USERS.msspViewer.email);
    await sectionNav(page).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(new RegExp(`/a/${accountId}/settings$`));
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

    await expect(page.getByLabel("Account name")).toHaveValue(USERS.msspViewer.account);
    for (const field of ["Account name", "Billing timezone", "Retention days", "User Center ID"]) {
      await expect(page.getByLabel(field, { exact: true }), field).toBeDisabled();
    }
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await expect(page.getByText("Your role can view these settings but not change them.")).toBeVisible();
    await expect(page.getByRole("button", { name: /Inactivate account|Reactivate account|Switch to active/ })).toHaveCount(0);
    await expect(page.getByText("This account's status is managed by its parent account.")).toBeVisible();
  });

  test("users are listed without an Add user form or role controls", async ({ page }) => {
    const accountId = await signIn(page, USERS.msspViewer.email);
    await sectionNav(page).getByRole("link", { name: "Users", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/a/${accountId}/users$`));
    const members = page.getByRole("table", { name: "Users of this account" });
    await expect(members.getByRole("row").filter({ hasText: USERS.msspAdmin.email })).toContainText("Admin");
    await expect(page.getByRole("heading", { name: "Add a user" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add user" })).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(members.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Change role/ })).toHaveCount(0);
  });

  test("child accounts can be viewed, not edited or created", async ({ page }) => {
    const accountId = await signIn(page, USERS.msspViewer.email);
    await sectionNav(page).getByRole("link", { name: "Manage Accounts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Manage Accounts" })).toBeVisible();
    // Other journeys add "E2E …" customers that sort before Harbor and can push it to page 2.
    await page.goto(`/a/${accountId}/accounts?q=Harbor`);
    const table = page.getByRole("table", { name: "Child accounts" });
    const harbor = table.getByRole("row").filter({ hasText: "Harbor Community Bank" }).first();
    const actions = await rowActionNames(harbor);
    expect(actions).toContain("View Harbor Community Bank");
    expect(actions).not.toContainEqual(expect.stringMatching(/^(Edit|Add Subscriptions) /));
    await expect(page.getByRole("link", { name: "Create account" })).toHaveCount(0);

    const response = await page.goto(`/a/${accountId}/accounts/new`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");

    // A child's settings are read-only too.
    await page.goto(`/a/${accountId}/accounts?q=Harbor`);
    await chooseRowAction(table.getByRole("row").filter({ hasText: "Harbor Community Bank" }).first(), "View Harbor Community Bank");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByLabel("Account name")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  });
});
