import { PGlite } from "@electric-sql/pglite";
import { setDb } from "../../src/server/db";
import { createPrismaClient } from "../../src/server/db/create-prisma-client";
import { IN_MEMORY_PGLITE, resolveDatabaseTarget } from "../../src/server/db/database-target";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { PGLITE_EXTENSIONS } from "../../src/server/db/pglite-extensions";
import type { RawDatabase } from "../../src/server/db/raw-database";
import { seedCatalogue } from "../../prisma/seed/catalogue";

const state = globalThis as unknown as { __testDbReady?: Promise<void> };

/**
 * Without DATABASE_URL, integration tests run on an in-memory PGlite made once
 * per worker and migrated with the same runner as production.
 */
async function prepareInMemoryDatabase(): Promise<void> {
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  const raw: RawDatabase = {
    target: { kind: "pglite", dataDir: IN_MEMORY_PGLITE },
    pglite,
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async (sql, params) => (await pglite.query(sql, params)).rows as never[],
    close: () => pglite.close(),
  };
  await applyMigrations(raw);
  const prisma = createPrismaClient(raw.target, pglite);
  await seedCatalogue(prisma);
  setDb(prisma);
}

if (resolveDatabaseTarget().kind === "pglite") {
  state.__testDbReady ??= prepareInMemoryDatabase();
  await state.__testDbReady;
}
