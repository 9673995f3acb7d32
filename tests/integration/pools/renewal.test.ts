import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { assignMonthlyLicences, exchangePoints, setAutoExchange, setRenewalPriority } from "@/server/pools/monthly-pool";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { renewMonthlyPools, type PoolRenewalResult } from "@/server/pools/renew-monthly-pools";
import { makeAccount, makeActor, makeTenant, type TestAccount } from "../../support/factories";
import { AD360, givePoints } from "../../support/pool-factories";

/**
 * Renewal on the 1st (docs/pools-and-points.md#renewal-on-the-1st): every client's monthly devices need one licence
 * each; when short, the partner's order decides (explicit priority, then oldest
 * assignment), the first client that cannot be fully renewed gets what is left,
 * and the rest lose protection — once per pool and month, whatever happens.
 */

const at = (instant: string) => new Date(instant);
const OCT = at("2026-10-01T09:00:00Z");
const NOV_RUN = at("2026-11-01T00:05:00Z");
type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** A partner with a monthly pool of AD360 in October: clients with these devices (oldest first), and `renewal` licences exchanged ahead. */
async function octoberPool(label: string, devices: number[], renewal: number, options: { points?: number; service?: string } = {}) {
  const t = await makeTenant(label);
  const service = options.service ?? AD360;
  const price = service === AD360 ? 3 : 2;
  const total = devices.reduce((a, b) => a + b, 0);
  await givePoints(t, (total + renewal) * price + (options.points ?? 0));
  const { pool } = await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service, devices: total, target: "THIS_MONTH", expectedPoints: total * price }, now: OCT });
  if (renewal > 0) {
    await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service, devices: renewal, target: "NEXT_RENEWAL", expectedPoints: renewal * price }, now: OCT });
  }
  const clients: TestAccount[] = [];
  for (const [index, n] of devices.entries()) {
    const client = index === 0 ? t.customer : await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${label}-client-${index + 1}` });
    const assignment = await assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: client.id, devices: n, now: OCT });
    // Oldest first: make the order explicit rather than rely on clock resolution.
    await db.monthlyAssignment.update({ where: { id: assignment.id }, data: { createdAt: new Date(OCT.getTime() + index * 60_000) } });
    clients.push(client);
  }
  return { t, pool, clients };
}

const renewOnly = (t: Tenant, now = NOV_RUN, onPoolRenewed?: (r: PoolRenewalResult) => Promise<void>) =>
  renewMonthlyPools(db, { now, partnerIds: [t.mssp.id], onPoolRenewed });

async function devicesOf(poolId: string) {
  const rows = await db.monthlyAssignment.findMany({ where: { poolId }, include: { client: { select: { name: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => row.devices);
}

describe("monthly renewal on the 1st", () => {
  it("with enough licences: every device renewed, leftovers become November's free slots", async () => {
    const { t, pool } = await octoberPool("enough", [10, 20], 50);
    expect(await renewOnly(t)).toEqual({ poolsRenewed: 1, renewalShortfalls: 0 });
    expect(await devicesOf(pool.id)).toEqual([10, 20]);
    const after = await db.monthlyPool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(after).toMatchObject({ month: new Date("2026-11-01T00:00:00Z"), renewalLicences: 0, availableDevices: 20 });
    expect(await db.monthlyRenewal.findFirstOrThrow({ where: { poolId: pool.id } })).toMatchObject({ neededLicences: 30, renewedLicences: 30, shortfall: 0 });
    expect(await db.renewalShortfallNotice.count({ where: { renewal: { poolId: pool.id } } })).toBe(0);
  });

  it("when short: explicit priority first, then oldest; the first client that cannot be fully renewed gets what is left; the rest are discounted and told", async () => {
    // Clients (oldest first): A 10, B 10, C 8, D 6 — C has explicit priority 1. 25 licences for 34 devices.
    const { t, pool, clients } = await octoberPool("short", [10, 10, 8, 6], 25);
    const [a, b, c, d] = clients as [TestAccount, TestAccount, TestAccount, TestAccount];
    const cAssignment = await db.monthlyAssignment.findFirstOrThrow({ where: { poolId: pool.id, clientAccountId: c.id } });
    await setRenewalPriority(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: cAssignment.id, priority: 1 });

    expect(await renewOnly(t)).toEqual({ poolsRenewed: 1, renewalShortfalls: 1 });
    // C 8 (priority) → A 10 → B gets the 7 left of 10 → D none.
    expect(await devicesOf(pool.id)).toEqual([10, 7, 8, 0]);
    const renewal = await db.monthlyRenewal.findFirstOrThrow({ where: { poolId: pool.id }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(renewal).toMatchObject({ neededLicences: 34, renewedLicences: 25, shortfall: 9 });
    expect(renewal.lines.map((l) => [l.clientAccountId, l.position, l.needed, l.renewed, l.discounted])).toEqual([
      [c.id, 1, 8, 8, 0],
      [a.id, 2, 10, 10, 0],
      [b.id, 3, 10, 7, 3],
      [d.id, 4, 6, 0, 6],
    ]);
    expect((await db.monthlyPool.findUniqueOrThrow({ where: { id: pool.id } })).availableDevices).toBe(0);

    // In-app notices: the partner and each affected client, with counts.
    const notices = await db.renewalShortfallNotice.findMany({ where: { renewalId: renewal.id } });
    expect(notices.map((n) => [n.accountId, n.needed, n.renewed, n.discounted]).sort()).toEqual(
      [
        [t.mssp.id, 34, 25, 9],
        [b.id, 10, 7, 3],
        [d.id, 6, 0, 6],
      ].sort(),
    );
    // The same notices in the portal's notifications (in-app + email outbox), keyed by the renewal.
    const portalNotices = await db.notice.findMany({ where: { key: `pool-shortfall:${renewal.id}` } });
    expect(portalNotices.map((n) => n.accountId).sort()).toEqual([t.mssp.id, b.id, d.id].sort());
    expect(portalNotices.every((n) => n.kind === "pool.renewal_shortfall")).toBe(true);
    const partnerView = await getMonthlyPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now: at("2026-11-02T10:00:00Z") });
    expect(partnerView.notices[0]!.message).toContain("34 licence(s) needed, 25 renewed. 9 device(s) of 2 client(s) lost protection");
    expect(partnerView.pools[0]!.renewals[0]).toMatchObject({ month: "2026-11-01", shortfall: 9 });
    // The history names only the clients the renewal discounted, in renewal order.
    expect(partnerView.pools[0]!.renewals[0]!.discountedLines.map((l) => [l.clientName, l.discounted, l.needed])).toEqual([
      [b.name, 3, 10],
      [d.name, 6, 6],
    ]);
    const bAdmin = await makeActor(b);
    const bView = await getClientPoolLicences(db, { actor: bAdmin.actor, accountId: b.id, now: at("2026-11-02T10:00:00Z") });
    expect(bView.notices.map((n) => n.message)).toEqual([
      expect.stringContaining("7 of your 10 device(s) were renewed by"),
    ]);
    expect(bView.monthly).toMatchObject([{ devices: 7, expiresOn: "2026-12-01" }]);
    expect(await db.auditEvent.count({ where: { accountId: b.id, action: "pool.monthly_renewal_short" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: a.id, action: "pool.monthly_renewal_short" } })).toBe(0);
  });

  it("with zero licences every device loses protection", async () => {
    const { t, pool } = await octoberPool("zero", [4, 3], 0);
    expect(await renewOnly(t)).toEqual({ poolsRenewed: 1, renewalShortfalls: 1 });
    expect(await devicesOf(pool.id)).toEqual([0, 0]);
    expect(await db.monthlyRenewal.findFirstOrThrow({ where: { poolId: pool.id } })).toMatchObject({ neededLicences: 7, renewedLicences: 0, shortfall: 7 });
    expect(await db.renewalShortfallNotice.count({ where: { renewal: { poolId: pool.id } } })).toBe(3);
  });

  it("exchanges points automatically at renewal when the pool says so, as far as the balance goes", async () => {
    // 20 devices, 5 licences ahead, 10 spare points → 3 more licences (9 points); 12 devices short.
    const { t, pool } = await octoberPool("auto", [12, 8], 5, { points: 10 });
    await setAutoExchange(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, enabled: true });
    expect(await renewOnly(t)).toEqual({ poolsRenewed: 1, renewalShortfalls: 1 });
    expect(await devicesOf(pool.id)).toEqual([8, 0]);
    expect(await db.monthlyRenewal.findFirstOrThrow({ where: { poolId: pool.id } })).toMatchObject({ renewedLicences: 8, autoExchangedLicences: 3, pointsSpent: 9, shortfall: 12 });
    const entry = await db.pointsEntry.findFirstOrThrow({ where: { accountId: t.mssp.id, kind: "RENEWAL" } });
    expect(entry).toMatchObject({ delta: -9, balanceAfter: 1, licences: 3, actorLabel: "system:pool-renewal" });
  });

  it("runs once: a second run (or a second caller) renews nothing and spends nothing", async () => {
    const { t, pool } = await octoberPool("twice", [6], 2, { points: 30 });
    await setAutoExchange(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, enabled: true });
    const [first, second] = await Promise.all([renewOnly(t), renewOnly(t)]);
    expect(first.poolsRenewed + second.poolsRenewed).toBe(1);
    expect(await renewOnly(t, at("2026-11-15T12:00:00Z"))).toEqual({ poolsRenewed: 0, renewalShortfalls: 0 });
    expect(await db.monthlyRenewal.count({ where: { poolId: pool.id } })).toBe(1);
    expect(await db.pointsEntry.count({ where: { accountId: t.mssp.id, kind: "RENEWAL" } })).toBe(1);
    expect(await devicesOf(pool.id)).toEqual([6]);
    // The partner's next action in November does not renew again either.
    await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, devices: 1, target: "NEXT_RENEWAL", expectedPoints: 3 }, now: at("2026-11-03T10:00:00Z") });
    expect(await db.monthlyRenewal.count({ where: { poolId: pool.id } })).toBe(1);
  });

  it("a run killed half-way changes nothing of the partner it was renewing; the next run renews everything exactly once", async () => {
    const first = await octoberPool("killed-1", [5, 5], 10);
    const second = await octoberPool("killed-2", [4], 1, { points: 2 });
    // The second partner also has a pool of another product (2 points per licence).
    const other = await exchangePoints(db, { actor: second.t.msspAdmin.actor, partnerId: second.t.mssp.id, input: { service: "endpoint-protection-plus", devices: 1, target: "THIS_MONTH", expectedPoints: 2 }, now: OCT });
    await assignMonthlyLicences(db, { actor: second.t.msspAdmin.actor, partnerId: second.t.mssp.id, poolId: other.pool.id, clientAccountId: second.t.customer.id, devices: 1, now: OCT });
    const partnerIds = [first.t.mssp.id, second.t.mssp.id];
    const secondPools = [second.pool.id, other.pool.id];

    // Crash after the first pool of the second partner has been renewed, inside its transaction.
    let crashed = false;
    await expect(
      renewMonthlyPools(db, {
        now: NOV_RUN,
        partnerIds,
        onPoolRenewed: async (result) => {
          if (!crashed && secondPools.includes(result.poolId)) {
            crashed = true;
            throw new Error("killed");
          }
        },
      }),
    ).rejects.toThrow("killed");
    // Nothing of the second partner changed: both its pools are still on October.
    expect(await db.monthlyRenewal.count({ where: { poolId: { in: secondPools } } })).toBe(0);
    const stillOctober = await db.monthlyPool.findMany({ where: { id: { in: secondPools } } });
    expect(stillOctober.map((p) => p.month.toISOString().slice(0, 10))).toEqual(["2026-10-01", "2026-10-01"]);

    const redo = await renewMonthlyPools(db, { now: at("2026-11-01T00:15:00Z"), partnerIds });
    expect(await db.monthlyRenewal.count({ where: { poolId: { in: [first.pool.id, ...secondPools] } } })).toBe(3);
    expect(redo.poolsRenewed).toBeGreaterThanOrEqual(2);
    expect(await devicesOf(first.pool.id)).toEqual([5, 5]);
    expect(await devicesOf(second.pool.id)).toEqual([1]);
    expect(await renewMonthlyPools(db, { now: at("2026-11-02T00:05:00Z"), partnerIds })).toEqual({ poolsRenewed: 0, renewalShortfalls: 0 });
  });

  it("the scheduled renewal and a partner's exchange at the same moment never deadlock (pools by id, then the balance)", async () => {
    for (let round = 0; round < 6; round++) {
      // Two pools, both short and exchanging automatically from the balance at renewal.
      const { t, pool } = await octoberPool(`race-${round}`, [4], 1, { points: 40 });
      const other = await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: "endpoint-protection-plus", devices: 3, target: "THIS_MONTH", expectedPoints: 6 }, now: OCT });
      await assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: other.pool.id, clientAccountId: t.customer.id, devices: 3, now: OCT });
      for (const poolId of [pool.id, other.pool.id]) await setAutoExchange(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, enabled: true });
      // The partner exchanges on the pool the run reaches last (higher id), as the run starts.
      const last = [{ id: pool.id, service: AD360, price: 3 }, { id: other.pool.id, service: "endpoint-protection-plus", price: 2 }].sort((a, b) => a.id.localeCompare(b.id))[1]!;
      const [run] = await Promise.all([
        renewOnly(t),
        exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: last.service, devices: 1, target: "THIS_MONTH", expectedPoints: last.price }, now: NOV_RUN }),
      ]);
      expect(run.poolsRenewed).toBeLessThanOrEqual(2);
      expect(await db.monthlyRenewal.count({ where: { poolId: { in: [pool.id, other.pool.id] } } })).toBe(2);
      // Points: 40 spare − 6 for the other pool in October − 3 auto-exchanged for AD360 (3 each) − 3 for the other product (2 each) − the exchanged licence.
      expect(await db.pointsBalance.findUniqueOrThrow({ where: { accountId: t.mssp.id } })).toMatchObject({ balance: 40 - 6 - 9 - 6 - last.price });
    }
  });

  it("uses the month in the partner's timezone, and the first pool action of the month renews a pool the scheduled route has not reached", async () => {
    const { t, pool } = await octoberPool("zone", [3], 3, { points: 6 });
    await db.account.update({ where: { id: t.mssp.id }, data: { billingTimezone: "America/New_York" } });
    // 00:05 UTC on 1 November is still 31 October in New York.
    expect(await renewOnly(t, NOV_RUN)).toEqual({ poolsRenewed: 0, renewalShortfalls: 0 });
    // At 9:00 in New York on 1 November the partner exchanges: the renewal runs first, then the exchange.
    await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, devices: 2, target: "THIS_MONTH", expectedPoints: 6 }, now: at("2026-11-01T13:00:00Z") });
    const after = await db.monthlyPool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(after).toMatchObject({ month: new Date("2026-11-01T00:00:00Z"), renewalLicences: 0, availableDevices: 2 });
    expect(await db.monthlyRenewal.count({ where: { poolId: pool.id } })).toBe(1);
    expect(await renewOnly(t, at("2026-11-02T00:05:00Z"))).toEqual({ poolsRenewed: 0, renewalShortfalls: 0 });
  });

  it("inactive clients are not renewed, and that is not a shortfall", async () => {
    const { t, pool, clients } = await octoberPool("inactive", [2, 3], 5);
    await db.account.update({ where: { id: clients[1]!.id }, data: { status: "INACTIVE" } });
    expect(await renewOnly(t)).toEqual({ poolsRenewed: 1, renewalShortfalls: 0 });
    expect(await devicesOf(pool.id)).toEqual([2, 0]);
    expect((await db.monthlyPool.findUniqueOrThrow({ where: { id: pool.id } })).availableDevices).toBe(3);
  });
});

describe("the monthly pool page's clients in renewal order", () => {
  it("lists them a page at a time in the renewal's order, numbered across pages; the forecast counts every live client", async () => {
    // Oldest first: c1 1 device, c2 2, c3 3, c4 4, c5 5 — c4 has priority 1, c2 priority 2; c5 is inactive.
    const { t, pool, clients } = await octoberPool("paged", [1, 2, 3, 4, 5], 0);
    const [c1, c2, c3, c4, c5] = clients as [TestAccount, TestAccount, TestAccount, TestAccount, TestAccount];
    for (const [client, priority] of [[c4, 1], [c2, 2]] as const) {
      const assignment = await db.monthlyAssignment.findFirstOrThrow({ where: { poolId: pool.id, clientAccountId: client.id } });
      await setRenewalPriority(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, priority });
    }
    await db.account.update({ where: { id: c5.id }, data: { status: "INACTIVE" } });
    const now = at("2026-10-20T10:00:00Z");

    const rows: { order: number | null; clientAccountId: string }[] = [];
    let view = await getMonthlyPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pagedPoolId: pool.id, pageSize: 2 });
    for (;;) {
      const [shown] = view.pools;
      expect(shown!.assignments.rows.length).toBeLessThanOrEqual(2);
      expect(shown!.assignments.total).toBe(5);
      expect(shown!.forecast.needed).toBe(1 + 2 + 3 + 4);
      expect(shown!.assignedDevices).toBe(10);
      rows.push(...shown!.assignments.rows);
      if (!shown!.assignments.next) break;
      view = await getMonthlyPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pagedPoolId: pool.id, pageSize: 2, page: { kind: "after", cursor: shown!.assignments.next } });
    }
    expect(rows.map((row) => row.clientAccountId)).toEqual([c4.id, c2.id, c1.id, c3.id, c5.id]);
    expect(rows.map((row) => row.order)).toEqual([1, 2, 3, 4, 5]);

    // The cursor pages only the pool it names: for another pool id, every pool shows its first page.
    const last = await getMonthlyPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pagedPoolId: pool.id, pageSize: 2, page: { kind: "last" } });
    expect(last.pools[0]!.assignments.rows.map((row) => row.order)).toEqual([4, 5]);
    const elsewhere = await getMonthlyPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pagedPoolId: t.mssp.id, pageSize: 2, page: { kind: "last" } });
    expect(elsewhere.pools[0]!.assignments.rows.map((row) => row.clientAccountId)).toEqual([c4.id, c2.id]);
  });
});
