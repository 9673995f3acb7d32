import { expect, test } from "@playwright/test";
import { USERS, alerts, signIn } from "./support/auth";
import { createAccountForm, openCreateAccountForm, unique, uniqueCustomerName } from "./support/accounts";
import { sectionNav } from "./support/nav";
import { showColumn } from "./support/tables";

test.describe("Manage Accounts", () => {
  test("an MSSP admin creates a customer and finds it in the list", async ({ page }) => {
    const name = uniqueCustomerName();
    const userCenterId = `E2E-${unique()}`;
    await signIn(page, USERS.msspAdmin.email);

    await sectionNav(page).getByRole("link", { name: "Manage Accounts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Manage Accounts" })).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Create account" }).click();
    const form = await createAccountForm(page);

    await form.getByLabel("Account name").fill(name);
    await form.getByLabel("Kind").selectOption({ label: "Customer" });
    await form.getByLabel("Billing timezone").selectOption("Europe/Madrid");
    await form.getByLabel("Retention days").fill("120");
    await form.getByLabel("User Center ID").fill(userCenterId);
    await form.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL(/\/accounts\?created=[0-9a-f-]{36}/);
    await expect(page.getByRole("status").filter({ hasText: "Account created." })).toBeVisible();

    const filters = page.getByRole("search");
    await filters.getByLabel("Search accounts").fill(name);
    await filters.getByRole("button", { name: "Apply filters" }).click();
    const table = page.getByRole("table", { name: "Child accounts" });
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Customer");
    await expect(row).toContainText("Active");
    // User Center ID and Timezone are optional columns: shown through the Columns selector.
    await showColumn(page, "User Center ID");
    await showColumn(page, "Timezone");
    await expect(row).toContainText(userCenterId);
    await expect(row).toContainText("Europe/Madrid");

    // The new account opens on its own dashboard.
    await row.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  });

  test("invalid input shows field errors and creates nothing", async ({ page }) => {
    const parentId = await signIn(page, USERS.msspAdmin.email);
    const userCenterId = `E2E-${unique()}`;
    const form = await openCreateAccountForm(page, parentId);

    await form.getByLabel("Account name").fill("X");
    await form.getByLabel("User Center ID").fill(userCenterId);
    await form.getByRole("button", { name: "Create account" }).click();

    const name = form.getByLabel("Account name");
    await expect(alerts(page)).toHaveText("Check the highlighted fields.");
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAccessibleDescription("The name needs at least 2 characters.");
    await expect(page).toHaveURL(new RegExp(`/a/${parentId}/accounts/new$`));
    // What was typed is kept.
    await expect(form.getByLabel("User Center ID")).toHaveValue(userCenterId);

    // A bad User Center ID is refused on its own field too.
    await name.fill(uniqueCustomerName());
    await form.getByLabel("User Center ID").fill("!");
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByLabel("User Center ID")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("User Center ID")).toHaveAccessibleDescription(/Use 3–64 letters/);
    await expect(page).toHaveURL(new RegExp(`/a/${parentId}/accounts/new$`));

    // Nothing was created: the unique User Center ID matches no account.
    await page.goto(`/a/${parentId}/accounts?q=${encodeURIComponent(userCenterId)}`);
    await expect(page.getByText("No account matches these filters")).toBeVisible();
  });
});
