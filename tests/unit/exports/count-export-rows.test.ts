import { describe, expect, it } from "vitest";
import { countedRows, readAhead, rowsOfKnownCount } from "@/lib/counted-rows";
import { countExportRows, openTableExport, workbookSheet, type TableExportOptions } from "@/server/exports/table-export";

interface Numbered {
  n: number;
}

/** Rows 1..count, noting how many were pulled from the source. */
function source(count: number) {
  const pulled = { rows: 0 };
  async function* rows(): AsyncGenerator<Numbered> {
    for (let n = 1; n <= count; n++) {
      pulled.rows = n;
      yield { n };
    }
  }
  return { rows: rows(), pulled };
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const columns = [{ header: "N", type: "integer" as const, value: (row: Numbered) => row.n }];
const table = (rows: AsyncIterable<Numbered>, more: AsyncIterable<Numbered>[] = [], format: "csv" | "xlsx" = "xlsx"): TableExportOptions<Numbered> => ({
  format,
  filename: "numbers",
  sheetName: "Numbers",
  columns,
  rows,
  moreSheets: more.map((rows, index) => workbookSheet({ sheetName: `More ${index}`, columns, rows })),
});

describe("rows read ahead (docs/exports.md#export-jobs)", () => {
  it("counts up to the cap, reading no further, and then yields every row once, in order", async () => {
    const { rows, pulled } = source(25);
    const ahead = readAhead(rows);
    expect(await ahead.countAhead(10)).toBe(10);
    expect(pulled.rows).toBe(10);
    // Counting again reads nothing new.
    expect(await ahead.countAhead(10)).toBe(10);
    expect(pulled.rows).toBe(10);
    expect((await all(ahead)).map((row) => row.n)).toEqual(Array.from({ length: 25 }, (_, n) => n + 1));
  });

  it("a list shorter than the cap is counted exactly and yielded as read", async () => {
    const ahead = readAhead(source(3).rows);
    expect(await ahead.countAhead(10)).toBe(3);
    expect((await all(ahead)).map((row) => row.n)).toEqual([1, 2, 3]);
    expect(await all(readAhead(source(0).rows))).toEqual([]);
  });

  it("a file's bytes are the same whether its rows were read ahead or not", async () => {
    const bytes = async (rows: AsyncIterable<Numbered>) => {
      const { chunks } = await openTableExport(table(rows, [], "csv"));
      const parts: Uint8Array[] = [];
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) parts.push(next.value);
      return Buffer.concat(parts);
    };
    const ahead = readAhead(source(1200).rows);
    await ahead.countAhead(700);
    expect((await bytes(ahead)).equals(await bytes(source(1200).rows))).toBe(true);
  });
});

describe("countExportRows", () => {
  it("counts every sheet of an Excel file, each only up to what is left of the cap", async () => {
    const detail = source(50);
    const options = table(rowsOfKnownCount(source(4).rows, 4), [readAhead(detail.rows)]);
    expect(await countExportRows(options, 11)).toBe(11);
    expect(detail.pulled.rows).toBe(7);
    expect(await countExportRows(table(rowsOfKnownCount(source(4).rows, 4), [readAhead(source(5).rows)]), 100)).toBe(9);
  });

  it("a CSV holds the main table only: other sheets neither count nor are read", async () => {
    const detail = source(50);
    expect(await countExportRows(table(rowsOfKnownCount(source(4).rows, 4), [readAhead(detail.rows)], "csv"), 11)).toBe(4);
    expect(detail.pulled.rows).toBe(0);
  });

  it("without a cap only rows with a count of their own are counted; rows that cannot be counted give no count", async () => {
    expect(await countExportRows(table(countedRows(source(3).rows, async () => 3), [rowsOfKnownCount(source(2).rows, 2)]))).toBe(5);
    expect(await countExportRows(table(countedRows(source(3).rows, async () => 3), [readAhead(source(2).rows)]))).toBeNull();
    expect(await countExportRows(table(source(3).rows), 10)).toBeNull();
  });

  it("a known count answers within the cap", async () => {
    const rows = rowsOfKnownCount(source(30).rows, 30);
    expect(await rows.count(11)).toBe(11);
    expect(await rows.count()).toBe(30);
  });
});
