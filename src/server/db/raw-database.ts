import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { IN_MEMORY_PGLITE, type DatabaseTarget } from "./database-target";
import { PGLITE_EXTENSIONS } from "./pglite-extensions";
import { logPoolError } from "./create-prisma-client";

/**
 * A plain SQL connection, below Prisma: used by the migration runner and by the
 * Prisma client factory so both share one PGlite instance (PGlite allows one
 * process, one instance per data directory).
 */
export interface RawDatabase {
  readonly target: DatabaseTarget;
  /** Runs a script of one or more statements as a single simple query. */
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** Present for PGlite targets: the instance the Prisma adapter must reuse. */
  readonly pglite?: PGlite;
}

export async function openRawDatabase(target: DatabaseTarget): Promise<RawDatabase> {
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    // A server restart mid-migration must fail the run, not crash the process with an unhandled 'error'.
    client.on("error", logPoolError("migrations"));
    await client.connect();
    return {
      target,
      async exec(sql) {
        await client.query(sql);
      },
      async query(sql, params) {
        const result = await client.query(sql, params);
        return result.rows;
      },
      close: () => client.end(),
    };
  }
  const pglite = await openPglite(target.dataDir);
  return {
    target,
    pglite,
    async exec(sql) {
      await pglite.exec(sql);
    },
    async query(sql, params) {
      const result = await pglite.query(sql, params);
      return result.rows as never[];
    },
    close: () => pglite.close(),
  };
}

export async function openPglite(dataDir: string): Promise<PGlite> {
  if (dataDir === IN_MEMORY_PGLITE) return PGlite.create({ extensions: PGLITE_EXTENSIONS });
  mkdirSync(dataDir, { recursive: true });
  return PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
}
