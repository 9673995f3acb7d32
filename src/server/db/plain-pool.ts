import "server-only";
import pg from "pg";
import { POSTGRES_SESSION_OPTIONS } from "./create-prisma-client";

/**
 * A plain node-postgres pool beside a Prisma client, on the same connection
 * string, for the few reads that stream very many rows (the large exports,
 * docs/exports.md#export-memory). Prisma's page reads leave short-lived
 * garbage that V8 collects late (a 1,000,000-row export peaked over 500 MB of
 * RSS); the same statement through `pg` keeps the heap flat.
 *
 * The connection string is remembered on the client itself (a symbol
 * property, reachable through the `db` proxy). A client without one — PGlite,
 * or an interactive transaction — has no plain pool: callers fall back to
 * Prisma.
 */
const CONNECTION_STRING = Symbol.for("portal.db.connectionString");
const globalForPools = globalThis as unknown as { __portalPlainPools?: Map<string, pg.Pool> };

export function rememberConnectionString<Client extends object>(client: Client, url: string): Client {
  Object.defineProperty(client, CONNECTION_STRING, { value: url, enumerable: false });
  return client;
}

export function plainPoolFor(client: object): pg.Pool | null {
  const url = (client as Record<symbol, unknown>)[CONNECTION_STRING];
  if (typeof url !== "string") return null;
  const pools = (globalForPools.__portalPlainPools ??= new Map());
  let pool = pools.get(url);
  if (!pool) {
    // Small: only exports use it, and each holds a connection for one page at a time.
    pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_EXPORT_POOL_SIZE ?? 4), options: POSTGRES_SESSION_OPTIONS });
    pool.on("error", (error: Error) => console.error("plain pg pool", error));
    pools.set(url, pool);
  }
  return pool;
}

/** Closes the plain pools (scripts and benches that end their process cleanly). */
export async function closePlainPools(): Promise<void> {
  const pools = globalForPools.__portalPlainPools;
  if (!pools) return;
  globalForPools.__portalPlainPools = undefined;
  await Promise.all([...pools.values()].map((pool) => pool.end()));
}
