/**
 * The Prisma client the in-process benches hand to the code under test: the
 * same driver adapter as the app's factory, plus a query log so the slowest
 * statement of a run can be shown again under EXPLAIN ANALYZE.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "../../../src/generated/prisma/client";
import { onCleanup } from "./harness";

export interface LoggedQuery {
  query: string;
  params: string;
  durationMs: number;
}

export interface BenchPrisma {
  prisma: PrismaClient;
  /** Queries seen since the last reset, in order. */
  queries: LoggedQuery[];
  reset(): void;
}

export function benchPrisma(url: string): BenchPrisma {
  const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max }),
    log: [{ emit: "event", level: "query" }],
  });
  const state: BenchPrisma = {
    prisma,
    queries: [],
    reset() {
      state.queries.length = 0;
    },
  };
  prisma.$on("query", (event) => {
    state.queries.push({ query: event.query, params: event.params, durationMs: Number(event.duration) });
  });
  onCleanup(() => prisma.$disconnect());
  return state;
}

/** The slowest logged statement that is not transaction control or a lock. */
export function slowestStatement(queries: LoggedQuery[]): LoggedQuery | undefined {
  return queries
    .filter((entry) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SELECT pg_advisory)/i.test(entry.query))
    .sort((a, b) => b.durationMs - a.durationMs)[0];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a logged statement, run in a transaction that
 * is rolled back, so a writing statement leaves nothing behind.
 */
export async function explainAnalyze(sql: pg.Client, entry: LoggedQuery): Promise<string> {
  const params = JSON.parse(entry.params) as unknown[];
  await sql.query("BEGIN");
  try {
    const { rows } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${entry.query}`, params);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  } finally {
    await sql.query("ROLLBACK");
  }
}
