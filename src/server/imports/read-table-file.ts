import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { invalid } from "@/lib/errors";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/input-schemas";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

export interface ParsedRow {
  line: number;
  values: Record<string, string>;
}

/** What one kind of import reads: header aliases → field, required fields, the columns to name in errors. */
export interface TableSpec {
  aliases: Record<string, string>;
  required: string[];
  columns: readonly string[];
  /** e.g. "contract" → "The file has no contract rows." */
  noun: string;
}

function normaliseHeader(spec: TableSpec, header: string): string | undefined {
  return spec.aliases[header.trim().toLowerCase().replace(/\s+/g, " ")];
}

function toRows(spec: TableSpec, table: string[][], firstLine: number): ParsedRow[] {
  const [header, ...body] = table;
  if (!header) throw invalid("The file is empty.", { file: ["The file has no header row."] });
  const keys = header.map((cell) => normaliseHeader(spec, String(cell ?? "")));
  for (const required of spec.required) {
    if (!keys.includes(required)) {
      throw invalid(`The file has no "${required}" column.`, {
        file: [`Columns needed: ${spec.columns.join(", ")}. Missing: ${required}.`],
      });
    }
  }
  const rows: ParsedRow[] = [];
  body.forEach((cells, index) => {
    if (cells.every((cell) => String(cell ?? "").trim() === "")) return;
    const values: Record<string, string> = {};
    const line = firstLine + index + 1;
    keys.forEach((key, column) => {
      if (!key) return;
      const value = String(cells[column] ?? "").trim();
      // Rows are kept (as JSON) for the preview: text PostgreSQL cannot store refuses the file (docs/input-validation.md).
      if (!isStorableText(value)) {
        throw invalid(`Line ${line}, column "${String(header[column]).trim()}": ${UNSTORABLE_TEXT_MESSAGE}`, {
          file: [`Line ${line}, column "${String(header[column]).trim()}": ${UNSTORABLE_TEXT_MESSAGE}`],
        });
      }
      values[key] = value;
    });
    rows.push({ line, values });
  });
  if (rows.length === 0) throw invalid(`The file has no ${spec.noun} rows.`, { file: ["Add at least one row below the header."] });
  if (rows.length > MAX_IMPORT_ROWS) {
    throw invalid(`At most ${MAX_IMPORT_ROWS} rows per file.`, { file: [`The file has ${rows.length} rows.`] });
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return String(value.result ?? "");
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
  }
  return String(value);
}

/** Reads a CSV or .xlsx upload into rows keyed by field, with their line numbers. */
export async function readTableFile(spec: TableSpec, filename: string, bytes: Uint8Array): Promise<ParsedRow[]> {
  if (bytes.byteLength === 0) throw invalid("The file is empty.", { file: ["Choose a CSV or Excel file."] });
  if (!isStorableText(filename)) throw invalid("The file name cannot be stored.", { file: [UNSTORABLE_TEXT_MESSAGE] });
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw invalid("The file is larger than 5 MB.", { file: ["Split it into smaller files."] });
  const lower = filename.toLowerCase();
  if (lower.endsWith(".csv")) {
    let table: string[][];
    try {
      table = parse(Buffer.from(bytes), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
    } catch (error) {
      throw invalid("The CSV file could not be read.", { file: [(error as Error).message.split("\n")[0] ?? "Malformed CSV."] });
    }
    return toRows(spec, table, 1); // the header is line 1, so the first data row is line 2 (as in Excel)
  }
  if (lower.endsWith(".xlsx")) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw invalid("The Excel file could not be read.", { file: ["Save it as .xlsx (Excel 2007 or later) and try again."] });
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw invalid("The Excel file has no sheet.", { file: ["The workbook is empty."] });
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      table.push(values.slice(1).map(cellText));
    });
    return toRows(spec, table, 1); // the header is line 1, so the first data row is line 2 (as in Excel)
  }
  throw invalid("Upload a .csv or .xlsx file.", { file: ["Only .csv and .xlsx files can be imported."] });
}
