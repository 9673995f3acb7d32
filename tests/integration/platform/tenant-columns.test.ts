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
    // From pg_catalog: information_schema's constraint views take tens of seconds once
    // telemetry_events has its daily partitions (each clones the keys), which are not tables of
    // their own here: a partition is checked as its parent is.
    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;
    const columns = await db.$queryRaw<{ table_name: string; is_nullable: string }[]>`
      SELECT c.relname AS table_name, CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = 'account_id' AND NOT a.attisdropped`;
    const foreignKeys = await db.$queryRaw<{ table_name: string }[]>`
      SELECT DISTINCT c.relname AS table_name
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
      WHERE n.nspname = 'public' AND k.contype = 'f' AND k.confrelid = 'public.accounts'::regclass AND a.attname = 'account_id'`;

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
