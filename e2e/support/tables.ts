import type { Locator } from "@playwright/test";

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
