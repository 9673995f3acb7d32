/**
 * `npm run db:migrate`: applies pending migrations from prisma/migrations to the
 * portal's database (DATABASE_URL, else the embedded PGlite), without Prisma's
 * native engine.
 */
import { describeDatabaseTarget, resolveDatabaseTarget } from "../src/server/db/database-target";
import { openRawDatabase } from "../src/server/db/raw-database";
import { applyMigrations } from "../src/server/db/migrate/apply-migrations";

async function main(): Promise<void> {
  const target = resolveDatabaseTarget();
  console.log(`Migrating ${describeDatabaseTarget(target)}`);
  const db = await openRawDatabase(target);
  try {
    const applied = await applyMigrations(db, { log: (line) => console.log(`  ${line}`) });
    if (applied.length === 0) console.log("Database is up to date, no migration to apply.");
    else console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${describeError(error)}`);
  process.exitCode = 1;
});

function describeError(error: unknown): string {
  // pg rejects with an AggregateError with an empty message when every address
  // of the host refuses the connection; its code is the useful part then.
  if (error instanceof Error && error.message) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return code ? `${String(code)} (is the database running and DATABASE_URL right?)` : String(error);
}
