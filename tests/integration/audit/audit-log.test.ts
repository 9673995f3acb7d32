import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAccount } from "@/server/accounts/create-account";
import { iterateAuditEvents, listAuditEvents, type AuditFilters } from "@/server/audit/list-audit-events";
import { updateAccount } from "@/server/accounts/update-account";
import { makeTenant, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const all: AuditFilters = { includeChildren: true };

describe("audit log", () => {
  it("lists the account's and its children's events, filtered by action, actor, scope and date", async () => {
    const t = await makeTenant();
    const child = await createAccount(db, {
      actor: t.msspAdmin.actor,
      parentId: t.mssp.id,
      input: { name: unique("Audited"), kind: "CUSTOMER", status: "ACTIVE", billingTimezone: "UTC", retentionDays: 90 },
    });
    await updateAccount(db, {
      actor: t.msspAdmin.actor,
      accountId: t.mssp.id,
      input: { name: `${t.mssp.name} Ltd`, billingTimezone: "UTC", retentionDays: 30 },
    });
    const list = (filters: AuditFilters) =>
      listAuditEvents(db, { actor: t.msspViewer.actor, accountId: t.mssp.id, filters, pageSize: 50 });

    expect((await list(all)).rows.map((r) => r.action).sort()).toEqual(["account.created", "account.updated"]);
    expect((await list({ includeChildren: false })).rows.map((r) => r.action)).toEqual(["account.updated"]);
    expect((await list({ ...all, action: "account.created" })).rows.map((r) => r.accountId)).toEqual([child.id]);
    expect((await list({ ...all, actor: t.msspAdmin.email.toUpperCase() })).total).toBe(2);
    expect((await list({ ...all, actor: "someone-else" })).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list({ ...all, from: today, to: today })).total).toBe(2);
    expect((await list({ ...all, to: "2000-01-01" })).total).toBe(0);
    // A customer has no accounts below it: "and below" reads its own events by account (docs/lists.md#audit-log).
    const own = (filters: AuditFilters) => listAuditEvents(db, { actor: t.msspAdmin.actor, accountId: child.id, filters, pageSize: 50 });
    expect((await own(all)).rows.map((r) => r.id)).toEqual((await own({ includeChildren: false })).rows.map((r) => r.id));
    expect((await own(all)).rows.map((r) => r.action)).toEqual(["account.created"]);
  });

  it("billing users cannot read the audit log; a customer admin cannot read its MSSP's", async () => {
    const t = await makeTenant();
    await expectAppError(listAuditEvents(db, { actor: t.msspBilling.actor, accountId: t.mssp.id, filters: all, pageSize: 10 }), "FORBIDDEN");
    await expectAppError(listAuditEvents(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, filters: all, pageSize: 10 }), "NOT_FOUND");
  });

  it("export iteration walks every matching event across batches, newest first", async () => {
    const t = await makeTenant();
    for (let i = 0; i < 7; i += 1) {
      await db.auditEvent.create({
        data: { accountId: t.customer.id, actorLabel: "system:test", action: "test.event", objectType: "test", objectId: String(i) },
      });
    }
    const ids: string[] = [];
    for await (const row of iterateAuditEvents(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { ...all, action: "test." }, batchSize: 3 })) {
      ids.push(row.objectId);
    }
    expect(ids).toEqual(["6", "5", "4", "3", "2", "1", "0"]);
  });
});
