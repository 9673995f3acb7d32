import { PassThrough } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { isCountedRows, isReadAhead, mapRows } from "@/lib/counted-rows";
import { csvCell, numFmtOf, xlsxCell, type CellValue, type ColumnType, type ColumnValueOf } from "./column-types";
import { XlsxRowWriter, type StyleTable } from "./xlsx-rows";

export type { CellValue, ColumnType } from "./column-types";

export type ExportFormat = "csv" | "xlsx";

interface ColumnOf<Row, T extends ColumnType> {
  header: string;
  /** What the column holds: decides the Excel cell and number format and the CSV text (column-types.ts). */
  type: T;
  /** Excel column width in characters. */
  width?: number;
  /** Overrides the type's Excel number format, e.g. "yyyy-mm-dd hh:mm" for minutes only. */
  numFmt?: string;
  value: (row: Row) => ColumnValueOf[T];
}

/** A column of an export; its `type` says which values `value` may return. */
export type ExportColumn<Row> = { [T in ColumnType]: ColumnOf<Row, T> }[ColumnType];

/**
 * A line written after the rows, such as the page's totals row: its cells by
 * column header, each written as its column's type (a string is written as text).
 */
export type TotalsLine = Record<string, CellValue>;

/** A further sheet of an .xlsx export, after the main one (CSV carries one table only). */
export interface ExportSheet<Row> {
  sheetName: string;
  columns: ExportColumn<Row>[];
  rows: AsyncIterable<Row>;
  /** Lines after the rows, e.g. the totals row the page shows. */
  totals?: TotalsLine[];
}

export interface SheetColumn {
  header: string;
  type: ColumnType;
  width?: number;
  numFmt?: string;
}

/** A sheet with its rows already turned into cells, so sheets of different row types travel together. */
export interface WorkbookSheet {
  sheetName: string;
  columns: SheetColumn[];
  cells: AsyncIterable<CellValue[]>;
  totals: CellValue[][];
}

/**
 * Types a sheet against its own rows, then erases the row type. Rows are still
 * pulled lazily, and can still be counted when they could (mapRows).
 */
export function workbookSheet<Row>(sheet: ExportSheet<Row>): WorkbookSheet {
  const headers = sheet.columns.map((column) => column.header);
  const totals = (sheet.totals ?? []).map((line) => {
    const unknown = Object.keys(line).filter((header) => !headers.includes(header));
    // A programming error, raised while building the export, before any byte is sent.
    if (unknown.length > 0) throw new Error(`Totals of "${sheet.sheetName}" name no column: ${unknown.join(", ")}`);
    return headers.map((header) => line[header]);
  });
  return {
    sheetName: sheet.sheetName,
    columns: sheet.columns.map(({ header, type, width, numFmt }) => ({ header, type, width, numFmt })),
    cells: mapRows(sheet.rows, (row) => sheet.columns.map((column) => column.value(row))),
    totals,
  };
}

export function parseExportFormat(value: string | null): ExportFormat | null {
  return value === "csv" || value === "xlsx" ? value : null;
}

/**
 * Pulls the first row before the response starts, so a query that fails on
 * its first page answers as an error (400, 404, 500) instead of a broken file.
 */
async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]();
  let first: IteratorResult<T> | null = await iterator.next();
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (!first) return iterator.next();
        const result = first;
        first = null;
        return result;
      },
      return: async () => {
        first = null;
        return (await iterator.return?.()) ?? { done: true, value: undefined };
      },
    }),
  };
}

async function primedSheet(sheet: WorkbookSheet): Promise<WorkbookSheet> {
  return { ...sheet, cells: await primed(sheet.cells) };
}

const CSV_BATCH = 500;
const encoder = new TextEncoder();

async function* csvChunks(sheet: WorkbookSheet): AsyncGenerator<Uint8Array> {
  const types = sheet.columns.map((column) => column.type);
  const line = (cells: CellValue[]) => cells.map((value, index) => csvCell(types[index]!, value));
  const rows = sheet.cells[Symbol.asyncIterator]();
  try {
    // The byte order mark lets Excel read the file as UTF-8.
    yield encoder.encode(`\uFEFF${stringify([sheet.columns.map((column) => column.header)])}`);
    let batch: string[][] = [];
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      batch.push(line(next.value));
      if (batch.length === CSV_BATCH) {
        yield encoder.encode(stringify(batch));
        batch = [];
      }
    }
    batch.push(...sheet.totals.map(line));
    if (batch.length > 0) yield encoder.encode(stringify(batch));
  } finally {
    // Also when the client leaves after the header: the rows (already primed) stop being read.
    await rows.return?.();
  }
}

/** Resolves on the stream's "drain", or once it or `output` ends (nothing will drain then). */
function drainedOrClosed(stream: NodeJS.EventEmitter, output: PassThrough = stream as PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const events = ["drain", "close", "error"] as const;
    const done = () => {
      for (const event of events) stream.off(event, done);
      output.off("close", done);
      resolve();
    };
    for (const event of events) stream.on(event, done);
    output.on("close", done);
  });
}

/** The part of a writable stream's state the zip's input shows (readable-stream 2 has no `writableLength`). */
interface ZipInput extends NodeJS.EventEmitter {
  _writableState: { length: number };
}

/**
 * Where ExcelJS writes a sheet's XML for the zip: the stream archiver reads
 * the sheet's entry from. ExcelJS writes to it in 64 KB pieces without ever
 * waiting for it (its StreamBuf ignores backpressure), so whatever deflate has
 * not compressed yet piles up there (~60 MB in the first 100,000 audit rows).
 * Undefined if ExcelJS's insides change (tests/unit/exports/xlsx-rows.test.ts
 * fails then).
 */
export function zipInputOf(sheet: ExcelJS.Worksheet): ZipInput | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const input = pipes?.length === 1 ? (pipes[0] as Partial<ZipInput>) : undefined;
  return typeof input?._writableState?.length === "number" && typeof input.once === "function" ? (input as ZipInput) : undefined;
}

/** XML bytes a sheet may have written ahead of deflate before its rows wait. */
const ZIP_INPUT_AHEAD = 256 * 1024;

/** A sheet of ExcelJS's streaming writer, with the stream its XML goes to (see xlsx-rows.ts). */
type StreamedSheet = ExcelJS.Worksheet & { stream: { write(text: string): unknown } };

function xlsxChunks(sheets: WorkbookSheet[]): AsyncIterator<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  (async () => {
    try {
      // One sheet after the other: each is committed (zipped) before the next is read.
      for (const { sheetName, columns, cells, totals } of sheets) {
        const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
        const styles = columns.map((column) => {
          const numFmt = numFmtOf(column);
          return numFmt ? { numFmt } : {};
        });
        sheet.columns = columns.map((column, index) => ({
          header: column.header,
          key: `c${index}`,
          width: column.width ?? Math.max(12, column.header.length + 2),
          style: styles[index],
        }));
        const header = sheet.getRow(1);
        header.font = { bold: true };
        // The header row through ExcelJS (it opens the sheet's data), the rows after it as text.
        header.commit();
        const writer = new XlsxRowWriter((sheet as StreamedSheet).stream, (workbook as unknown as { styles: StyleTable }).styles, styles, 2);
        const row = (values: CellValue[]) => values.map((value, index) => xlsxCell(columns[index]!.type, value));
        let written = 0;
        for await (const values of cells) {
          writer.row(row(values));
          if (++written % 100 === 0) {
            writer.flush();
            // Let the zip take what was written before adding more: a page of rows
            // arrives at once, and deflate is slower than writing XML.
            const input = zipInputOf(sheet);
            if (input) while (input._writableState.length > ZIP_INPUT_AHEAD && !output.destroyed) await drainedOrClosed(input, output);
            else await new Promise((resolve) => setImmediate(resolve));
          }
          // ExcelJS ignores backpressure: wait while the client has not taken what is
          // already zipped, so a slow download never piles the file up in memory.
          if (output.writableNeedDrain) await drainedOrClosed(output);
          if (output.destroyed) return;
        }
        for (const values of totals) writer.row(row(values), true);
        writer.flush();
        sheet.commit();
      }
      await workbook.commit();
    } catch (error) {
      // The reader of `output` sees this error and breaks the download off (see byteStream).
      output.destroy(error as Error);
    }
  })();
  return output[Symbol.asyncIterator]();
}

/**
 * The response body. When a later page fails the stream errors, so the server
 * resets the download instead of ending it as if complete (or never ending it):
 * the client sees a failed download. Logged here, once.
 */
function byteStream(chunks: AsyncIterator<Uint8Array>, file: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        console.error(`export ${file} broke off`, error);
        // Named AbortError: Next then destroys the connection (the client sees a failed
        // download) without logging the failure a second time as "failed to pipe response".
        const brokeOff = new Error(`export ${file} broke off`, { cause: error });
        brokeOff.name = "AbortError";
        controller.error(brokeOff);
      }
    },
    // The client went away: stop reading rows.
    async cancel() {
      await chunks.return?.();
    },
  });
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface TableExportOptions<Row> {
  format: ExportFormat;
  filename: string;
  sheetName: string;
  columns: ExportColumn<Row>[];
  rows: AsyncIterable<Row>;
  totals?: TotalsLine[];
  /** Sheets after the main one, in .xlsx only. */
  moreSheets?: WorkbookSheet[];
}

export interface TableExport {
  /** The file name with its extension. */
  file: string;
  contentType: string;
  /** The file's bytes, produced as they are read (rows are pulled on demand). */
  chunks: AsyncIterator<Uint8Array>;
}

/** The rows of each sheet a file of this format holds: a CSV holds the main table only. */
function rowsOfSheets<Row>(options: TableExportOptions<Row>): AsyncIterable<unknown>[] {
  return options.format === "csv" ? [options.rows] : [options.rows, ...(options.moreSheets ?? []).map((sheet) => sheet.cells)];
}

/**
 * How many rows the file will hold (every sheet of it, totals lines aside),
 * counted up to `cap` — sheet after sheet, each only up to what is left of
 * the cap, so never more than `cap` rows are counted or read ahead. Null when
 * a sheet cannot be counted. Without a cap only rows with a count of their
 * own are counted (rows read ahead would all be held): otherwise null.
 */
export async function countExportRows<Row>(options: TableExportOptions<Row>, cap?: number): Promise<number | null> {
  let total = 0;
  for (const rows of rowsOfSheets(options)) {
    if (cap !== undefined && total >= cap) break;
    const left = cap === undefined ? undefined : cap - total;
    if (isCountedRows(rows)) total += await rows.count(left);
    else if (left !== undefined && isReadAhead(rows)) total += await rows.countAhead(left);
    else return null;
  }
  return total;
}

/**
 * The bytes of a table as CSV or .xlsx, pulled from an async iterable as they
 * are read, so memory stays flat whatever the size. Each column's type decides
 * its cells (column-types.ts); totals lines follow the rows. The first row of
 * every sheet is read before this returns (see primed). The same bytes go to
 * a download (tableExportResponse) or to an export job's file (export-jobs.ts).
 */
export async function openTableExport<Row>(options: TableExportOptions<Row>): Promise<TableExport> {
  const { format } = options;
  const main = workbookSheet({ sheetName: options.sheetName, columns: options.columns, rows: options.rows, totals: options.totals });
  const chunks =
    format === "csv"
      ? csvChunks(await primedSheet(main))
      : xlsxChunks(await Promise.all([main, ...(options.moreSheets ?? [])].map(primedSheet)));
  return { file: `${options.filename}.${format}`, contentType: CONTENT_TYPES[format], chunks };
}

/** A download's headers: the file is saved, never shown, and never cached. */
export function downloadHeaders(file: string, contentType: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${file}"`,
    "Cache-Control": "no-store",
  };
}

/** Streams a table as CSV or .xlsx as the client reads (see openTableExport). */
export async function tableExportResponse<Row>(options: TableExportOptions<Row>): Promise<Response> {
  const { file, contentType, chunks } = await openTableExport(options);
  return new Response(byteStream(chunks, file), { headers: downloadHeaders(file, contentType) });
}
