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

/** A value computed once, on first use (a query built once for both the rows and their count). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
