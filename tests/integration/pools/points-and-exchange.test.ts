import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { creditPoints } from "@/server/points/credit-points";
import { getPointsLedger, openPointsLedgerExport } from "@/server/points/list-points-ledger";
import { assignMonthlyLicences, exchangePoints } from "@/server/pools/monthly-pool";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { getReconciliation } from "@/server/pools/get-reconciliation";
import { renewMonthlyPools } from "@/server/pools/renew-monthly-pools";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { AD360, givePoints } from "../../support/pool-factories";

const at = (instant: string) => new Date(instant);

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
const exchange = (t: Tenant, devices: number, expectedPoints: number, now: Date, target: "THIS_MONTH" | "NEXT_RENEWAL" = "THIS_MONTH") =>
  exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, devices, target, expectedPoints }, now });

describe("points ledger", () => {
  it("only the partner's distributor adds points; every entry says who and why", async () => {
    const t = await makeTenant("points");
    expect(await creditPoints(db, { actor: t.distributorAdmin.actor, partnerId: t.mssp.id, points: 100, reason: "Welcome points" })).toBe(100);
    await expectAppError(creditPoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, points: 100, reason: "Free points" }), "FORBIDDEN", "NOT_THE_DISTRIBUTOR");
    await expectAppError(creditPoints(db, { actor: t.distributorAdmin.actor, partnerId: t.customer.id, points: 5, reason: "Wrong account" }), "RULE_VIOLATION", "POOLS_ONLY_FOR_MSSP");
    const ledger = await getPointsLedger(db, { actor: t.msspBilling.actor, partnerId: t.mssp.id, pageSize: 20 });
    expect(ledger.balance).toBe(100);
    expect(ledger.entries.rows).toMatchObject([{ kind: "CREDIT", delta: 100, balanceAfter: 100, reason: "Welcome points", actorLabel: t.distributorAdmin.email }]);
    const exported = [];
    for await (const row of await openPointsLedgerExport(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id })) exported.push(row);
    expect(exported).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { accountId: t.mssp.id, action: "points.credited" } })).toBe(1);
  });

  it("the balance never goes negative under concurrent exchanges", async () => {
    const t = await makeTenant("concurrent");
    await givePoints(t, 100);
    // Eight exchanges of 10 devices on the 1st (10 licences = 30 points) at once: only 3 fit in 100 points.
    const now = at("2026-10-01T12:00:00Z");
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => exchange(t, 10, 30, now)));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as { reason?: string });
    expect(ok).toHaveLength(3);
    expect(refused.every((error) => error.reason === "POINTS_SHORT")).toBe(true);
    const balance = await db.pointsBalance.findUniqueOrThrow({ where: { accountId: t.mssp.id } });
    expect(balance.balance).toBe(10);
    const entries = await db.pointsEntry.findMany({ where: { accountId: t.mssp.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.balanceAfter)).toEqual([100, 70, 40, 10]);
    expect(entries.reduce((sum, e) => sum + e.delta, 0)).toBe(10);
  });
});

describe("acceptance example (docs/pools-and-points.md#acceptance-example): 100 points, 30 devices, 3 points per licence", () => {
  it("on the 1st: 30 licences for 90 points", async () => {
    const t = await makeTenant("first");
    await givePoints(t, 100);
    const result = await exchange(t, 30, 90, at("2026-10-01T08:00:00Z"));
    expect(result.quote).toMatchObject({ remainingDays: 30, licences: 30, points: 90 });
    expect(result.balance).toBe(10);
    expect(result.pool.availableDevices).toBe(30);
  });

  it("on 23 October: 9 remaining days, 270 protection days, 27 points, 9 licences for the 30 devices; the renewal on 1 November needs 30 licences = 90 points", async () => {
    const t = await makeTenant("october");
    await givePoints(t, 100);
    const preview = await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: at("2026-10-23T10:00:00Z") });
    expect(preview.today).toBe("2026-10-23");
    const result = await exchange(t, 30, 27, at("2026-10-23T10:00:00Z"));
    expect(result.quote).toEqual({ devices: 30, remainingDays: 9, protectionDays: 270, licences: 9, points: 27 });
    expect(result.balance).toBe(73);
    const entry = await db.pointsEntry.findFirstOrThrow({ where: { accountId: t.mssp.id, kind: "EXCHANGE" } });
    expect(entry).toMatchObject({ delta: -27, balanceAfter: 73, devices: 30, licences: 9, remainingDays: 9, actorLabel: t.msspAdmin.email });
    expect(entry.reason).toContain("protecting 30 device(s) for 9 day(s) until 2026-11-01 (270 protection days)");

    // The 9 licences protect all 30 devices until the 1st.
    await assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: result.pool.id, clientAccountId: t.customer.id, devices: 30, now: at("2026-10-23T11:00:00Z") });

    // A week ahead, the pool page warns: the renewal needs 30 licences and nothing covers them yet.
    const week = await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: at("2026-10-26T10:00:00Z") });
    expect(week.pools[0]!.forecast).toMatchObject({ needed: 30, covered: 0, short: 30, daysAhead: 6, warn: true });
    // The reconciliation view carries the same warning.
    const reconciliation = await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: at("2026-10-26T10:00:00Z") });
    expect(reconciliation.warnings).toEqual([{ product: week.pools[0]!.product, ...week.pools[0]!.forecast, nextFirst: "2026-11-01" }]);

    // The distributor tops up to 90 and the partner exchanges automatically at renewal: 30 licences = 90 points.
    await givePoints(t, 17);
    await db.monthlyPool.update({ where: { id: result.pool.id }, data: { autoExchange: true } });
    const run = await renewMonthlyPools(db, { now: at("2026-11-01T00:05:00Z"), partnerIds: [t.mssp.id] });
    expect(run).toEqual({ poolsRenewed: 1, renewalShortfalls: 0 });
    const renewal = await db.monthlyRenewal.findFirstOrThrow({ where: { poolId: result.pool.id } });
    expect(renewal).toMatchObject({ neededLicences: 30, renewedLicences: 30, autoExchangedLicences: 30, pointsSpent: 90, shortfall: 0 });
    expect((await db.pointsBalance.findUniqueOrThrow({ where: { accountId: t.mssp.id } })).balance).toBe(0);
  });

  it("refuses with a clear reason when points are short, and spends nothing", async () => {
    const t = await makeTenant("short");
    await givePoints(t, 100);
    const error = await expectAppError(exchange(t, 40, 120, at("2026-10-01T08:00:00Z")), "RULE_VIOLATION", "POINTS_SHORT");
    expect(error.message).toBe("Not enough points: 40 licence(s) of Adaptive Defense 360 needs 120 points and the balance is 100. Ask your distributor for more points.");
    expect(await db.pointsEntry.count({ where: { accountId: t.mssp.id, kind: "EXCHANGE" } })).toBe(0);
    expect(await db.monthlyPool.count({ where: { accountId: t.mssp.id } })).toBe(0); // the whole exchange rolled back
  });

  it("refuses a confirmation whose points differ from today's figure (the day changed after the preview)", async () => {
    const t = await makeTenant("stale");
    await givePoints(t, 100);
    // Previewed on 22 October (10 days → 10 licences, 30 points), confirmed after midnight on the 23rd.
    await expectAppError(exchange(t, 30, 30, at("2026-10-23T00:01:00Z")), "CONFLICT", "PRICE_CHANGED");
    expect((await db.pointsBalance.findUniqueOrThrow({ where: { accountId: t.mssp.id } })).balance).toBe(100);
  });

  it("uses the day in the partner's timezone", async () => {
    const t = await makeTenant("zone");
    await db.account.update({ where: { id: t.mssp.id }, data: { billingTimezone: "America/Los_Angeles" } });
    await givePoints(t, 100);
    // 05:00 UTC on 1 November is still 31 October in Los Angeles: r = 1, one licence.
    const result = await exchange(t, 30, 3, at("2026-11-01T05:00:00Z"));
    expect(result.quote).toMatchObject({ remainingDays: 1, licences: 1, points: 3 });
  });

  it("monthly assignments never exceed the free slots", async () => {
    const t = await makeTenant("slots");
    await givePoints(t, 100);
    const now = at("2026-10-01T08:00:00Z");
    const { pool } = await exchange(t, 5, 15, now);
    await expectAppError(
      assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, devices: 6, now }),
      "CONFLICT",
      "POOL_EXHAUSTED",
    );
    await assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, devices: 5, now });
    expect((await db.monthlyPool.findUniqueOrThrow({ where: { id: pool.id } })).availableDevices).toBe(0);
  });
});
