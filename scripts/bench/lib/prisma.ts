/**
 * The Prisma client the in-process benches hand to the code under test: the
 * same driver adapter as the app's factory (adapter-pg, DATABASE_POOL_SIZE),
 * wrapped so every statement is recorded with its arguments and duration —
 * including the ones that fail or time out — and the slowest can be shown
 * again under EXPLAIN.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaClient } from "../../../src/generated/prisma/client";
import { POSTGRES_SESSION_OPTIONS } from "../../../src/server/db/create-prisma-client";
import { closePlainPools, rememberConnectionString } from "../../../src/server/db/plain-pool";
import { onCleanup } from "./harness";

export interface LoggedQuery {
  sql: string;
  args: unknown[];
  durationMs: number;
  failed: boolean;
}

export interface BenchPrisma {
  prisma: PrismaClient;
  /** Statements since the last reset, in completion order. */
  queries: LoggedQuery[];
  reset(): void;
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

function recording<T extends Queryable>(target: T, log: LoggedQuery[], wrapTransactions: boolean): T {
  const timedCall = async <R>(query: SqlQuery, run: () => Promise<R>): Promise<R> => {
    const started = performance.now();
    let failed = true;
    try {
      const result = await run();
      failed = false;
      return result;
    } finally {
      log.push({ sql: query.sql, args: query.args, durationMs: performance.now() - started, failed });
    }
  };
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: SqlQuery) => timedCall(query, () => value.call(object, query));
      }
      if (property === "startTransaction" && wrapTransactions) {
        return async (...args: unknown[]) => recording((await value.apply(object, args)) as Transaction, log, false);
      }
      return value.bind(object);
    },
  });
}

/**
 * `statementTimeoutMs` caps each statement (server-side statement_timeout), so
 * a pathological plan ends the run with a figure instead of hanging it.
 */
export function benchPrisma(url: string, options: { statementTimeoutMs?: number } = {}): BenchPrisma {
  const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  const sessionOptions = [POSTGRES_SESSION_OPTIONS];
  if (options.statementTimeoutMs) sessionOptions.push(`-c statement_timeout=${Math.round(options.statementTimeoutMs)}`);
  // The app's session settings (JIT off), plus the cap.
  const inner = new PrismaPg({ connectionString: url, max, options: sessionOptions.join(" ") });
  const queries: LoggedQuery[] = [];
  const factory: SqlDriverAdapterFactory = new Proxy(inner, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === "connect") return async () => recording(await inner.connect(), queries, true);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
  // As the app's factory does: the large exports read through a plain pg pool on this database.
  const prisma = rememberConnectionString(new PrismaClient({ adapter: factory }), url);
  onCleanup(() => closePlainPools());
  onCleanup(() => prisma.$disconnect());
  return {
    prisma,
    queries,
    reset() {
      queries.length = 0;
    },
  };
}

/** The slowest recorded statement that is not transaction control or a lock. */
export function slowestStatement(queries: LoggedQuery[]): LoggedQuery | undefined {
  return queries
    .filter((entry) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SET|SELECT pg_advisory)/i.test(entry.sql))
    .sort((a, b) => b.durationMs - a.durationMs)[0];
}

export function isStatementTimeout(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return text.includes("57014");
}

/**
 * EXPLAIN of a recorded statement — with ANALYZE and BUFFERS unless `analyze`
 * is false (for statements too slow to run again) — inside a transaction that
 * is rolled back, so a writing statement leaves nothing behind.
 */
export async function explainStatement(sql: pg.Client, entry: LoggedQuery, analyze = true): Promise<string> {
  await sql.query("BEGIN");
  try {
    const { rows } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN ${analyze ? "(ANALYZE, BUFFERS) " : ""}${entry.sql}`, entry.args);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await sql.query("ROLLBACK");
  }
}
