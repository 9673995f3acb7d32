import { stringify } from "csv-stringify/sync";
import { cellText, LINE_HEADERS, statementRows } from "./statement-cells";
import type { StatementDocument } from "./statement-document";

/**
 * The statement as CSV (UTF-8, comma, CRLF): the heading block as "name,value" rows, a blank row,
 * the lines under their headers, the subtotals per service and the total in the Amount column,
 * and "Not a tax invoice". Nothing in it depends on the clock: the same statement, the same bytes.
 */
export function renderStatementCsv(document: StatementDocument): Buffer {
  const rows = statementRows(document);
  const text = (cells: (Parameters<typeof cellText>[0])[]) => cells.map((cell) => cellText(cell, document.currency));
  const records: string[][] = [
    ...rows.heading.map((pair) => text(pair)),
    [],
    [...LINE_HEADERS],
    ...rows.lines.map(text),
    [],
    ...rows.subtotals.map(text),
    text(rows.total),
    [],
    ...rows.footer.map((line) => [line]),
  ];
  return Buffer.from(stringify(records, { record_delimiter: "windows", quoted_match: /[\r\n]/ }), "utf8");
}
