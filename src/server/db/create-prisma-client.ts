import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { IN_MEMORY_PGLITE, resolveDatabaseTarget, type DatabaseTarget } from "./database-target";

/**
 * Builds a Prisma client on the right driver adapter. For PGlite, pass the
 * instance already opened by the caller (migrations and seed share it), or
 * one is created on the data directory.
 */
export function createPrismaClient(
  target: DatabaseTarget = resolveDatabaseTarget(),
  pglite?: PGlite,
): PrismaClient {
  if (target.kind === "postgres") {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url, max }) });
  }
  const instance =
    pglite ?? (target.dataDir === IN_MEMORY_PGLITE ? new PGlite() : new PGlite(target.dataDir));
  return new PrismaClient({ adapter: new PrismaPGlite(instance) });
}
