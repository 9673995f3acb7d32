import "server-only";
import path from "node:path";

/**
 * Where the portal's data lives: a real PostgreSQL when DATABASE_URL is set,
 * otherwise an embedded PGlite under `.data/` so `npm run dev` needs no set-up.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

export const IN_MEMORY_PGLITE = "memory://";

export function resolveDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  const dataDir = env.PGLITE_DATA_DIR?.trim() || path.join(process.cwd(), ".data", "pglite");
  return { kind: "pglite", dataDir };
}

export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite (${target.dataDir})`;
  const parsed = new URL(target.url);
  return `PostgreSQL ${parsed.host}${parsed.pathname}`;
}
