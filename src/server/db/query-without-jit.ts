import type { Prisma } from "@/generated/prisma/client";
import type { Db, DbTx } from "./index";

/**
 * Runs one raw query with PostgreSQL's JIT off for it. On the reporting and
 * metering plans JIT compiles for longer than the query runs (see the
 * benches); the setting is transaction-local, so it never leaks to other
 * work on a pooled connection. Given a transaction client, it lasts until
 * that transaction ends.
 */
export async function queryRawWithoutJit<T>(db: DbTx, query: Prisma.Sql): Promise<T> {
  const client = db as Partial<Pick<Db, "$transaction">>;
  if (typeof client.$transaction === "function") {
    const [, rows] = await (db as Db).$transaction([db.$executeRaw`SET LOCAL jit = off`, db.$queryRaw<T>(query)]);
    return rows;
  }
  await db.$executeRaw`SET LOCAL jit = off`;
  return db.$queryRaw<T>(query);
}

/**
 * Starts a serialised set-based step inside `tx`: JIT off for the rest of the
 * transaction and the step's advisory lock, in one round trip (the daily job's
 * steps are short once their data is pre-aggregated, so round trips show).
 */
export async function lockStepWithoutJit(tx: DbTx, step: string): Promise<void> {
  await lockStepWithoutJitQuery(tx, step);
}

/** The same as a query of its own, for the first entry of a batch `$transaction([...])`. */
export function lockStepWithoutJitQuery(db: DbTx, step: string) {
  return db.$queryRaw`SELECT set_config('jit', 'off', true), pg_advisory_xact_lock(hashtext(${step}))::text`;
}
