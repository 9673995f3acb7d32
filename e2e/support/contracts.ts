import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";
import { sectionNav } from "./nav";

/** The Services & Contracts table. */
export const contractsTable = (page: Page) => page.getByRole("table", { name: "Services and contracts" });

/** The row of one contract, by its "CT-…" id. */
export const contractRow = (page: Page, contractId: string) => contractsTable(page).getByRole("row").filter({ hasText: contractId });

/** Opens an account's Services & Contracts tab from the side navigation. */
export async function openContractsTab(page: Page): Promise<void> {
  await sectionNav(page).getByRole("link", { name: "Services & Contracts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Services & Contracts" })).toBeVisible();
}

/** Clicks "Add Contract" and returns the hydrated form. */
export async function openAddContract(page: Page): Promise<Locator> {
  await page.getByRole("main").getByRole("link", { name: "Add Contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add Contract" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add", exact: true }) });
  await waitForHydration(form);
  return form;
}

/** Chooses the service, then the contract type (a radio button named by its label). */
export async function chooseServiceAndType(form: Locator, service: string, type: string): Promise<void> {
  await form.getByLabel("Service name").selectOption({ label: service });
  const radio = form.getByRole("radio", { name: type, exact: true });
  await radio.check();
  await expect(radio).toBeChecked();
}

/** After "Add": waits for the list's notice and returns the new contract's id ("CT-000123"). */
export async function expectContractAdded(page: Page): Promise<string> {
  const notice = page.getByRole("status").filter({ hasText: /^Contract CT-\d+ added\.$/ });
  await expect(notice).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Services & Contracts" })).toBeVisible();
  const id = /CT-\d+/.exec((await notice.textContent()) ?? "")?.[0];
  if (!id) throw new Error("The added contract's id is missing from the notice.");
  return id;
}
