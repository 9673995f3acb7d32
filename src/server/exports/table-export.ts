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

async function* csvChunks<Row>(columns: ExportColumn<Row>[], rows: AsyncIterable<Row>): AsyncGenerator<Buffer> {
  const stringifier = stringify({ bom: true });
  const output = new PassThrough({ objectMode: false });
  stringifier.pipe(output);
  const pump = (async () => {
    stringifier.write(columns.map((column) => column.header));
    for await (const row of rows) {
      const ok = stringifier.write(columns.map((column) => csvCell(column.value(row))));
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

function xlsxStream<Row>(sheetName: string, columns: ExportColumn<Row>[], rows: AsyncIterable<Row>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((column, index) => ({
    header: column.header,
    key: `c${index}`,
    width: column.width ?? Math.max(12, column.header.length + 2),
    style: column.numFmt ? { numFmt: column.numFmt } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  (async () => {
    try {
      let written = 0;
      for await (const row of rows) {
        sheet.addRow(columns.map((column) => column.value(row) ?? null)).commit();
        // Let the zip take what was written before adding more: ExcelJS buffers a
        // sheet's XML until archiver reads it, and a page of rows arrives at once.
        if (++written % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        // ExcelJS ignores backpressure: wait while the client has not taken what is
        // already zipped, so a slow download never piles the file up in memory.
        if (output.writableNeedDrain) await drainedOrClosed(output);
        if (output.destroyed) return;
      }
      sheet.commit();
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
}): Response {
  const { format, columns, rows } = options;
  const body =
    format === "csv"
      ? Readable.from(csvChunks(columns, rows))
      : xlsxStream(options.sheetName, columns, rows);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${options.filename}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
