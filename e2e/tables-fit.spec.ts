import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { routeOf, visitReachablePortalPages } from "./support/crawl";
import { waitForHydration } from "./support/hydration";

/**
 * Tables fit the screen (docs/screens.md, "Tables"): at 1,440 and 1,280 px, on every list page
 * the MSSP admin and the distributor reach, every table fits its frame and no row action — the
 * actions menu button, or any other button, link or field in a table body — lies outside the
 * viewport. With E2E_SCREENSHOTS=<dir>, the widest lists are also saved there to look at.
 */
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
] as const;

const PEOPLE = [
  ["MSSP admin", USERS.msspAdmin.email],
  ["distributor", USERS.distributorAdmin.email],
] as const;

/** List pages every crawl must have reached (a renamed link should not silently skip one). */
const LIST_ROUTES = ["/accounts", "/contracts", "/gateways", "/plans", "/devices", "/users", "/audit", "/statements", "/prices", "/prices/:id", "/prices/buyers", "/prices/buyers/:id"];
/** Lists only some people reach: the Savings list is an MSSP's (a distributor has no usage of its own). */
const LIST_ROUTES_OF: Record<string, string[]> = { "MSSP admin": ["/savings"] };

const shotsDir = process.env.E2E_SCREENSHOTS;

/** What does not fit on the current page, in words (empty when everything fits). */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px in ${viewport}px)`);
    document.querySelectorAll("table").forEach((table, index) => {
      const name = table.caption?.textContent?.trim() || `table ${index + 1}`;
      let frame: HTMLElement | null = table.parentElement;
      while (frame && getComputedStyle(frame).overflowX === "visible") frame = frame.parentElement;
      if (frame && frame.scrollWidth > frame.clientWidth + 1) {
        found.push(`${name}: ${frame.scrollWidth}px wide in a ${frame.clientWidth}px frame`);
      }
      table.querySelectorAll<HTMLElement>("tbody a, tbody button, tbody select, tbody input:not([type=hidden])").forEach((control) => {
        const box = control.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) return;
        if (box.left < 0 || box.right > viewport) {
          const label = control.getAttribute("aria-label") || control.textContent?.trim() || control.tagName;
          found.push(`${name}: "${label}" at ${Math.round(box.left)}–${Math.round(box.right)}px, outside 0–${viewport}px`);
        }
      });
    });
    return found;
  });
}

for (const viewport of VIEWPORTS) {
  for (const [who, email] of PEOPLE) {
    test(`every list fits at ${viewport.width} px, its row actions on screen (${who})`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.setViewportSize(viewport);
      const id = await signIn(page, email);
      const visited = await visitReachablePortalPages(page, `/a/${id}`, async (url) => {
        if ((await page.locator("table").count()) === 0) return;
        expect.soft(await misfits(page), `${url} at ${viewport.width} px`).toEqual([]);
      });
      const routes = visited.map((url) => routeOf(url.split("?")[0] ?? url));
      for (const list of [...LIST_ROUTES, ...(LIST_ROUTES_OF[who] ?? [])]) expect(routes, `${who} reached ${list}`).toContain(`/a/:id${list}`);
    });
  }
}

test("a row's actions menu opens on screen and works from the keyboard", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[1]);
  const id = await signIn(page, USERS.msspAdmin.email);
  await page.goto(`/a/${id}/accounts`);
  const table = page.getByRole("table", { name: "Child accounts" });
  const button = table.getByRole("button", { name: /^Actions for / }).last();
  await waitForHydration(button);
  const name = (await button.getAttribute("aria-label"))!.replace("Actions for ", "");

  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: `Actions for ${name}` });
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const items = menu.getByRole("menuitem");
  await expect(items.first()).toBeFocused();
  const box = (await menu.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORTS[1].width);
  expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORTS[1].height);

  if ((await items.count()) > 1) {
    await page.keyboard.press("ArrowDown");
    await expect(items.nth(1)).toBeFocused();
    await page.keyboard.press("ArrowUp");
  }
  await page.keyboard.press("End");
  await expect(items.last()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();

  // The first item is the account's settings link ("Edit" for an admin), followed with Enter.
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}\/settings$/);
});

test("a hidden column comes back from the Columns selector and the choice is remembered", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[0]);
  const id = await signIn(page, USERS.msspAdmin.email);
  await page.goto(`/a/${id}/contracts`);
  const table = page.getByRole("table", { name: "Services and contracts" });
  await expect(table.getByRole("columnheader", { name: "User Center ID" })).toHaveCount(0);
  const columns = page.getByRole("button", { name: "Columns" });
  await waitForHydration(columns);
  await columns.click();
  await page.getByRole("checkbox", { name: "User Center ID" }).check();
  await expect(table.getByRole("columnheader", { name: "User Center ID" })).toBeVisible();
  await page.reload();
  await expect(table.getByRole("columnheader", { name: "User Center ID" })).toBeVisible();
});

test("screenshots of the widest lists at 1,440 and 1,280 px", async ({ page }) => {
  test.skip(!shotsDir, "set E2E_SCREENSHOTS=<dir> to take them");
  test.setTimeout(120_000);
  const dir = path.resolve(shotsDir!);
  await mkdir(dir, { recursive: true });
  const id = await signIn(page, USERS.msspAdmin.email);
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const list of ["contracts", "accounts", "gateways", "devices", "audit", "savings", "prices", "prices/buyers"]) {
      await page.goto(`/a/${id}/${list}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.screenshot({ path: path.join(dir, `tables-${viewport.width}-${list.replace("/", "-")}.png`) });
    }
    await page.goto(`/a/${id}/accounts`);
    const actions = page.getByRole("button", { name: /^Actions for / }).nth(2);
    await waitForHydration(actions);
    await actions.click();
    await page.screenshot({ path: path.join(dir, `tables-${viewport.width}-accounts-menu.png`) });
  }
});
