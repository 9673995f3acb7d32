import { expect, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** A suffix no other test (or earlier run on the same database) uses. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

export function uniqueCustomerName(prefix = "E2E Customer"): string {
  return `${prefix} ${unique()}`;
}

export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}.${unique()}@example.test`;
}

/** The create-account form on the current page, once hydrated. */
export async function createAccountForm(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Create account" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create account" }) });
  await waitForHydration(form);
  return form;
}

/** Opens a parent account's create-account form, hydrated and ready to fill. */
export async function openCreateAccountForm(page: Page, parentId: string) {
  await page.goto(`/a/${parentId}/accounts/new`);
  return createAccountForm(page);
}

/** Creates an active customer below `parentId` through the form; returns its id. */
export async function createCustomer(page: Page, parentId: string, name: string): Promise<string> {
  const form = await openCreateAccountForm(page, parentId);
  await form.getByLabel("Account name").fill(name);
  await form.getByLabel("Kind").selectOption({ label: "Customer" });
  await form.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/accounts\?created=[0-9a-f-]{36}/);
  await expect(page.getByRole("status").filter({ hasText: "Account created." })).toBeVisible();
  const id = new URL(page.url()).searchParams.get("created");
  if (!id) throw new Error("The created account's id is missing from the URL.");
  return id;
}

/**
 * Adds a person on an account's Users page. For a new email, returns the
 * temporary password the page shows once.
 */
export async function addUser(
  page: Page,
  accountId: string,
  person: { email: string; name: string; role: "Admin" | "Viewer" | "Billing" },
): Promise<string> {
  await page.goto(`/a/${accountId}/users`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add user" }) });
  await waitForHydration(form);
  await form.getByLabel("Email", { exact: true }).fill(person.email);
  await form.getByLabel("Name", { exact: true }).fill(person.name);
  await form.getByLabel("Role", { exact: true }).selectOption({ label: person.role });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${person.email} was added` })).toBeVisible();
  await expect(page.getByText(`Temporary password for ${person.email}`)).toBeVisible();
  const password = (await page.getByTestId("temporary-password").textContent())?.trim() ?? "";
  expect(password).toMatch(/^\S{12,}$/);
  return password;
}
