import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "./index";
import { CONNECT_TIMEOUT_MS, POSTGRES_SESSION_OPTIONS, logPoolError } from "./create-prisma-client";

/**
 * Plain node-postgres pools beside a Prisma client, on the same connection
 * string, for the two paths where Prisma's own cost shows:
 * - "exports": the reads that stream very many rows (the large exports,
 *   docs/exports.md#export-memory). Prisma's page reads leave short-lived
 *   garbage that V8 collects late (a 1,000,000-row export peaked over 500 MB of
 *   RSS); the same statement through `pg` keeps the heap flat.
 * - "ingest": telemetry ingestion's per-batch statements (docs/metering.md#ingestion-cost),
 *   run as prepared statements: planned once per connection, not once per batch.
 * Each purpose has its own pool, so a long export never holds the connections
 * a telemetry batch waits for.
 *
 * The connection string is remembered on the client itself (a symbol
 * property, reachable through the `db` proxy). A client without one — PGlite,
 * or an interactive transaction — has no plain pool: callers fall back to
 * Prisma.
 */
const CONNECTION_STRING = Symbol.for("portal.db.connectionString");
const globalForPools = globalThis as unknown as { __portalPlainPools?: Map<string, pg.Pool> };

export type PlainPoolPurpose = "exports" | "ingest";

/** Small pools: exports hold a connection for one page at a time, a telemetry batch for one statement. */
const POOL_SIZE: Record<PlainPoolPurpose, () => number> = {
  exports: () => Number(process.env.DATABASE_EXPORT_POOL_SIZE ?? 4),
  ingest: () => Number(process.env.DATABASE_INGEST_POOL_SIZE ?? 4),
};

export function rememberConnectionString<Client extends object>(client: Client, url: string): Client {
  Object.defineProperty(client, CONNECTION_STRING, { value: url, enumerable: false });
  return client;
}

export function plainPoolFor(client: object, purpose: PlainPoolPurpose = "exports"): pg.Pool | null {
  const url = (client as Record<symbol, unknown>)[CONNECTION_STRING];
  if (typeof url !== "string") return null;
  const pools = (globalForPools.__portalPlainPools ??= new Map());
  const key = `${purpose} ${url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: POOL_SIZE[purpose](), options: POSTGRES_SESSION_OPTIONS, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    pool.on("error", logPoolError(purpose));
    pools.set(key, pool);
  }
  return pool;
}

const statementNames = new Map<string, string>();

/**
 * A statement written with Prisma.sql, run through the plain pool of `purpose`
 * as a prepared statement named after its text (`label` + a hash: a changed
 * text is a new statement, never a clash with one a connection prepared
 * before), or through Prisma where there is no plain pool. Rows come back as
 * `pg` parses them: cast counts to int in the SQL so both paths give numbers.
 */
export async function queryPrepared<Row>(db: DbTx, purpose: PlainPoolPurpose, label: string, query: Prisma.Sql): Promise<Row[]> {
  const pool = plainPoolFor(db, purpose);
  if (!pool) return db.$queryRaw<Row[]>(query);
  const text = query.text;
  let name = statementNames.get(text);
  if (!name) {
    name = `${label}_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  const { rows } = await pool.query<Row & pg.QueryResultRow>({ name, text, values: query.values as unknown[] });
  return rows;
}

/** Closes the plain pools (scripts and benches that end their process cleanly). */
export async function closePlainPools(): Promise<void> {
  const pools = globalForPools.__portalPlainPools;
  if (!pools) return;
  globalForPools.__portalPlainPools = undefined;
  await Promise.all([...pools.values()].map((pool) => pool.end()));
}
