import { expect, test, type Page } from "@playwright/test";
import { USERS, accountIdOf, signIn } from "./support/auth";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher, sectionNav } from "./support/nav";

async function openSwitcher(page: Page, current: string) {
  const switcher = accountSwitcher(page, current);
  await waitForHydration(switcher);
  await switcher.click();
  const search = page.getByRole("banner").getByLabel("Search accounts");
  await expect(search).toBeVisible();
  return { search, list: page.getByRole("list", { name: "Accounts you can reach" }) };
}

test("the header switcher moves between accounts and keeps the section", async ({ page }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);

  // Dashboard → a customer's dashboard, by searching and clicking.
  let { search, list } = await openSwitcher(page, "Bluewave Security");
  await expect(list.getByRole("button", { name: /^Bluewave Security/ })).toHaveAttribute("aria-current", "true");
  await search.fill("harbor");
  await expect(list.getByRole("button")).toHaveCount(1);
  await list.getByRole("button", { name: /^Harbor Community Bank/ }).click();
  await page.waitForURL((url) => /^\/a\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(bluewaveId));
  const harborId = accountIdOf(page.url());
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Harbor Community Bank");
  await expect(accountSwitcher(page, "Harbor Community Bank")).toBeVisible();

  // On the Users page, switching keeps Users; Enter picks the first match.
  await sectionNav(page).getByRole("link", { name: "Users", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${harborId}/users$`));
  ({ search, list } = await openSwitcher(page, "Harbor Community Bank"));
  await search.fill("Iberia");
  await expect(list.getByRole("button")).toHaveCount(1);
  await search.press("Enter");
  await page.waitForURL((url) => /^\/a\/[0-9a-f-]{36}\/users$/.test(url.pathname) && !url.pathname.includes(harborId));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  await expect(page.getByText("People with access to Bluewave Iberia")).toBeVisible();

  // A search that matches nothing says so.
  ({ search, list } = await openSwitcher(page, "Bluewave Iberia"));
  await search.fill("zzz-no-such-account");
  await expect(list).toContainText("No account matches.");
});
