import { expect, type Page } from "@playwright/test";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Downloads (exports, an export job's file, the licence PDF) are files, not pages. */
const NOT_A_PAGE = /\/(export|pdf|download)(\/|$)/;

/** A portal URL's route: ids replaced, so each screen is visited once whatever it shows. */
export function routeOf(path: string): string {
  return path.replace(UUID, ":id");
}

/**
 * Every portal screen a signed-in person can reach by following links from their dashboard:
 * one URL per route, in the order they were found. New pages are covered without listing them.
 */
export async function visitReachablePortalPages(
  page: Page,
  start: string,
  onPage: (url: string) => Promise<void>,
  { seen = new Set<string>(), limit = 80 }: { seen?: Set<string>; limit?: number } = {},
): Promise<string[]> {
  const queue = [start];
  const found: string[] = [];
  seen.add(routeOf(start));
  while (queue.length > 0 && found.length < limit) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    expect(response?.status(), `status of ${url}`).toBeLessThan(400);
    found.push(url);
    await onPage(url);
    const hrefs = await page.locator('a[href^="/a/"]').evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    for (const href of hrefs) {
      // Visited once per route, with the query of the first link found (some pages need theirs, e.g. evidence's day).
      const path = href.split(/[?#]/)[0] ?? href;
      const route = routeOf(path);
      if (NOT_A_PAGE.test(path) || seen.has(route)) continue;
      seen.add(route);
      queue.push(href.split("#")[0] ?? href);
    }
  }
  return found;
}

/** Collects every 404 the page's browser sees (a missing icon, script or image) while it is open. */
export function recordMissingResources(page: Page): string[] {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /404|not found/i.test(message.text())) missing.push(`console: ${message.text()}`);
  });
  return missing;
}
