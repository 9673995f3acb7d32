import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { LOCAL_DAY_JOB, localDayPeriod, runLocalDayJobs } from "@/server/jobs/run-local-day-jobs";
import { assignMonthlyLicences, exchangePoints, setAutoExchange } from "@/server/pools/monthly-pool";
import { makeTenant } from "../../support/factories";
import { AD360, givePoints } from "../../support/pool-factories";

/**
 * The monthly renewal happens as each partner's own 1st begins, on the hourly
 * scheduled call, not when the next UTC day's run comes round
 * (docs/time-and-days.md). Three partners renew in April 2027 → May 2027.
 */

const at = (instant: string) => new Date(instant);
// 1 April in all three zones (Kiritimati 20:00, UTC 06:00, New York 02:00): a whole month, no proration.
const APRIL = at("2027-04-01T06:00:00Z");
const ZONES = { newYork: "America/New_York", utc: "UTC", kiritimati: "Pacific/Kiritimati" } as const;

/** A partner in `timezone` whose April pool has a client with 10 devices, nothing exchanged ahead, and points for 4 licences exchanged automatically. */
async function aprilPartner(label: string, timezone: string) {
  const t = await makeTenant(label);
  await db.account.update({ where: { id: t.mssp.id }, data: { billingTimezone: timezone } });
  await givePoints(t, 30 + 12);
  const { pool } = await exchangePoints(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, devices: 10, target: "THIS_MONTH", expectedPoints: 30 }, now: APRIL });
  await assignMonthlyLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, clientAccountId: t.customer.id, devices: 10, now: APRIL });
  await setAutoExchange(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId: pool.id, enabled: true });
  return { t, pool };
}

describe("monthly renewal at the partner's own midnight", () => {
  it("renews each partner as its local 1st begins, once per local day, and later credits do not change the renewal", async () => {
    const partners = {
      newYork: await aprilPartner("ny-midnight", ZONES.newYork),
      utc: await aprilPartner("utc-midnight", ZONES.utc),
      kiritimati: await aprilPartner("kiri-midnight", ZONES.kiritimati),
    };
    const partnerIds = Object.values(partners).map((p) => p.t.mssp.id);
    // The (zone, local day) run records of these days are this test's own (a rerun on the same database starts clean).
    const days = ["2027-04-30", "2027-05-01", "2027-05-02"];
    await db.jobRun.deleteMany({ where: { job: LOCAL_DAY_JOB, period: { in: days.flatMap((day) => Object.values(ZONES).map((zone) => localDayPeriod(zone, day))) } } });
    const run = (instant: string) => runLocalDayJobs(db, { now: at(instant), partnerIds });
    const renewals = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(partners).map(async ([name, { pool }]) => [name, await db.monthlyRenewal.findMany({ where: { poolId: pool.id }, select: { month: true, createdAt: true, autoExchangedLicences: true, renewedLicences: true } })] as const),
        ),
      );

    // 00:05 on 1 May in Kiritimati (UTC+14) is 10:05 UTC on 30 April: only Kiritimati renews.
    await run("2027-04-30T10:05:00Z");
    let now = await renewals();
    expect(now.kiritimati).toMatchObject([{ month: at("2027-05-01T00:00:00Z"), renewedLicences: 4, autoExchangedLicences: 4 }]);
    expect(now.utc).toEqual([]);
    expect(now.newYork).toEqual([]);

    // 00:05 UTC on 1 May: the UTC partner renews; New York is still on 30 April (20:05 local).
    await run("2027-05-01T00:05:00Z");
    now = await renewals();
    expect(now.utc).toMatchObject([{ month: at("2027-05-01T00:00:00Z"), renewedLicences: 4 }]);
    expect(now.newYork).toEqual([]);

    // 00:05 on 1 May in New York (EDT, UTC−4) is 04:05 UTC: New York renews at its own midnight.
    const ranAtMidnight = await run("2027-05-01T04:05:00Z");
    expect(ranAtMidnight.find((r) => r.timezone === ZONES.newYork)).toMatchObject({ day: "2027-05-01", outcome: "ran", counts: { poolsRenewed: 1, renewalShortfalls: 1 } });
    now = await renewals();
    expect(now.newYork).toMatchObject([{ month: at("2027-05-01T00:00:00Z"), renewedLicences: 4, autoExchangedLicences: 4 }]);
    const renewedAt = now;

    // Called again in the same hour: every zone's day is done, nothing runs.
    const again = await run("2027-05-01T04:40:00Z");
    expect(again.map((r) => r.outcome)).toEqual(["already-done", "already-done", "already-done"]);
    // Later on New York's 1st (16:30 local), Kiritimati's 2 May has begun: its run finds nothing due.
    const later = await run("2027-05-01T20:30:00Z");
    expect(Object.fromEntries(later.map((r) => [r.timezone, [r.day, r.outcome, r.counts?.poolsRenewed]]))).toEqual({
      [ZONES.newYork]: ["2027-05-01", "already-done", 1],
      [ZONES.utc]: ["2027-05-01", "already-done", 1],
      [ZONES.kiritimati]: ["2027-05-02", "ran", 0],
    });
    expect(await renewals()).toEqual(renewedAt);

    // Points credited later on New York's 1st do not alter what its automatic exchange bought.
    await givePoints(partners.newYork.t, 30);
    await run("2027-05-01T23:00:00Z");
    await run("2027-05-02T04:05:00Z");
    expect(await renewals()).toEqual(renewedAt);
    expect(await db.pointsBalance.findUniqueOrThrow({ where: { accountId: partners.newYork.t.mssp.id } })).toMatchObject({ balance: 30 });
    expect(await db.monthlyAssignment.findFirstOrThrow({ where: { poolId: partners.newYork.pool.id } })).toMatchObject({ devices: 4 });
  });
});
