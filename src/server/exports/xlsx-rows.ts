import ExcelJS from "exceljs";
import type { XlsxCell } from "./column-types";

/**
 * The rows of an .xlsx sheet written as SpreadsheetML text straight into
 * ExcelJS's sheet stream, byte for byte what ExcelJS writes for them
 * (tests/unit/exports/xlsx-rows.test.ts compares both).
 *
 * Why not `sheet.addRow(values).commit()`: for every row ExcelJS builds a Row,
 * a Cell and a value object per cell, their models and an XML stream of small
 * strings (about 18 KB of garbage a row of nine cells), and it turns the row's
 * number into text with `String`, whose result V8's number-to-string cache
 * keeps until another number takes its slot: long enough to reach the old
 * generation, which then grew by ~60 MB a million rows with nothing collecting
 * it before the export ended. The audit log's 1,000,000-row .xlsx job peaked
 * at 371–406 MB of RSS against ~250 MB for its CSV; written here, ~260 MB
 * (docs/exports.md#export-memory). A row is one string here.
 *
 * ExcelJS still writes everything else: the columns, the header row, the
 * sheet's end, the styles (it gives the style ids used here), the workbook and
 * the zip.
 */

/** The two things of an ExcelJS streaming sheet and workbook this writer uses. */
interface SheetStream {
  write(text: string): unknown;
}
export interface StyleTable {
  addStyleModel(style: Partial<ExcelJS.Style>, type: ExcelJS.ValueType): number;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Column 1 → "A", 27 → "AA" (as ExcelJS's colCache). */
export function columnLetter(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = LETTERS[(n - 1) % 26] + letters;
  return letters;
}

// Characters XML must escape, and control characters it cannot hold (dropped), as ExcelJS's xmlEncode.
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;
const XML_ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

export function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(/[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g, (char) => XML_ESCAPES[char] ?? "") : text;
}

/**
 * A finite number as text, as `String(n)` writes it. Not `String(n)` or a
 * template: those go through V8's number-to-string cache, which keeps every
 * new number's text alive until another number takes its slot — long enough
 * to be moved to the old generation. Two new numbers a row (its number, a
 * date) then filled the old generation by ~60 bytes a row, 60 MB a million
 * rows, with nothing collecting it before the export ended. JSON writes the
 * same digits without the cache.
 */
export function digits(n: number): string {
  return JSON.stringify(n);
}

/** Days since 1899-12-30, the serial Excel stores a date as (ExcelJS's dateToExcel, 1900 date system). */
function excelSerial(date: Date): number {
  return 25569 + date.getTime() / (24 * 3600 * 1000);
}

function typeOf(value: XlsxCell): ExcelJS.ValueType {
  if (value === null) return ExcelJS.ValueType.Null;
  if (typeof value === "number") return ExcelJS.ValueType.Number;
  if (typeof value === "string") return ExcelJS.ValueType.String;
  return ExcelJS.ValueType.Date;
}

export class XlsxRowWriter {
  private readonly styleIds = new Map<string, number>();
  private readonly letters: string[];
  private readonly rowStyleIds = new Map<boolean, number>();
  private pending = "";

  /** `next`: the number of the first row this writer writes (the header row is ExcelJS's). */
  constructor(
    private readonly stream: SheetStream,
    private readonly styles: StyleTable,
    private readonly columnStyles: Partial<ExcelJS.Style>[],
    private next: number,
  ) {
    this.letters = columnStyles.map((_, index) => columnLetter(index + 1));
  }

  /** The style id of a cell: asked of ExcelJS's style table once per column, kind of value and weight. */
  private styleId(column: number, type: ExcelJS.ValueType, bold: boolean): number {
    const key = `${column}:${type}:${bold ? "b" : ""}`;
    let id = this.styleIds.get(key);
    if (id === undefined) {
      const style = this.columnStyles[column]!;
      // A new object each time: the table caches ids by object, whatever the kind of value.
      id = this.styles.addStyleModel(bold ? { ...style, font: { bold: true } } : { ...style }, type);
      this.styleIds.set(key, id);
    }
    return id;
  }

  /** A row's own style: none, or bold for a totals line (ExcelJS reads a row's style as for a number). */
  private rowStyleId(bold: boolean): number {
    let id = this.rowStyleIds.get(bold);
    if (id === undefined) {
      id = this.styles.addStyleModel(bold ? { font: { bold: true } } : {}, ExcelJS.ValueType.Number);
      this.rowStyleIds.set(bold, id);
    }
    return id;
  }

  /**
   * One row, a value per column (a totals line is bold). A row of empty cells
   * only is not written — its number is still taken — as ExcelJS does.
   */
  row(values: XlsxCell[], bold = false): void {
    const number = digits(this.next++);
    let cells = "";
    let hasValue = false;
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      const type = typeOf(value);
      const style = this.styleId(index, type, bold);
      if (value === null) {
        if (style) cells += `<c r="${this.letters[index]}${number}" s="${style}"/>`;
        continue;
      }
      hasValue = true;
      const open = `<c r="${this.letters[index]}${number}"${style ? ` s="${style}"` : ""}`;
      if (typeof value === "string") cells += `${open} t="str"><v>${xmlText(value)}</v></c>`;
      else if (typeof value === "number") cells += `${open}><v>${digits(value)}</v></c>`;
      else cells += `${open}><v>${digits(excelSerial(value))}</v></c>`;
    }
    if (!hasValue) return;
    const rowStyle = this.rowStyleId(bold);
    this.pending += `<row r="${number}" spans="1:${values.length}"${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ""} x14ac:dyDescent="0.25">${cells}</row>`;
    // Rows go to the stream in pieces of about 64 KB, the size ExcelJS's stream passes on.
    if (this.pending.length >= 65_536) this.flush();
  }

  /** Hands what is pending to the sheet's stream (before waiting for the zip, and at the end). */
  flush(): void {
    if (!this.pending) return;
    this.stream.write(this.pending);
    this.pending = "";
  }
}
