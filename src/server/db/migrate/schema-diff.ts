import "server-only";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  DiffTarget,
  MigrationDirectory,
  MigrationList,
  SchemaContainer,
  SchemaEngine,
} from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  listMigrationNames,
  MIGRATION_FILE,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
} from "./migrations-folder";
import { loadSchemaEngine, takeLastPanicMessage } from "./schema-engine-wasm";
import { PGLITE_EXTENSIONS } from "../pglite-extensions";

/**
 * Schema diffs with Prisma's WASM schema engine, so `db:migration` works where the
 * native engine cannot be downloaded. Every database the engine touches here is a
 * throwaway in-memory PGlite: diffing never connects to the portal's database.
 */

export interface DiffMigrationsOptions {
  /** Folder holding `<timestamp>_<name>/migration.sql` (may not exist yet). */
  migrationsDir: string;
  /** `schema.prisma`, or a folder of `.prisma` files (multi-file schema). */
  schemaPath: string;
}

/**
 * The SQL that takes a database built from the migrations folder to the datamodel.
 * Empty (or comments only, see `isEmptyMigrationScript`) when the two agree.
 */
export async function diffMigrationsToSchema(options: DiffMigrationsOptions): Promise<string> {
  const [migrations, schemaFiles] = await Promise.all([
    listMigrations(options.migrationsDir),
    readSchemaFiles(options.schemaPath),
  ]);
  return diff({ tag: "migrations", ...migrations }, { tag: "schemaDatamodel", files: schemaFiles });
}

/** The SQL that creates the datamodel in an empty database. */
export async function diffEmptyToSchema(schemaPath: string): Promise<string> {
  const files = await readSchemaFiles(schemaPath);
  return diff({ tag: "empty" }, { tag: "schemaDatamodel", files });
}

/** True when a script has no statements, only comments and blank lines. */
export function isEmptyMigrationScript(sql: string): boolean {
  const withoutComments = sql.replace(/\/\*[\s\S]*?\*\//g, "").replace(/--[^\n]*/g, "");
  return withoutComments.trim() === "";
}

/** The migrations folder in the shape the engine expects (as Prisma's CLI builds it). */
export async function listMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  // The engine needs the lock file to pick its connector, even for an empty folder;
  // the project is PostgreSQL-only, so a missing one means the file not written yet.
  const lockContent = await readFile(path.join(baseDir, MIGRATION_LOCK_FILE), "utf8").catch(
    () => MIGRATION_LOCK_CONTENT,
  );
  const names = await listMigrationNames(baseDir);
  const migrationDirectories = await Promise.all(names.map((name) => readMigrationDirectory(baseDir, name)));
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

async function readMigrationDirectory(baseDir: string, name: string): Promise<MigrationDirectory> {
  const content = await readFile(path.join(baseDir, name, MIGRATION_FILE), "utf8").then(
    (value) => ({ tag: "ok" as const, value }),
    (error: unknown) => ({ tag: "error" as const, value: String(error) }),
  );
  return { path: name, migrationFile: { path: MIGRATION_FILE, content } };
}

export async function readSchemaFiles(schemaPath: string): Promise<SchemaContainer[]> {
  const absolute = path.resolve(schemaPath);
  const paths = (await stat(absolute)).isDirectory() ? await findPrismaFiles(absolute) : [absolute];
  if (paths.length === 0) throw new Error(`No .prisma files in ${schemaPath}`);
  return Promise.all(paths.map(async (file) => ({ path: file, content: await readFile(file, "utf8") })));
}

async function findPrismaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".prisma"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function diff(from: DiffTarget, to: DiffTarget): Promise<string> {
  return withSchemaEngine(async (engine) => {
    const result = await engine.diff({
      from,
      to,
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}

/**
 * Runs `work` with an engine whose database and shadow database are fresh
 * in-memory PGlite instances, and releases all of them afterwards.
 */
export async function withSchemaEngine<T>(work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const databases = new ThrowawayDatabases();
  let engine: SchemaEngine | undefined;
  let errorRegistry: ErrorRegistry | undefined;
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(await databases.adapterFactory());
    errorRegistry = factory.errorRegistry;
    engine = await SchemaEngineClass.new({ datamodels: undefined }, logEngineLine, factory);
    return await work(engine);
  } catch (error) {
    throw describeEngineError(error, errorRegistry);
  } finally {
    freeQuietly(engine);
    await databases.closeAll();
  }
}

function freeQuietly(engine: SchemaEngine | undefined): void {
  try {
    engine?.free();
  } catch {
    // After a panic the instance refuses to free; the error that matters is already thrown.
  }
}

/**
 * PGlite's own Prisma adapter opens a shadow database it never closes; this
 * factory opens them itself so they can be closed when the engine is done.
 */
class ThrowawayDatabases {
  private readonly open: PGlite[] = [];

  async adapterFactory(): Promise<SqlMigrationAwareDriverAdapterFactory> {
    // The engine probes this "main" database at start-up; it never holds data.
    const main = await this.create();
    const factory = new PrismaPGlite(main);
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => connectAwaitingScripts(main),
      connectToShadowDb: async () => connectAwaitingScripts(await this.create()),
    };
  }

  async closeAll(): Promise<void> {
    const databases = this.open.splice(0);
    await Promise.allSettled(databases.map((db) => db.close()));
  }

  private async create(): Promise<PGlite> {
    const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    this.open.push(db);
    return db;
  }
}

/**
 * pglite-prisma-adapter 0.7.2 starts `executeScript` without awaiting it: a
 * migration that fails on the shadow database would count as applied (a wrong
 * diff) and its error would crash the process later. Await it instead.
 */
async function connectAwaitingScripts(pglite: PGlite): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPGlite(pglite).connect();
  adapter.executeScript = async (script: string) => {
    await pglite.exec(script);
  };
  return adapter;
}

function logEngineLine(line: string): void {
  // The engine logs JSON lines at debug level; surface them only on request.
  if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
}

function describeEngineError(error: unknown, errorRegistry: ErrorRegistry | undefined): Error {
  const panic = takeLastPanicMessage();
  if (panic) return new Error(`Schema engine panicked: ${panic}`, { cause: error });
  if (error instanceof Error) return withDatabaseError(error, errorRegistry);
  // The engine rejects with plain objects such as {code, message}.
  if (typeof error === "object" && error !== null && "message" in error) {
    const { message, code } = error as { message: unknown; code?: unknown };
    return new Error(`${code ? `${String(code)}: ` : ""}${String(message)}`, { cause: error });
  }
  return new Error(`Schema engine failed: ${String(error)}`);
}

/**
 * Errors thrown by the adapter (e.g. a migration failing on the shadow database)
 * reach us only as "External error id#N"; the registry holds the original.
 */
function withDatabaseError(error: Error, errorRegistry: ErrorRegistry | undefined): Error {
  const id = /External error id#(\d+)/.exec(error.message)?.[1];
  const original = id === undefined ? undefined : errorRegistry?.consumeError(Number(id))?.error;
  if (original === undefined) return error;
  const detail = original instanceof Error ? original.message : String(original);
  return new Error(`${error.message.split("\n")[0]?.trim()} Database error: ${detail}`, { cause: error });
}
