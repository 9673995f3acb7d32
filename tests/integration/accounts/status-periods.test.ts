import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { recordStatusPeriod } from "@/server/accounts/account-status-periods";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { makeAccount, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const periodsOf = (accountId: string) =>
  db.accountStatusPeriod.findMany({ where: { accountId }, orderBy: { id: "asc" }, select: { status: true, startedAt: true, endedAt: true } });

/** The back-fill statement of the migration that created account_status_periods, as written there. */
function backfillSql(): string {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  const name = readdirSync(dir).find((entry) => entry.endsWith("_account_status_periods"))!;
  const script = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
  return script.slice(script.indexOf('INSERT INTO "account_status_periods"'));
}

describe("account status periods", () => {
  it("each status change ends the open period and opens the next at its audit event's instant", async () => {
    const t = await makeTenant("periods");
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate" });
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "reactivate" });
    const events = await db.auditEvent.findMany({ where: { accountId: t.customer.id }, orderBy: { id: "asc" }, select: { createdAt: true } });
    expect(await periodsOf(t.customer.id)).toEqual([
      { status: "INACTIVE", startedAt: events[0]!.createdAt, endedAt: events[1]!.createdAt },
      { status: "ACTIVE", startedAt: events[1]!.createdAt, endedAt: null },
    ]);
  });

  it("a refused change writes no period, and a rolled-back one leaves none", async () => {
    const t = await makeTenant("periods-refused");
    await expectAppError(changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "reactivate" }), "CONFLICT");
    expect(await periodsOf(t.customer.id)).toEqual([]);

    // The period is written with the change's other writes: when the transaction fails after it, nothing stays.
    await expect(db.$transaction(async (tx) => {
      await tx.account.update({ where: { id: t.customer.id }, data: { status: "INACTIVE" } });
      await recordAuditEvent(tx, { system: "test" }, { accountId: t.customer.id, action: "account.inactivated", objectType: "account", objectId: t.customer.id });
      await recordStatusPeriod(tx, { accountId: t.customer.id, status: "INACTIVE" });
      expect(await tx.accountStatusPeriod.count({ where: { accountId: t.customer.id } })).toBe(1);
      throw new Error("fails after the period was written");
    })).rejects.toThrow("fails after the period was written");
    expect(await periodsOf(t.customer.id)).toEqual([]);
    expect((await db.account.findUniqueOrThrow({ where: { id: t.customer.id } })).status).toBe("ACTIVE");
  });

  it("the migration's back-fill from the audit trail gives the periods the changes wrote", async () => {
    const t = await makeTenant("periods-backfill");
    const trial = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, status: "IN_TRIAL", trialEndsOn: new Date("2030-01-01") });
    for (const change of ["inactivate", "reactivate", "inactivate"] as const) {
      await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change });
    }
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: trial.id, change: "activate-trial" });
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: trial.id, change: "inactivate" });
    const live = { customer: await periodsOf(t.customer.id), trial: await periodsOf(trial.id) };
    expect(live.customer.map((p) => p.status)).toEqual(["INACTIVE", "ACTIVE", "INACTIVE"]);
    expect(live.trial.map((p) => p.status)).toEqual(["ACTIVE", "INACTIVE"]);

    // Run the back-fill into a temporary table of the same shape (it shadows the real one
    // inside this transaction), then roll back: the shared database keeps its periods.
    const rolledBack = new Error("rolled back");
    let backfilled: Record<"customer" | "trial", unknown> | undefined;
    await expect(db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("CREATE TEMP TABLE account_status_periods (LIKE public.account_status_periods INCLUDING ALL) ON COMMIT DROP");
      await tx.$executeRawUnsafe(backfillSql());
      const read = (accountId: string) => tx.$queryRaw<{ status: string; startedAt: Date; endedAt: Date | null }[]>`
        SELECT status::text AS status, started_at AS "startedAt", ended_at AS "endedAt"
        FROM pg_temp.account_status_periods WHERE account_id = ${accountId}::uuid ORDER BY id`;
      backfilled = { customer: await read(t.customer.id), trial: await read(trial.id) };
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(backfilled).toEqual(live);
  });
});
