/**
 * Rows an export reads page by page that can also be counted, so the export
 * decides between a direct download and a background job with a capped count
 * (`LIMIT cap`) instead of counting everything first (docs/exports.md#export-jobs).
 */
export interface CountedRows<Row> extends AsyncIterable<Row> {
  /** How many rows there are, counted up to `cap` when given: never more than `cap` are read. */
  count(cap?: number): Promise<number>;
}

export function countedRows<Row>(rows: AsyncIterable<Row>, count: (cap?: number) => Promise<number>): CountedRows<Row> {
  return { [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator](), count };
}

export function isCountedRows<Row>(rows: AsyncIterable<Row>): rows is CountedRows<Row> {
  return typeof (rows as Partial<CountedRows<Row>>).count === "function";
}

/** Rows whose number is already known (a report held in memory): counting them reads nothing. */
export function rowsOfKnownCount<Row>(rows: AsyncIterable<Row>, total: number): CountedRows<Row> {
  return countedRows(rows, async (cap) => (cap === undefined ? total : Math.min(total, cap)));
}

/**
 * Rows with no count query of their own (each page recomputes its source):
 * they are counted by reading up to `cap` of them ahead, kept, and then
 * yielded as if never read — so a small export reads its rows once, and a
 * large one stops after `cap`. Only a capped count: the whole list is never
 * held (docs/exports.md#export-jobs).
 */
export interface RowsReadAhead<Row> extends AsyncIterable<Row> {
  countAhead(cap: number): Promise<number>;
}

export function readAhead<Row>(rows: AsyncIterable<Row>): RowsReadAhead<Row> {
  const source = rows[Symbol.asyncIterator]();
  const kept: Row[] = [];
  let ended = false;
  let next = 0;
  const iterator: AsyncIterator<Row> = {
    next: async () => {
      if (next < kept.length) {
        const value = kept[next]!;
        // Let go of what was yielded: the kept rows are read once.
        kept[next++] = undefined as Row;
        if (next === kept.length) kept.length = next = 0;
        return { done: false, value };
      }
      if (ended) return { done: true, value: undefined };
      return source.next();
    },
    return: async () => {
      kept.length = next = 0;
      ended = true;
      return (await source.return?.()) ?? { done: true, value: undefined };
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    countAhead: async (cap) => {
      while (kept.length - next < cap && !ended) {
        const result = await source.next();
        if (result.done) ended = true;
        else kept.push(result.value);
      }
      return Math.min(kept.length - next, cap);
    },
  };
}

export function isReadAhead<Row>(rows: AsyncIterable<Row>): rows is RowsReadAhead<Row> {
  return typeof (rows as Partial<RowsReadAhead<Row>>).countAhead === "function";
}

/**
 * Each row turned into another, lazily, keeping what the rows can be counted
 * by (the cells of a sheet are counted as its rows are).
 */
export function mapRows<Row, Out>(rows: AsyncIterable<Row>, map: (row: Row) => Out): AsyncIterable<Out> {
  async function* mapped(): AsyncGenerator<Out> {
    for await (const row of rows) yield map(row);
  }
  const out = mapped();
  if (isCountedRows(rows)) return countedRows(out, (cap) => rows.count(cap));
  if (isReadAhead(rows)) {
    const ahead: RowsReadAhead<Out> = { [Symbol.asyncIterator]: () => out[Symbol.asyncIterator](), countAhead: (cap) => rows.countAhead(cap) };
    return ahead;
  }
  return out;
}

/** A value computed once, on first use (a query built once for both the rows and their count). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
