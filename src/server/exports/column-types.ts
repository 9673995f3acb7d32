import { dbDateToIso } from "@/lib/dates";

/**
 * What an export column holds. The one place that decides how a kind of value
 * is written: as which Excel cell with which number format, and as which CSV
 * text (docs/exports.md). A new kind of column is one more entry here.
 */
export type ColumnType = "text" | "date" | "date-time" | "integer" | "decimal-4" | "money";

/** The values a column of each type takes (null/undefined = an empty cell). */
export interface ColumnValueOf {
  text: string | null | undefined;
  /** A calendar day: an ISO "yyyy-mm-dd" string or a database date (UTC midnight). */
  date: string | Date | null | undefined;
  /** An instant, written in UTC. */
  "date-time": Date | null | undefined;
  integer: number | null | undefined;
  /** A ratio kept exact in Excel and written with 4 decimals in CSV. */
  "decimal-4": number | null | undefined;
  /** Integer cents. */
  money: number | null | undefined;
}

/** Anything a column or a totals line may carry; a string in a typed column is written as text. */
export type CellValue = string | number | Date | null | undefined;

/** What the xlsx writer puts in a cell (ExcelJS turns a Date into a date serial). */
export type XlsxCell = string | number | Date | null;

interface ColumnTypeSpec {
  /** Excel number format; a column may override it (e.g. minutes only). */
  numFmt?: string;
  xlsx: (value: Exclude<CellValue, string | null | undefined>) => XlsxCell;
  csv: (value: Exclude<CellValue, string | null | undefined>) => string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function asDate(value: number | Date): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

function asNumber(value: number | Date): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Cents as "1234.56" with integers only, so no float ever shows up in a file. */
function centsText(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const TYPES: Record<ColumnType, ColumnTypeSpec> = {
  text: { xlsx: (value) => String(value), csv: (value) => String(value) },
  // ExcelJS writes a Date as the serial of its UTC instant: a day at UTC midnight is that day.
  date: {
    numFmt: "yyyy-mm-dd",
    xlsx: (value) => asDate(value as Date),
    csv: (value) => (asDate(value as Date) ? dbDateToIso(value as Date) : ""),
  },
  "date-time": {
    numFmt: "yyyy-mm-dd hh:mm:ss",
    xlsx: (value) => asDate(value as Date),
    csv: (value) => asDate(value as Date)?.toISOString() ?? "",
  },
  integer: { numFmt: "0", xlsx: (value) => asNumber(value), csv: (value) => String(asNumber(value) ?? "") },
  "decimal-4": { numFmt: "0.0000", xlsx: (value) => asNumber(value), csv: (value) => asNumber(value)?.toFixed(4) ?? "" },
  money: {
    numFmt: "#,##0.00",
    xlsx: (value) => (asNumber(value) === null ? null : (value as number) / 100),
    csv: (value) => (asNumber(value) === null ? "" : centsText(value as number)),
  },
};

export function numFmtOf(column: { type: ColumnType; numFmt?: string }): string | undefined {
  return column.numFmt ?? TYPES[column.type].numFmt;
}

/** A day column given an ISO day: the database date of it, so both writers see one kind of value. */
function normalised(type: ColumnType, value: CellValue): CellValue {
  if (type === "date" && typeof value === "string" && ISO_DAY.test(value)) return new Date(`${value}T00:00:00Z`);
  return value;
}

// Cells starting with these run as formulas in spreadsheet apps.
const FORMULA_START = /^[=+\-@\t\r]/;
const safeText = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

export function xlsxCell(type: ColumnType, raw: CellValue): XlsxCell {
  const value = normalised(type, raw);
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  return TYPES[type].xlsx(value);
}

export function csvCell(type: ColumnType, raw: CellValue): string {
  const value = normalised(type, raw);
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return safeText(value);
  return TYPES[type].csv(value);
}
