import { describe, expect, it } from "vitest";
import { db } from "@/server/db";

/**
 * Every table holding tenant data must carry its account id, so reach checks
 * can sit inside each query. Global tables are named here, with the reason.
 */
const GLOBAL_TABLES: Record<string, string> = {
  _prisma_migrations: "migration bookkeeping",
  accounts: "the tenants themselves (scoped by id and path)",
  users: "people; tenancy is in memberships",
  sign_in_attempts: "throttling by email and client, before anyone is known",
  user_sessions: "a person's signed-in browsers, keyed by user; tenancy is in memberships",
  user_preferences: "a person's own UI choices, keyed by user",
  job_runs: "runs of scheduled jobs, which span every tenant",
  services: "catalogue shared by every tenant",
  packages: "catalogue shared by every tenant",
  add_ons: "catalogue shared by every tenant",
};

/**
 * Tenant tables whose account_id has no foreign key, with the reason. Each
 * still carries a non-null account_id.
 */
const WITHOUT_FOREIGN_KEY: Record<string, string> = {
  telemetry_pending:
    "ingestion's queue: rows live seconds, each written by the statement that writes its telemetry_events row (whose key references accounts); the fold joins accounts",
};

describe("tenant tables", () => {
  it("every table except the global ones has a non-null account_id referencing accounts", async () => {
    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    const columns = await db.$queryRaw<{ table_name: string; is_nullable: string }[]>`
      SELECT table_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'account_id'`;
    const foreignKeys = await db.$queryRaw<{ table_name: string }[]>`
      SELECT tc.table_name FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
      JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema
      WHERE tc.table_schema = 'public' AND tc.constraint_type = 'FOREIGN KEY'
        AND kcu.column_name = 'account_id' AND ccu.table_name = 'accounts'`;

    const tenantTables = tables.map((t) => t.table_name).filter((name) => !(name in GLOBAL_TABLES));
    expect(tenantTables.length).toBeGreaterThan(0);
    const missing = tenantTables.filter((name) => !columns.some((c) => c.table_name === name));
    expect(missing, "tables without account_id").toEqual([]);
    const nullable = columns.filter((c) => tenantTables.includes(c.table_name) && c.is_nullable === "YES").map((c) => c.table_name);
    expect(nullable, "tables with a nullable account_id").toEqual([]);
    const unreferenced = tenantTables.filter((name) => !(name in WITHOUT_FOREIGN_KEY) && !foreignKeys.some((fk) => fk.table_name === name));
    expect(unreferenced, "account_id without a foreign key to accounts").toEqual([]);
  });
});
