import type { AuditRow } from "./list-audit-events";

/** An audit event as the hand-written statements select it (ids as text), with its account's name. */
export interface AuditSqlRow {
  id: string;
  created_at: Date;
  account_id: string;
  account_name: string;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
}

/** The select list of AuditSqlRow over `audit_events e JOIN accounts a`. */
export const AUDIT_SQL_COLUMNS = `e.id::text AS id, e.created_at, e.account_id::text AS account_id, a.name AS account_name, e.actor_label, e.action,
       e.object_type, e.object_id, e.before, e.after`;

export function sqlRowToRow(row: AuditSqlRow): AuditRow {
  return {
    id: row.id,
    createdAt: row.created_at,
    accountId: row.account_id,
    accountName: row.account_name,
    actorLabel: row.actor_label,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: row.before,
    after: row.after,
  };
}
