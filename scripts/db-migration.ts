/**
 * `npm run db:migration -- <name>`: writes the next migration, i.e. the SQL that
 * takes a database built from prisma/migrations to prisma/schema.prisma, in
 * Prisma Migrate's layout. Stands in for `prisma migrate dev --create-only`,
 * which needs the native engine. Never touches the portal's database.
 */
import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  listMigrationNames,
  MIGRATION_FILE,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
} from "../src/server/db/migrate/migrations-folder";
import { diffMigrationsToSchema, isEmptyMigrationScript } from "../src/server/db/migrate/schema-diff";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");
/** Leaves room for the timestamp within `migration_name varchar(255)`. */
const MAX_NAME_LENGTH = 200;

class UsageError extends Error {}

async function main(): Promise<void> {
  const name = parseName(process.argv.slice(2));
  const script = await diffMigrationsToSchema({ migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_PATH });
  if (isEmptyMigrationScript(script)) {
    console.log("No schema changes: prisma/migrations already matches prisma/schema.prisma.");
    return;
  }
  const file = await writeMigration(`${utcTimestamp(new Date())}_${name}`, script);
  await writeLockFileIfMissing();
  console.log(`Created ${path.relative(process.cwd(), file)}`);
  console.log("Review it, then apply it with `npm run db:migrate`.");
}

/** Accepts snake_case, kebab-case, spaces or camelCase; returns snake_case. */
function parseName(args: string[]): string {
  if (args.length !== 1 || !args[0]?.trim()) {
    throw new UsageError("Usage: npm run db:migration -- <name>   (e.g. add_invoices)");
  }
  const name = args[0]
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[-\s]+/g, "_");
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(name)) {
    throw new UsageError(`Invalid migration name "${args[0]}": use letters, digits, "_" or "-" (e.g. add_invoices)`);
  }
  if (name.length > MAX_NAME_LENGTH) throw new UsageError(`Migration name longer than ${MAX_NAME_LENGTH} characters`);
  return name;
}

/** `YYYYMMDDHHMMSS` in UTC, the prefix Prisma gives migration folders. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function writeMigration(folderName: string, script: string): Promise<string> {
  await assertSortsLast(folderName);
  const dir = path.join(MIGRATIONS_DIR, folderName);
  // recursive: false so an existing folder (same second, same name) is an error, not an overwrite.
  await mkdir(MIGRATIONS_DIR, { recursive: true });
  await mkdir(dir);
  const file = path.join(dir, MIGRATION_FILE);
  await writeFile(file, script, { encoding: "utf8", flag: "wx" });
  return file;
}

/** Migrations apply in name order: a new one sorting earlier (clock skew) would run out of order. */
async function assertSortsLast(folderName: string): Promise<void> {
  const latest = (await listMigrationNames(MIGRATIONS_DIR)).at(-1);
  if (latest !== undefined && latest >= folderName) {
    throw new Error(`New migration ${folderName} would not sort after the latest one, ${latest}; check the clock.`);
  }
}

async function writeLockFileIfMissing(): Promise<void> {
  const file = path.join(MIGRATIONS_DIR, MIGRATION_LOCK_FILE);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) await writeFile(file, MIGRATION_LOCK_CONTENT, "utf8");
}

main().catch((error: unknown) => {
  console.error(`db:migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
