import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import type { AuditAction } from "@/lib/labels";

export type AuditActor = Pick<Actor, "userId" | "email"> | { system: string };

export interface AuditEntry {
  accountId: string;
  /** From the catalogue (`AUDIT_ACTION_LABEL`), so the audit log's Action filter offers it. */
  action: AuditAction;
  objectType: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // Dates and BigInts become strings; the trail is read by people and exports.
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

/** Written in the same transaction as the change it describes. */
export async function recordAuditEvent(db: DbTx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      accountId: entry.accountId,
      actorUserId: "userId" in actor ? actor.userId : null,
      actorLabel: "userId" in actor ? actor.email : `system:${actor.system}`,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

/** Only the fields that changed, for compact before/after records. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const oldValue = before[key];
    const newValue = after[key];
    if (newValue === undefined) continue;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) {
      b[key] = oldValue;
      a[key] = newValue;
    }
  }
  return { before: b, after: a };
}
