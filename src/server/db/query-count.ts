import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Per-request query counting (docs/performance.md#query-count): every statement
 * the Prisma client sends through its driver adapter — model queries, raw SQL,
 * statements inside interactive transactions — adds one to the tally of the
 * request it runs for, with its time. Only wired in when counting is on
 * (`queryCountEnabled`), so a production server pays nothing for it.
 */
export interface QueryTally {
  queries: number;
  /** Sum of the statements' durations (concurrent statements add up). */
  ms: number;
  /** The longest statement so far, with its arguments (for EXPLAIN). */
  slowest?: { sql: string; args: unknown[]; ms: number };
  /** Every statement, when asked for (LOG_QUERY_EACH=1): when it started after `since`, its time and its text. */
  each?: { since: number; statements: { at: number; ms: number; sql: string }[] };
}

/** Counting is on in `next dev` and wherever LOG_QUERY_COUNT=1 (the benches' servers). */
export function queryCountEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_QUERY_COUNT === "1" || (env.NODE_ENV === "development" && env.LOG_QUERY_COUNT !== "0");
}

/** Finds the tally of the work the current statement belongs to, if any. */
export type TallyLookup = () => QueryTally | undefined;

const explicitScope = new AsyncLocalStorage<QueryTally>();

/**
 * Runs `work` with a tally of its own (scripts, tests): statements it runs are
 * counted there, whatever request lookup the client was built with.
 */
export async function withQueryTally<T>(work: () => Promise<T>): Promise<{ tally: QueryTally; result: T }> {
  const tally: QueryTally = { queries: 0, ms: 0 };
  // Awaited inside the scope: a Prisma query is lazy and runs where it is awaited.
  const result = await explicitScope.run(tally, async () => await work());
  return { tally, result };
}

/** The tally of an enclosing `withQueryTally`, else the one `fallback` finds. */
export function scopedTally(fallback: TallyLookup = () => undefined): TallyLookup {
  return () => explicitScope.getStore() ?? fallback();
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

function counting<T extends Queryable>(target: T, lookup: TallyLookup, wrapTransactions: boolean): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return async (query: SqlQuery) => {
          // Looked up before the first await: the caller's async context is the request's.
          const tally = lookup();
          if (!tally) return value.call(object, query);
          const started = performance.now();
          try {
            return await value.call(object, query);
          } finally {
            const ms = performance.now() - started;
            tally.queries += 1;
            tally.ms += ms;
            tally.each?.statements.push({ at: started - tally.each.since, ms, sql: query.sql });
            if (!tally.slowest || ms > tally.slowest.ms) tally.slowest = { sql: query.sql, args: query.args, ms };
          }
        };
      }
      if (property === "startTransaction" && wrapTransactions) {
        return async (...args: unknown[]) => counting((await value.apply(object, args)) as Transaction, lookup, false);
      }
      return value.bind(object);
    },
  });
}

/** The factory, with every adapter (and transaction) it opens counting into `lookup()`'s tally. */
export function countingAdapterFactory(factory: SqlDriverAdapterFactory, lookup: TallyLookup): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === "connect") return async () => counting(await factory.connect(), lookup, true);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** `[db] GET /a/…/devices · 7 queries · 41 ms` — the line the benches parse. */
export function queryCountLine(label: string, tally: QueryTally): string {
  return `[db] ${label} · ${tally.queries} ${tally.queries === 1 ? "query" : "queries"} · ${Math.round(tally.ms)} ms`;
}

/**
 * `[db slowest] 230 ms {"sql":…,"args":[…]}` — printed after the count line
 * with LOG_QUERY_SLOWEST=1 (bench:pages runs it under EXPLAIN).
 */
export function slowestStatementLine(label: string, tally: QueryTally): string | null {
  if (!tally.slowest) return null;
  const args = tally.slowest.args.map((arg) => (typeof arg === "bigint" ? arg.toString() : arg));
  return `[db slowest] ${label} · ${Math.round(tally.slowest.ms)} ms · ${JSON.stringify({ sql: tally.slowest.sql, args })}`;
}

/**
 * `[db each] GET /a/… · +12 ms · 230 ms · WITH acc AS (…` — a line per statement, in the order they
 * ended, printed after the count line with LOG_QUERY_EACH=1 (bench:pages BENCH_QUERY_LOG=1): where a
 * page's server time goes, statement by statement (`+` = when it started, after the first one).
 */
export function eachStatementLines(label: string, tally: QueryTally, width = 160): string[] {
  return (tally.each?.statements ?? []).map(
    (statement) => `[db each] ${label} · +${Math.round(statement.at)} ms · ${Math.round(statement.ms)} ms · ${statement.sql.replace(/\s+/g, " ").trim().slice(0, width)}`,
  );
}

const LINE_PATTERN = /^\[db\] (\S+) (\S+)(?: (\d{3}))? · (\d+) quer(?:y|ies) · (\d+) ms$/;

/** Reads a line printed by `queryCountLine` back (method, path with query string, figures). */
export function parseQueryCountLine(line: string): { method: string; url: string; status?: number; queries: number; ms: number } | null {
  const match = LINE_PATTERN.exec(line.trim());
  if (!match) return null;
  return {
    method: match[1]!,
    url: match[2]!,
    status: match[3] ? Number(match[3]) : undefined,
    queries: Number(match[4]),
    ms: Number(match[5]),
  };
}
