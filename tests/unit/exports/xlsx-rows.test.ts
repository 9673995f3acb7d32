import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { numFmtOf, xlsxCell, type CellValue } from "@/server/exports/column-types";
import { openTableExport, workbookSheet, zipInputOf, type ExportColumn, type WorkbookSheet } from "@/server/exports/table-export";
import { columnLetter, digits } from "@/server/exports/xlsx-rows";
import { zipEntries } from "../../support/zip-entries";

interface Line {
  n: number | null;
  when: Date | null;
  day: string | null;
  text: string | null;
  cents: number | null;
  ratio: number | null;
}

const COLUMNS: ExportColumn<Line>[] = [
  { header: "N", type: "integer", value: (line) => line.n },
  { header: "When (UTC)", type: "date-time", value: (line) => line.when, width: 20 },
  { header: "Day", type: "date", value: (line) => line.day },
  { header: "Text", type: "text", value: (line) => line.text, width: 30 },
  { header: "Amount", type: "money", value: (line) => line.cents },
  { header: "Ratio", type: "decimal-4", value: (line) => line.ratio },
  { header: "Minutes", type: "date-time", numFmt: "yyyy-mm-dd hh:mm", value: (line) => line.when },
];

/** Every kind of cell: numbers, dates, days, text needing escapes and control characters, empties, rows of empties only. */
async function* lines(count: number): AsyncGenerator<Line> {
  for (let n = 1; n <= count; n++) {
    if (n % 97 === 0) {
      yield { n: null, when: null, day: null, text: null, cents: null, ratio: null };
      continue;
    }
    yield {
      n: n * (n % 2 ? 1 : -1),
      when: n % 7 ? new Date(Date.UTC(2028, 6, 1, 9, 30) + n * 61_000) : null,
      day: n % 5 ? `2028-07-0${1 + (n % 9)}` : n % 10 === 0 ? "" : null,
      text: n % 3 ? `t<&>"'\u0001\u0008\t\n\r\u007F ü ${n}` : n % 2 ? "=SUM(A1)" : n % 4 ? "" : null,
      cents: n % 4 ? n * 101 - 5000 : null,
      ratio: n % 6 ? n / 7 : null,
    };
  }
}

interface Wide {
  v: number;
}
const WIDE: ExportColumn<Wide>[] = Array.from({ length: 30 }, (_, index) =>
  index % 2 ? { header: `C${index}`, type: "integer" as const, value: (row: Wide) => row.v * index } : { header: `C${index}`, type: "text" as const, value: (row: Wide) => `x${row.v}` },
);
async function* wide(count: number): AsyncGenerator<Wide> {
  for (let v = 1; v <= count; v++) yield { v };
}

function sheets(): { main: AsyncIterable<Line>; more: WorkbookSheet[] } {
  return {
    main: lines(1200),
    more: [
      workbookSheet({ sheetName: "Wide", columns: WIDE, rows: wide(40) }),
      workbookSheet({ sheetName: "Empty", columns: COLUMNS, rows: lines(0) }),
      workbookSheet({ sheetName: "Totals only", columns: COLUMNS, rows: lines(0), totals: [{ N: 0, Text: "" }, { Amount: null }] }),
    ],
  };
}
const MAIN_TOTALS = [{ Text: "Total", N: 1200, Amount: 12345 }, { Text: "Other", Ratio: 0.5 }];

/** The file as ExcelJS writes it row by row (`addRow(…).commit()`), the way exports were written before. */
async function writtenByExcelJS(): Promise<Buffer> {
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on("data", (chunk: Buffer) => parts.push(chunk));
  const finished = new Promise((resolve) => output.on("end", resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const { main, more } = sheets();
  for (const { sheetName, columns, cells, totals } of [workbookSheet({ sheetName: "Main", columns: COLUMNS, rows: main, totals: MAIN_TOTALS }), ...more]) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.columns = columns.map((column, index) => {
      const numFmt = numFmtOf(column);
      return { header: column.header, key: `c${index}`, width: column.width ?? Math.max(12, column.header.length + 2), style: numFmt ? { numFmt } : {} };
    });
    sheet.getRow(1).font = { bold: true };
    const row = (values: CellValue[]) => values.map((value, index) => xlsxCell(columns[index]!.type, value));
    for await (const values of cells) sheet.addRow(row(values)).commit();
    for (const values of totals) {
      const line = sheet.addRow(row(values));
      line.font = { bold: true };
      line.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(parts);
}

async function writtenByExport(): Promise<Buffer> {
  const { main, more } = sheets();
  const { chunks } = await openTableExport({ format: "xlsx", filename: "x", sheetName: "Main", columns: COLUMNS, rows: main, totals: MAIN_TOTALS, moreSheets: more });
  const parts: Uint8Array[] = [];
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) parts.push(next.value);
  return Buffer.concat(parts);
}

describe("xlsx rows written as text (docs/exports.md#export-memory)", () => {
  it("the file holds exactly the XML ExcelJS writes row by row: every sheet, the styles, the workbook", async () => {
    const [reference, ours] = [zipEntries(await writtenByExcelJS()), zipEntries(await writtenByExport())];
    // docProps/core.xml holds the time of writing.
    const names = [...reference.keys()].filter((name) => name !== "docProps/core.xml");
    expect(names).toContain("xl/worksheets/sheet1.xml");
    expect(names.filter((name) => name.startsWith("xl/worksheets/"))).toHaveLength(4);
    for (const name of names) expect(ours.get(name), name).toBe(reference.get(name));
    // The sample is what it claims: a row of empties only is skipped, escapes and a bold totals line are there.
    const main = ours.get("xl/worksheets/sheet1.xml")!;
    expect(main).not.toContain('<row r="98"');
    expect(main).toContain("t&lt;&amp;&gt;&quot;&apos;");
    expect(main).toMatch(/<row r="1202" spans="1:7" s="\d+" customFormat="1"/);
  });

  it("ExcelJS still shows where a sheet's XML waits for the zip (the writer waits on it)", async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true });
    const sheet = workbook.addWorksheet("Sheet");
    sheet.columns = [{ header: "A", key: "a" }];
    sheet.getRow(1).commit();
    expect(zipInputOf(sheet)).toBeDefined();
  });

  it("numbers are written as String writes them, columns lettered as Excel does", () => {
    for (const n of [0, -0, 1, -1, 0.1, 1 / 3, 45244.92663194444, 1e21, 1.5e-7, -123456789.125, Number.MAX_SAFE_INTEGER]) expect(digits(n)).toBe(String(n));
    expect([1, 26, 27, 52, 702, 703, 16384].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
  });
});
