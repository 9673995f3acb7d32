import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IN_MEMORY_PGLITE } from "../../../src/server/db/database-target";
import { openRawDatabase } from "../../../src/server/db/raw-database";
import { applyMigrations } from "../../../src/server/db/migrate/apply-migrations";
import {
  listMigrationNames,
  MIGRATION_FILE,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  sha256Hex,
} from "../../../src/server/db/migrate/migrations-folder";
import { diffMigrationsToSchema, isEmptyMigrationScript } from "../../../src/server/db/migrate/schema-diff";

// Relative to this file, so the test does not depend on where vitest is started.
const PRISMA_DIR = fileURLToPath(new URL("../../../prisma/", import.meta.url));
const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
// PGlite and the WASM engine each take a few seconds to start.
const SLOW = 120_000; // WASM engine + in-memory PGlite: seconds on an idle machine, more under load.

interface HistoryRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

describe("prisma/migrations", () => {
  it("is a Prisma Migrate folder for PostgreSQL", async () => {
    expect(await listMigrationNames(MIGRATIONS_DIR)).not.toHaveLength(0);
    expect(await readFile(path.join(MIGRATIONS_DIR, MIGRATION_LOCK_FILE), "utf8")).toBe(MIGRATION_LOCK_CONTENT);
  });

  it(
    "matches schema.prisma (else: npm run db:migration -- <name>)",
    async () => {
      const sql = await diffMigrationsToSchema({ migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_PATH });
      // Comparing the statements themselves shows the missing SQL when this fails.
      expect(isEmptyMigrationScript(sql) ? "" : sql).toBe("");
    },
    SLOW,
  );

  it(
    "applies in order, records Prisma's checksums, and re-applies nothing",
    async () => {
      const names = await listMigrationNames(MIGRATIONS_DIR);
      const db = await openRawDatabase({ kind: "pglite", dataDir: IN_MEMORY_PGLITE });
      try {
        expect(await applyMigrations(db, { migrationsDir: MIGRATIONS_DIR })).toEqual(names);

        const rows = await db.query<HistoryRow>(
          `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
             FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        const expected = await Promise.all(names.map(expectedRow));
        expect(rows).toEqual(expected);

        expect(await applyMigrations(db, { migrationsDir: MIGRATIONS_DIR })).toEqual([]);
      } finally {
        await db.close();
      }
    },
    SLOW,
  );
});

async function expectedRow(name: string) {
  const bytes = await readFile(path.join(MIGRATIONS_DIR, name, MIGRATION_FILE));
  return {
    migration_name: name,
    checksum: sha256Hex(bytes),
    finished_at: expect.any(Date),
    rolled_back_at: null,
    applied_steps_count: 1,
  };
}
