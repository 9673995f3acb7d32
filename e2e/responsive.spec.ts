import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher, sectionNav } from "./support/nav";

test.use({ viewport: { width: 390, height: 844 } });

/** How far the page scrolls sideways (0 when everything fits the viewport's width). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("no page scrolls sideways at phone width (wide tables scroll inside their own box)", async ({ page }) => {
  await page.goto("/sign-in");
  expect.soft(await sidewaysOverflow(page), "sign-in").toBeLessThanOrEqual(0);

  const id = await signIn(page, USERS.msspAdmin.email);
  const pages: [string, string][] = [
    ["dashboard", `/a/${id}`],
    ["Manage Accounts", `/a/${id}/accounts`],
    ["Create account", `/a/${id}/accounts/new`],
    ["Users", `/a/${id}/users`],
    ["Audit log", `/a/${id}/audit`],
    ["Settings", `/a/${id}/settings`],
    ["profile", `/a/${id}/profile`],
    ["404", "/a/not-a-uuid"],
  ];
  for (const [label, url] of pages) {
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect.soft(await sidewaysOverflow(page), label).toBeLessThanOrEqual(0);
  }

  await page.goto(`/a/${id}`);
  const switcher = accountSwitcher(page, "Bluewave Security");
  await waitForHydration(switcher);
  await switcher.click();
  await expect(page.getByRole("list", { name: "Accounts you can reach" })).toBeVisible();
  expect.soft(await sidewaysOverflow(page), "account switcher open").toBeLessThanOrEqual(0);
});

test("every section is reachable from the phone navigation strip", async ({ page }) => {
  const id = await signIn(page, USERS.msspAdmin.email);
  const nav = sectionNav(page);
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${id}/settings$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
});
