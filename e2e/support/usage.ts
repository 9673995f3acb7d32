import { expect, type Page } from "@playwright/test";

/** A service's card on the Usage report. */
export const serviceCard = (page: Page, service: string) =>
  page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: service, exact: true }) });

/** Expands a card's daily figures; returns the table. */
export async function dailyFigures(page: Page, service: string) {
  const card = serviceCard(page, service);
  await card.getByText("Daily figures and evidence").click();
  const table = card.getByRole("table", { name: `Daily usage of ${service}` });
  await expect(table).toBeVisible();
  return table;
}

/** The days of a card's daily figures and their active devices, in the table's order. */
export async function dailyActive(page: Page, service: string) {
  const table = await dailyFigures(page, service);
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  const actives = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[1]?.textContent)));
  return { rows, actives };
}

/** The "Devices" link of the first day with active devices. */
export async function firstActiveDayLink(page: Page, service: string) {
  const { rows, actives } = await dailyActive(page, service);
  const index = actives.findIndex((count) => count > 0);
  expect(index, "a day of this month with active devices").toBeGreaterThanOrEqual(0);
  return rows.nth(index).getByRole("link", { name: /^Devices of / });
}
