import { expect, type Page } from "@playwright/test";
import { accountIdOf } from "./auth";
import { waitForHydration } from "./hydration";
import { accountSwitcher } from "./nav";

/**
 * Switches account with the header switcher, as a person does: open it, type
 * part of the name, click the match. Returns the id of the account switched to.
 */
export async function switchAccount(page: Page, current: string, target: string): Promise<string> {
  const switcher = accountSwitcher(page, current);
  await waitForHydration(switcher);
  await switcher.click();
  const search = page.getByRole("banner").getByLabel("Search accounts");
  await expect(search).toBeVisible();
  await search.fill(target);
  const list = page.getByRole("list", { name: "Accounts you can reach" });
  // Account names here are unique, so exactly one button starts with it.
  await list.getByRole("button", { name: new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).click();
  await expect(accountSwitcher(page, target)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(target);
  return accountIdOf(page.url());
}
