import { moneyInputValue, quantityText } from "@/lib/money";
import { monthName, NOT_A_TAX_INVOICE, subtotalsByService, type StatementDocument, type StatementDocumentLine } from "./statement-document";

/**
 * The statement laid out as rows of cells, once for the CSV and the xlsx (docs/money.md#statements):
 * a heading block (number, status, month, currency, price book, seller and buyer with addresses,
 * the date), the lines with their columns, a subtotal per service, the total, and "Not a tax
 * invoice". Amounts keep their minor units until a writer formats them.
 */

export type StatementCell = string | { money: bigint } | { quantityE4: bigint } | null;

export const LINE_HEADERS = ["Account", "Service", "SKU", "Description", "Quantity", "Unit", "Unit price", "Amount", "Corrects month", "Note"] as const;

/** Index of the amount column in LINE_HEADERS (subtotals and the total go there). */
export const AMOUNT_COLUMN = LINE_HEADERS.indexOf("Amount");

export interface StatementRows {
  heading: [string, string][];
  lines: StatementCell[][];
  subtotals: StatementCell[][];
  total: StatementCell[];
  footer: string[];
}

export function statementStatusText(document: Pick<StatementDocument, "status">): string {
  return document.status === "FINAL" ? "Final" : "Draft";
}

/** "Finalized 2026-07-05 00:05 UTC" or "Draft, computed …": the instant the figures are from. */
export function issuedText(document: Pick<StatementDocument, "status" | "issuedAt">): string {
  const at = `${document.issuedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return document.status === "FINAL" ? `Finalized ${at}` : `Draft, computed ${at}: not final, figures change until the month is final`;
}

function lineCells(line: StatementDocumentLine): StatementCell[] {
  return [
    line.usageAccountName,
    line.serviceName,
    line.sku,
    line.description,
    { quantityE4: line.quantityE4 },
    line.unit,
    { money: line.unitPriceMinor },
    { money: line.amountMinor },
    line.correctsMonth,
    line.note,
  ];
}

const withAmount = (label: string, second: string | null, amountMinor: bigint): StatementCell[] =>
  LINE_HEADERS.map((_, index) => (index === 0 ? label : index === 1 ? second : index === AMOUNT_COLUMN ? { money: amountMinor } : null));

export function statementRows(document: StatementDocument): StatementRows {
  return {
    heading: [
      ["Statement", document.number ?? "DRAFT"],
      ["Status", statementStatusText(document)],
      ["Month", `${document.month} (${monthName(document.month)})`],
      ["Currency", document.currency],
      ["Price book", document.priceBookName],
      ["Seller", document.seller.name],
      ["Seller address", document.seller.address],
      ["Buyer", document.buyer.name],
      ["Buyer address", document.buyer.address],
      ["Date", issuedText(document)],
    ],
    lines: document.lines.map(lineCells),
    subtotals: subtotalsByService(document.lines).map((subtotal) => withAmount("Subtotal", subtotal.serviceName, subtotal.amountMinor)),
    total: withAmount(`Total (${document.currency})`, null, document.totalMinor),
    footer: [NOT_A_TAX_INVOICE],
  };
}

// Text starting with these runs as a formula in spreadsheet apps (docs/exports.md): names are typed by people.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as CSV text: amounts as "1234.50" in the statement's currency, text formula-escaped. */
export function cellText(cell: StatementCell, currency: string): string {
  if (cell === null) return "";
  if (typeof cell === "string") return FORMULA_START.test(cell) ? `'${cell}` : cell;
  if ("money" in cell) return moneyInputValue(cell.money, currency);
  return quantityText(cell.quantityE4);
}
