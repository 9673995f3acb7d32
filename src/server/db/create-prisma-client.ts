import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { IN_MEMORY_PGLITE, resolveDatabaseTarget, type DatabaseTarget } from "./database-target";
import { PGLITE_EXTENSIONS } from "./pglite-extensions";
import { countingAdapterFactory, queryCountEnabled, scopedTally } from "./query-count";
import { requestTally } from "./request-query-count";
import { rememberConnectionString } from "./plain-pool";

/**
 * Session settings of every connection. JIT off: on the portal's reporting and
 * metering plans PostgreSQL's JIT compiles for longer than the queries run
 * (hundreds of ms against tens, see the benches), and set per session it costs
 * no round trip, so single statements need no transaction around them.
 * work_mem 32 MB: the live package report of an 8,000-device customer sorts
 * ~45,000 seat facts; at PostgreSQL's default 4 MB those sorts spilled to disk
 * (external merge) and took most of its time. A sort or hash takes at most
 * this much per node, so a pool of 10 connections stays far below the server's
 * memory (docs/performance.md#session-settings).
 */
export const POSTGRES_SESSION_OPTIONS = "-c jit=off -c work_mem=32MB";

/**
 * How long a request waits for a new connection before giving up (an error, so a
 * 503): node-postgres waits for ever by default, so an unreachable server would
 * hold every request open instead of answering "try again" (docs/deploying.md#faults).
 */
export const CONNECT_TIMEOUT_MS = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5000);

/**
 * A pool's 'error' event: an idle connection the server closed (a restart ends every
 * session with 57P01). node-postgres drops that connection and opens a new one on the
 * next query, so this only logs; unhandled, the event would end the process.
 */
export function logPoolError(pool: string): (error: Error) => void {
  return (error) => console.warn(`database connection lost (${pool} pool): ${(error as { code?: string }).code ?? ""} ${error.message}`);
}

/**
 * Builds a Prisma client on the right driver adapter. For PGlite, pass the
 * instance already opened by the caller (migrations and seed share it), or
 * one is created on the data directory.
 */
export function createPrismaClient(
  target: DatabaseTarget = resolveDatabaseTarget(),
  pglite?: PGlite,
): PrismaClient {
  if (target.kind === "postgres") {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const adapter = new PrismaPg(
      { connectionString: target.url, max, options: POSTGRES_SESSION_OPTIONS, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      { onPoolError: logPoolError("prisma"), onConnectionError: logPoolError("prisma transaction") },
    );
    const client = new PrismaClient({ adapter: withQueryCount(adapter) });
    // The large exports read through a plain pg pool on the same database (plain-pool.ts).
    return rememberConnectionString(client, target.url);
  }
  const instance =
    pglite ??
    (target.dataDir === IN_MEMORY_PGLITE
      ? new PGlite({ extensions: PGLITE_EXTENSIONS })
      : new PGlite(target.dataDir, { extensions: PGLITE_EXTENSIONS }));
  return new PrismaClient({ adapter: withQueryCount(new PrismaPGlite(instance)) });
}

/**
 * In `next dev` and with LOG_QUERY_COUNT=1, every statement counts into its
 * request's tally (docs/performance.md#query-count); otherwise the adapter is
 * returned untouched, so counting costs nothing when it is off.
 */
function withQueryCount(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return queryCountEnabled() ? countingAdapterFactory(factory, scopedTally(() => requestTally())) : factory;
}
