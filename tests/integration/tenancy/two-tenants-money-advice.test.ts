import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { AdviceSuggestion } from "@/generated/prisma/enums";
import { initialFormState } from "@/lib/form-state";
import type { Actor } from "@/server/auth/reach";
import { computeSavingsAdvice } from "@/server/billing/advice/compute-savings-advice";
import { listSavingsAdvice } from "@/server/billing/advice/list-savings-advice";
import { getAlertSettings } from "@/server/billing/alerts/get-alert-settings";
import { updateAlertSetting } from "@/server/billing/alerts/update-alert-setting";
import { db } from "@/server/db";
import { expectAppError } from "../../support/expect-app-error";
import { makeTenant, type TestAccount } from "../../support/factories";

/*
 * The Savings page and the alert settings across tenants (docs/money.md#advice, #alerts): tenant A's
 * people never read tenant B's savings or alerts, never change B's settings (NOT_FOUND, exactly as a
 * missing id), and within a tenant a customer sees only its own savings — priced at what it pays —
 * never its MSSP's (priced at the distributor's prices for the MSSP). The action is called as the
 * browser would, with only the session lookup replaced.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/server/auth/current-actor", () => ({
  requireActor: async () => session.actor!,
  getCurrentActor: async () => session.actor,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { updateAlertSettingAction } = await import("@/actions/alerts/update-alert-setting");

const MISSING = "00000000-0000-4000-8000-000000000000";
const NOW = new Date("2026-12-10T12:00:00Z");

/** A stored piece of advice (as the daily run writes it) on `account`. */
async function advice(account: TestAccount, savingMinor: bigint, suggestion: AdviceSuggestion = "SUBSCRIPTION") {
  const service = await db.service.findUniqueOrThrow({ where: { code: "adaptive-defense-360" } });
  return db.savingsAdvice.create({
    data: {
      accountId: account.id,
      subjectType: "CONTRACT",
      subjectId: randomUUID(),
      serviceId: service.id,
      throughMonth: new Date("2026-11-01T00:00:00Z"),
      windowDays: 365,
      monthlyDeviceDays: Array(12).fill(0),
      monthlyLiveDays: Array(12).fill(30),
      days: 365,
      peakUnits: 1,
      quantity: 10,
      sku: "AD360-STD",
      suggestion,
      suggestedQuantity: 1,
      currency: "EUR",
      priceBookName: "Secret book",
      costNowMinor: savingMinor + 100n,
      costWithMinor: 100n,
      savingMinor,
      usageComputedAt: NOW,
      computedAt: NOW,
    },
  });
}

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

async function snapshot(root: TestAccount) {
  const scope = { account: { path: { startsWith: root.path } } };
  const [settings, alerts, savings, audit] = await Promise.all([
    db.alertSetting.findMany({ where: scope, orderBy: [{ accountId: "asc" }, { kind: "asc" }] }),
    db.alert.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.savingsAdvice.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: scope }),
  ]);
  return { settings, alerts, savings, audit };
}

describe("two tenants: savings and alerts", () => {
  it("one tenant can neither see nor change the other's", async () => {
    const a = await makeTenant("adv-a");
    const b = await makeTenant("adv-b");
    const bCustomer = await advice(b.customer, 50_000n);
    const bMssp = await advice(b.mssp, 90_000n);
    await updateAlertSetting(db, { actor: b.msspAdmin.actor, accountId: b.customer.id, input: { kind: "USAGE_SPIKE", enabled: true, threshold: "20", minDevices: "3", recipients: "b@b.example" } });
    await db.alert.create({ data: { accountId: b.customer.id, kind: "USAGE_SPIKE", period: "2026-12-02", subject: randomUUID(), message: "B only" } });
    const aCustomer = await advice(a.customer, 10_000n);
    const aMssp = await advice(a.mssp, 20_000n);

    const bBefore = await snapshot(b.distributor);
    const attackers: Actor[] = [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor, a.msspViewer.actor];
    for (const actor of attackers) {
      for (const accountId of [b.customer.id, b.mssp.id, b.distributor.id, MISSING]) {
        await expectAppError(listSavingsAdvice(db, { actor, accountId, pageSize: 20 }), "NOT_FOUND");
        await expectAppError(getAlertSettings(db, { actor, accountId }), "NOT_FOUND");
        await expectAppError(
          updateAlertSetting(db, { actor, accountId, input: { kind: "USAGE_SPIKE", enabled: false, threshold: "1", minDevices: "1", recipients: "spy@a.example" } }),
          "NOT_FOUND",
        );
        session.actor = actor;
        expect(
          await updateAlertSettingAction(initialFormState, form({ accountId, kind: "USAGE_DROP", threshold: "1", minDevices: "1", recipients: "spy@a.example" })),
        ).toMatchObject({ status: "error", message: "Account was not found." });
      }
    }
    // A's distributor sees A's savings only, largest first.
    const aRows = (await listSavingsAdvice(db, { actor: a.distributorAdmin.actor, accountId: a.distributor.id, pageSize: 20 })).page.rows;
    expect(aRows.map((row) => row.id)).toEqual([aMssp.id, aCustomer.id]);
    // The daily run for A's accounts rewrites A's savings (none to keep: these were written by hand) and leaves B's alone.
    await computeSavingsAdvice(db, { now: NOW, accountIds: [a.customer.id, a.mssp.id] });
    expect(await db.savingsAdvice.count({ where: { accountId: { in: [a.customer.id, a.mssp.id] } } })).toBe(0);
    expect(await snapshot(b.distributor)).toEqual(bBefore);
    expect(bBefore.savings.map((row) => row.id).sort()).toEqual([bCustomer.id, bMssp.id].sort());
  });

  it("a customer sees its own savings, never its MSSP's or a sibling's; viewers read, only admins change alerts", async () => {
    const t = await makeTenant("adv-inside");
    const own = await advice(t.customer, 30_000n);
    const msspOwn = await advice(t.mssp, 80_000n);
    const sibling = await advice(t.grandCustomer, 40_000n, "SMALLER_QUANTITY");

    const customerView = await listSavingsAdvice(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, pageSize: 20 });
    expect(customerView.page.rows.map((row) => row.id)).toEqual([own.id]);
    await expectAppError(listSavingsAdvice(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, pageSize: 20 }), "NOT_FOUND");
    await expectAppError(listSavingsAdvice(db, { actor: t.customerAdmin.actor, accountId: t.grandCustomer.id, pageSize: 20 }), "NOT_FOUND");

    // The MSSP ranks its whole tree, largest first; the filter keeps one kind of suggestion.
    const msspView = await listSavingsAdvice(db, { actor: t.msspViewer.actor, accountId: t.mssp.id, pageSize: 20 });
    expect(msspView.page.rows.map((row) => row.id)).toEqual([msspOwn.id, sibling.id, own.id]);
    const filtered = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, suggestion: "SMALLER_QUANTITY", pageSize: 20 });
    expect(filtered.page.rows.map((row) => row.id)).toEqual([sibling.id]);
    // Paged: two a page, the third on the next.
    const first = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 2 });
    expect(first.page).toMatchObject({ total: 3, offset: 0 });
    const second = await listSavingsAdvice(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 2, page: { kind: "after", cursor: first.page.next! } });
    expect(second.page.rows.map((row) => row.id)).toEqual([own.id]);

    // Alerts: the viewer reads, cannot save; the customer's admin saves its own.
    expect((await getAlertSettings(db, { actor: t.msspViewer.actor, accountId: t.customer.id })).canManage).toBe(false);
    await expectAppError(
      updateAlertSetting(db, { actor: t.msspViewer.actor, accountId: t.customer.id, input: { kind: "USAGE_DROP", enabled: true, threshold: "30", minDevices: "2", recipients: "" } }),
      "FORBIDDEN",
    );
    session.actor = t.customerAdmin.actor;
    expect(
      await updateAlertSettingAction(initialFormState, form({ accountId: t.customer.id, kind: "USAGE_DROP", enabled: "on", threshold: "30", minDevices: "2", recipients: "ops@c.example" })),
    ).toMatchObject({ status: "ok" });
    // A refused submit names the field and echoes what was typed.
    expect(
      await updateAlertSettingAction(initialFormState, form({ accountId: t.customer.id, kind: "USAGE_DROP", enabled: "on", threshold: "0", minDevices: "2", recipients: "nope" })),
    ).toMatchObject({ status: "error", fieldErrors: { threshold: [expect.any(String)], recipients: [expect.any(String)] }, values: { threshold: "0", recipients: "nope" } });
    expect(await db.alertSetting.findUniqueOrThrow({ where: { accountId_kind: { accountId: t.customer.id, kind: "USAGE_DROP" } } })).toMatchObject({
      threshold: 30,
      minDevices: 2,
      recipients: ["ops@c.example"],
    });
  });
});
