import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";

export type ExportFormat = "csv" | "xlsx";

export type CellValue = string | number | Date | boolean | null | undefined;

export interface ExportColumn<Row> {
  header: string;
  /** Excel column width in characters. */
  width?: number;
  /** Excel number format for dates and numbers, e.g. "yyyy-mm-dd hh:mm". */
  numFmt?: string;
  value: (row: Row) => CellValue;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A further sheet of an .xlsx export, after the main one (CSV carries one table only). */
export interface ExportSheet<Row> {
  sheetName: string;
  columns: ExportColumn<Row>[];
  rows: AsyncIterable<Row>;
}

/** A sheet with its rows already turned into cells, so sheets of different row types travel together. */
export interface WorkbookSheet {
  sheetName: string;
  columns: Omit<ExportColumn<never>, "value">[];
  cells: AsyncIterable<CellValue[]>;
}

/** Types a sheet against its own rows, then erases the row type. Rows are still pulled lazily. */
export function workbookSheet<Row>(sheet: ExportSheet<Row>): WorkbookSheet {
  async function* cells(): AsyncGenerator<CellValue[]> {
    for await (const row of sheet.rows) yield sheet.columns.map((column) => column.value(row));
  }
  return {
    sheetName: sheet.sheetName,
    columns: sheet.columns.map(({ header, width, numFmt }) => ({ header, width, numFmt })),
    cells: cells(),
  };
}

export function parseExportFormat(value: string | null): ExportFormat | null {
  return value === "csv" || value === "xlsx" ? value : null;
}

function csvCell(value: CellValue): string | number {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "yes" : "no";
  // Cells starting with these run as formulas in spreadsheet apps.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return value;
}

async function* csvChunks(sheet: WorkbookSheet): AsyncGenerator<Buffer> {
  const stringifier = stringify({ bom: true });
  const output = new PassThrough({ objectMode: false });
  stringifier.pipe(output);
  const pump = (async () => {
    stringifier.write(sheet.columns.map((column) => column.header));
    for await (const cells of sheet.cells) {
      const ok = stringifier.write(cells.map(csvCell));
      if (!ok) await new Promise((resolve) => stringifier.once("drain", resolve));
    }
    stringifier.end();
  })();
  // Bytes, not strings: a web ReadableStream body must carry Uint8Array chunks.
  for await (const chunk of output) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
  await pump;
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

function xlsxStream(sheets: WorkbookSheet[]): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  (async () => {
    try {
      // One sheet after the other: each is committed (zipped) before the next is read.
      for (const { sheetName, columns, cells } of sheets) {
        const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
        sheet.columns = columns.map((column, index) => ({
          header: column.header,
          key: `c${index}`,
          width: column.width ?? Math.max(12, column.header.length + 2),
          style: column.numFmt ? { numFmt: column.numFmt } : {},
        }));
        sheet.getRow(1).font = { bold: true };
        let written = 0;
        for await (const row of cells) {
          sheet.addRow(row.map((value) => value ?? null)).commit();
          // Let the zip take what was written before adding more: ExcelJS buffers a
          // sheet's XML until archiver reads it, and a page of rows arrives at once.
          if (++written % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
          // ExcelJS ignores backpressure: wait while the client has not taken what is
          // already zipped, so a slow download never piles the file up in memory.
          if (output.writableNeedDrain) await drainedOrClosed(output);
          if (output.destroyed) return;
        }
        sheet.commit();
      }
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}

/**
 * Streams a table as CSV or .xlsx: rows are pulled from an async iterable as
 * the client reads, so memory stays flat whatever the size. Dates stay dates
 * and numbers stay numbers in Excel.
 */
export function tableExportResponse<Row>(options: {
  format: ExportFormat;
  filename: string;
  sheetName: string;
  columns: ExportColumn<Row>[];
  rows: AsyncIterable<Row>;
  /** Sheets after the main one, in .xlsx only. */
  moreSheets?: WorkbookSheet[];
}): Response {
  const { format } = options;
  const main = workbookSheet({ sheetName: options.sheetName, columns: options.columns, rows: options.rows });
  const body = format === "csv" ? Readable.from(csvChunks(main)) : xlsxStream([main, ...(options.moreSheets ?? [])]);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${options.filename}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
