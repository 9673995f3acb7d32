import { describe, expect, it } from "vitest";
import { db } from "@/server/db";

/**
 * Tenant tables whose primary key lacks account_id: each would need `(account_id, …)` keys before
 * Citus could distribute it by tenant (docs/deploying.md#growing-past-one-postgresql). The list
 * is written out so it only changes on purpose: a new tenant table keyed with account_id keeps it
 * as it is; one keyed without it must be added here, knowingly.
 */
const PRIMARY_KEY_WITHOUT_ACCOUNT_ID = [
  "account_status_periods", "alerts", "annual_pools", "api_idempotency_keys", "api_keys", "audit_events",
  "contract_add_ons", "contract_imports", "contracts", "devices", "end_user_imports", "end_users", "export_jobs",
  "gateways", "group_subscriptions", "licence_key_attempts", "location_licences", "locations", "memberships",
  "monthly_assignments", "monthly_pools", "monthly_renewal_lines", "monthly_renewals", "notice_reads", "notices",
  "notification_recipients", "package_assignments", "plans", "points_entries", "pool_assignments", "pool_orders",
  "pool_price_tiers", "price_books", "price_overrides", "prices", "purge_logs", "renewal_shortfall_notices",
  "savings_advice", "statement_files", "statement_lines", "statements", "usage_corrections", "user_group_members",
  "user_groups", "webhook_deliveries", "webhook_delivery_attempts", "webhook_endpoints", "webhook_events",
];

describe("distribution keys", () => {
  it("lists the tenant tables whose primary key lacks account_id", async () => {
    const rows = await db.$queryRaw<{ table_name: string }[]>`
      SELECT c.relname AS table_name
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'account_id' AND NOT a.attisdropped
      JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT (a.attnum = ANY (pk.conkey))
      ORDER BY 1`;
    expect(rows.map((row) => row.table_name)).toEqual([...PRIMARY_KEY_WITHOUT_ACCOUNT_ID].sort());
  });
});
