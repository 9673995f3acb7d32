import "server-only";
import { randomUUID } from "node:crypto";
import type { RawDatabase } from "../raw-database";
import {
  checksumMatches,
  defaultMigrationsDir,
  readLocalMigrations,
  type LocalMigration,
} from "./migrations-folder";

/**
 * Applies `prisma/migrations` without Prisma's native engine, bookkeeping in
 * `_prisma_migrations` exactly as Prisma Migrate does, so `prisma migrate
 * deploy/status` keep working against the same database where the engine exists.
 */

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  log?: (line: string) => void;
}

/**
 * The advisory-lock key Prisma Migrate itself takes: sharing it serialises this
 * runner with other instances of it *and* with a real `prisma migrate deploy`.
 */
const MIGRATE_LOCK_KEY = 72707369;

/** Prisma's table, column for column (see its sql-schema-connector). */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow extends Record<string, unknown> {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  started_at: Date | string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Applies every pending migration in order; returns the names applied. */
export async function applyMigrations(db: RawDatabase, opts: ApplyMigrationsOptions = {}): Promise<string[]> {
  const log = opts.log ?? (() => {});
  // Read the folder first: a broken folder should fail before touching the database.
  const local = await readLocalMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  return withMigrateLock(db, log, async () => {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    // Read the history only under the lock, or two runners would both see it pending.
    const pending = findPending(local, await readHistory(db), log);
    const applied: string[] = [];
    for (const migration of pending) {
      log(`Applying ${migration.name}`);
      await applyOne(db, migration);
      applied.push(migration.name);
    }
    return applied;
  });
}

async function withMigrateLock<T>(db: RawDatabase, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  // On PGlite (one connection) the lock is never contended but costs nothing.
  const [attempt] = await db.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
    MIGRATE_LOCK_KEY,
  ]);
  if (!attempt?.locked) {
    log("Another migration run holds the lock; waiting for it to finish…");
    await db.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
  }
  try {
    return await work();
  } finally {
    // A lost connection cannot unlock, but then the server has released it already.
    await db.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]).catch(() => {});
  }
}

async function readHistory(db: RawDatabase): Promise<MigrationRow[]> {
  return db.query<MigrationRow>(
    `SELECT id, checksum, migration_name, finished_at, rolled_back_at, started_at
       FROM "_prisma_migrations"
      ORDER BY started_at, migration_name`,
  );
}

/**
 * The local migrations not yet applied, after the checks Prisma makes before
 * `migrate deploy`: no unresolved failure, no edited migration.
 */
function findPending(local: LocalMigration[], history: MigrationRow[], log: (line: string) => void): LocalMigration[] {
  // Rolled-back rows are history only: Prisma ignores them for every purpose.
  const live = history.filter((row) => row.rolled_back_at === null);
  assertNoFailedMigration(live);
  const applied = new Map(live.map((row) => [row.migration_name, row]));
  assertUnchanged(local, applied);
  warnAboutUnknown(local, applied, log);
  return local.filter((migration) => !applied.has(migration.name));
}

function assertNoFailedMigration(live: MigrationRow[]): void {
  const failed = live.find((row) => row.finished_at === null);
  if (!failed) return;
  throw new MigrationError(
    `Migration ${failed.migration_name} started at ${formatTime(failed.started_at)} failed and was never resolved ` +
      `(finished_at and rolled_back_at are both empty in _prisma_migrations, id ${failed.id}). ` +
      `Check what it left behind, fix the database by hand, then mark it rolled back ` +
      `(\`prisma migrate resolve --rolled-back ${failed.migration_name}\`, or ` +
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${failed.id}') and run again.`,
  );
}

function assertUnchanged(local: LocalMigration[], applied: Map<string, MigrationRow>): void {
  const edited = local.filter((migration) => {
    const row = applied.get(migration.name);
    return row !== undefined && !checksumMatches(migration.script, row.checksum);
  });
  if (edited.length === 0) return;
  throw new MigrationError(
    `Migration file(s) changed after being applied: ${edited.map((m) => m.name).join(", ")}. ` +
      `An applied migration must never be edited; restore the original file and put the change ` +
      `in a new migration (npm run db:migration -- <name>).`,
  );
}

function warnAboutUnknown(local: LocalMigration[], applied: Map<string, MigrationRow>, log: (line: string) => void) {
  const known = new Set(local.map((migration) => migration.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) log(`Warning: ${name} is applied to the database but missing from the migrations folder`);
  }
}

/**
 * One migration, one transaction: the script runs as a single query (never split
 * on `;`, which would break `$$` bodies) together with its bookkeeping row, so a
 * failure leaves neither half-applied DDL nor a "failed" row behind.
 */
async function applyOne(db: RawDatabase, migration: LocalMigration): Promise<void> {
  // Prisma's ids are random UUIDs too.
  const id = randomUUID();
  await db.exec("BEGIN");
  try {
    // clock_timestamp(), not now(): now() is frozen at BEGIN for the whole transaction.
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await db.exec(migration.script);
    await db.query(
      `UPDATE "_prisma_migrations"
          SET finished_at = clock_timestamp(), applied_steps_count = 1
        WHERE id = $1`,
      [id],
    );
    await db.exec("COMMIT");
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => {});
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back, nothing of it was applied: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

function formatTime(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
