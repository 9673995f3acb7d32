import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** A table's column headers as a person reads them (without the sort arrows). */
export async function columnHeaders(table: Locator): Promise<string[]> {
  const headers = await table.getByRole("columnheader").allTextContents();
  return headers.map((header) => header.replace(/[▲▼↕]/g, "").trim());
}

/** The cell of `row` under the column headed `header`. */
export async function cellUnder(table: Locator, row: Locator, header: string): Promise<Locator> {
  const index = (await columnHeaders(table)).indexOf(header);
  if (index < 0) throw new Error(`No column "${header}" in the table.`);
  return row.getByRole("cell").nth(index);
}

/** Opens a table row's actions menu ("Actions for …", hydrated first) and returns the menu. */
export async function openRowActions(row: Locator): Promise<Locator> {
  const button = row.getByRole("button", { name: /^Actions for / });
  await waitForHydration(button);
  await button.click();
  const menu = row.page().getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

/** Chooses one action of a table row: opens its actions menu and clicks the item. */
export async function chooseRowAction(row: Locator, name: string | RegExp): Promise<void> {
  const menu = await openRowActions(row);
  await menu.getByRole("menuitem", { name, exact: typeof name === "string" }).click();
}

/** The accessible names of a row's actions (its menu opened, then closed); [] when it has no menu. */
export async function rowActionNames(row: Locator): Promise<string[]> {
  await expect(row).toBeVisible();
  await waitForHydration(row);
  if ((await row.getByRole("button", { name: /^Actions for / }).count()) === 0) return [];
  const menu = await openRowActions(row);
  const items = menu.getByRole("menuitem");
  const names: string[] = [];
  for (let index = 0; index < (await items.count()); index++) {
    const item = items.nth(index);
    names.push((await item.getAttribute("aria-label")) ?? (await item.innerText()).trim());
  }
  await row.page().keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  return names;
}

/** Shows a column hidden by default, through the table's "Columns" selector. */
export async function showColumn(page: Page, label: string): Promise<void> {
  const toggle = page.getByRole("button", { name: "Columns" });
  await waitForHydration(toggle);
  await toggle.click();
  await page.getByRole("checkbox", { name: label }).check();
  await toggle.click();
}
