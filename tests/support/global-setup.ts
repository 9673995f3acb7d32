import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { resolveDatabaseTarget } from "../../src/server/db/database-target";
import { openRawDatabase } from "../../src/server/db/raw-database";
import { createPrismaClient } from "../../src/server/db/create-prisma-client";
import { seedCatalogue } from "../../prisma/seed/catalogue";

/**
 * On PostgreSQL, migrate the test database and load the catalogue once before any worker starts.
 * (With no DATABASE_URL each worker migrates its own in-memory PGlite.)
 */
export default async function globalSetup(): Promise<void> {
  const target = resolveDatabaseTarget();
  if (target.kind !== "postgres") return;
  const raw = await openRawDatabase(target);
  try {
    await applyMigrations(raw);
  } finally {
    await raw.close();
  }
  // The catalogue is shared reference data, like in production.
  const prisma = createPrismaClient(target);
  try {
    await seedCatalogue(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
