import type { PrismaClient } from "../../src/generated/prisma/client";
import { createPrismaClient } from "../../src/server/db/create-prisma-client";
import { describeDatabaseTarget, resolveDatabaseTarget } from "../../src/server/db/database-target";
import { openRawDatabase, type RawDatabase } from "../../src/server/db/raw-database";

export interface OpenDatabase {
  raw: RawDatabase;
  prisma: PrismaClient;
  description: string;
  close(): Promise<void>;
}

/** Opens the configured database for a script: one raw connection and a Prisma client sharing it (PGlite). */
export async function openDatabase(): Promise<OpenDatabase> {
  const target = resolveDatabaseTarget();
  const raw = await openRawDatabase(target);
  const prisma = createPrismaClient(target, raw.pglite);
  return {
    raw,
    prisma,
    description: describeDatabaseTarget(target),
    async close() {
      await prisma.$disconnect();
      await raw.close();
    },
  };
}

export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
