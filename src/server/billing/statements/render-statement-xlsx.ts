import ExcelJS from "exceljs";
import { minorDigits } from "@/lib/money";
import { pinZipTimestamps } from "./pin-zip-timestamps";
import { AMOUNT_COLUMN, LINE_HEADERS, statementRows, type StatementCell } from "./statement-cells";
import { statementTitle, type StatementDocument } from "./statement-document";

const WIDTHS = [28, 24, 20, 48, 12, 14, 12, 14, 14, 36];

/**
 * The statement as an Excel workbook of one sheet, laid out as the CSV: the heading block, the
 * lines with quantities to 4 decimals and amounts in the currency's minor digits as numbers, the
 * subtotals per service, the total and "Not a tax invoice". The workbook's dates and the zip's
 * entry times are the statement's own date (finalization, or a draft's computation), so the same
 * statement always gives the same bytes.
 */
export async function renderStatementXlsx(document: StatementDocument): Promise<Buffer> {
  const rows = statementRows(document);
  const digits = minorDigits(document.currency);
  const moneyFormat = digits === 0 ? "#,##0" : `#,##0.${"0".repeat(digits)}`;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "MSP License Portal";
  workbook.lastModifiedBy = "MSP License Portal";
  workbook.created = document.issuedAt;
  workbook.modified = document.issuedAt;
  workbook.title = statementTitle(document);
  const sheet = workbook.addWorksheet("Statement");
  sheet.columns = WIDTHS.map((width) => ({ width }));

  const put = (cells: StatementCell[], options: { bold?: boolean } = {}) => {
    const row = sheet.addRow(
      cells.map((cell) => {
        if (cell === null || typeof cell === "string") return cell;
        if ("money" in cell) return Number(cell.money) / 10 ** digits;
        return Number(cell.quantityE4) / 10_000;
      }),
    );
    cells.forEach((cell, index) => {
      if (cell === null || typeof cell === "string") return;
      row.getCell(index + 1).numFmt = "money" in cell ? moneyFormat : "#,##0.0000";
    });
    if (options.bold) row.font = { bold: true };
  };

  for (const [name, value] of rows.heading) {
    const row = sheet.addRow([name, value]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
  put([...LINE_HEADERS], { bold: true });
  for (const line of rows.lines) put(line);
  sheet.addRow([]);
  for (const subtotal of rows.subtotals) put(subtotal);
  put(rows.total, { bold: true });
  sheet.addRow([]);
  for (const line of rows.footer) sheet.addRow([line]).font = { italic: true };
  sheet.getColumn(AMOUNT_COLUMN + 1).alignment = { horizontal: "right" };

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return pinZipTimestamps(buffer, document.issuedAt);
}
