import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { createPrismaClient } from "./create-prisma-client";

export type Db = PrismaClient;
/** The client or an interactive-transaction client: domain functions accept either. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as unknown as { __portalDb?: PrismaClient };

/** Replaces the process-wide client (tests and scripts that own a PGlite instance). */
export function setDb(client: PrismaClient): void {
  globalForDb.__portalDb = client;
}

function getDb(): PrismaClient {
  // Kept on globalThis so dev hot reloads reuse one pool / one PGlite instance.
  globalForDb.__portalDb ??= createPrismaClient();
  return globalForDb.__portalDb;
}

/**
 * The process-wide client, created on first use rather than at import so that
 * `next build` never opens a database.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
