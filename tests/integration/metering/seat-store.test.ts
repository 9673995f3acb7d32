import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { getUsageReport } from "@/server/usage";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

/**
 * The monthly-seat store (usage_seats + usage_seat_counts): seats are appended
 * as each final billable day is metered, once per (account, service, month,
 * seat), and the usage report adds the open days' seats live. Activity is
 * written straight into device_daily_activity here (what ingestion stores),
 * so each device's kind and pairing is exact; everything is in March 2028, UTC.
 */

const DX = "defensx-web-security"; // a USER service: endpoints and user seats, one seat per paired user
const MID_MONTH = new Date("2028-03-29T12:00:00Z"); // today 29th; 1st–25th final, 26th–29th open
const MONTH_FINAL = new Date("2028-04-04T00:05:00Z"); // 31 March final

type Kind = "GATEWAY" | "ENDPOINT" | "USER_SEAT";

async function marchWithUsers(label: string) {
  const t = await makeTenant(label);
  const accountId = t.customer.id;
  await insertContract({ accountId, type: "PAYG", serviceCode: DX, registeredOn: "2028-03-01", expiresOn: null });
  const service = await db.service.findUniqueOrThrow({ where: { code: DX } });
  const user = async (name: string) => (await db.endUser.create({ data: { accountId, externalId: `${name}-${randomUUID()}`, name } })).id;
  const u1 = await user("Ana");
  const u2 = await user("Ben");
  const device = (kind: Kind, endUserId: string | null) => ({ id: randomUUID(), kind, endUserId });
  const e1 = device("ENDPOINT", u1);
  const e2 = device("ENDPOINT", u1);
  const s1 = device("USER_SEAT", u1);
  const e3 = device("ENDPOINT", u2);
  const e4 = device("ENDPOINT", null); // standalone: a seat of its own
  const e5 = device("ENDPOINT", null); // first seen on an open day
  const g1 = device("GATEWAY", null); // not metered by a user service
  const activity: [string, (typeof e1)[]][] = [
    ["2028-03-01", [e1, e4]],
    ["2028-03-02", [e2, g1]],
    ["2028-03-10", [e3]],
    ["2028-03-20", [e4, s1]],
    ["2028-03-27", [e1, e5]], // open at MID_MONTH: Ana already counted on a final day, e5 is new
    ["2028-03-29", [e5, e4, g1]],
  ];
  for (const [day, devices] of activity) {
    for (const d of devices) {
      await db.$executeRaw`
        INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
        VALUES (${accountId}::uuid, ${isoDateToDb(day)}, ${d.id}::uuid, ${new Date(`${day}T08:00:00Z`)}, ${new Date(`${day}T17:00:00Z`)}, 3,
                ${d.kind}::"DeviceKind", ${d.endUserId}::uuid, false)`;
    }
  }
  /** Seats by the rule, in TypeScript, from the activity above: the paired user, else the device; gateways never. */
  const oracleSeats = (upTo: string) =>
    new Set(activity.filter(([day]) => day <= upTo).flatMap(([, devices]) => devices.filter((d) => d.kind !== "GATEWAY").map((d) => d.endUserId ?? d.id))).size;
  const stored = async () => {
    const rows = await db.usageSeat.count({ where: { accountId, serviceId: service.id } });
    const count = await db.usageSeatCount.findUnique({ where: { accountId_serviceId_month: { accountId, serviceId: service.id, month: isoDateToDb("2028-03-01") } } });
    return { rows, count: count?.seats ?? 0 };
  };
  const reportSeats = async (now: Date) => {
    const report = await getUsageReport(db, { actor: t.customerAdmin.actor, accountId, month: "2028-03", now });
    return report.services.find((s) => s.serviceId === service.id)!.monthlyActiveSeats;
  };
  return { t, accountId, service, oracleSeats, stored, reportSeats, u1, e5 };
}

describe("the monthly-seat store", () => {
  it("is appended as final days are metered; re-running, concurrently or not, adds nothing", async () => {
    const m = await marchWithUsers("seats-rerun");
    const accountIds = [m.accountId];
    expect(await meterDays(db, { now: MID_MONTH, accountIds })).toBe(25);
    // Ana (3 devices on 3 days), Ben, the standalone e4 (two days): 3 seats, the gateway none.
    expect(await m.stored()).toEqual({ rows: 3, count: 3 });
    expect(m.oracleSeats("2028-03-25")).toBe(3);

    const again = await Promise.all([meterDays(db, { now: MID_MONTH, accountIds }), meterDays(db, { now: MID_MONTH, accountIds })]);
    expect(again).toEqual([0, 0]);
    expect(await meterDays(db, { now: MID_MONTH, accountIds })).toBe(0);
    expect(await m.stored()).toEqual({ rows: 3, count: 3 });

    // Catch-up to the month's end by two overlapping runs: e5 joins once, the count follows the rows.
    const catchUp = await Promise.all([meterDays(db, { now: MONTH_FINAL, accountIds }), meterDays(db, { now: MONTH_FINAL, accountIds })]);
    expect(catchUp.sort((a, b) => a - b)).toEqual([0, 6]);
    expect(await m.stored()).toEqual({ rows: 4, count: 4 });
    const e5Seat = await db.usageSeat.findFirstOrThrow({ where: { accountId: m.accountId, seatId: m.e5.id } });
    expect(e5Seat.firstDay).toEqual(isoDateToDb("2028-03-27"));
    const ana = await db.usageSeat.findFirstOrThrow({ where: { accountId: m.accountId, seatId: m.u1 } });
    expect(ana.firstDay).toEqual(isoDateToDb("2028-03-01"));
  });

  it("counts a seat seen on a final day and again on an open day once; a seat new on an open day adds one", async () => {
    const m = await marchWithUsers("seats-open");
    await meterDays(db, { now: MID_MONTH, accountIds: [m.accountId] });
    // Stored: Ana, Ben, e4. Open 26th–29th: Ana again (e1) and e4 again — no new seat — and e5, new.
    expect(await m.reportSeats(MID_MONTH)).toBe(4);
    expect(m.oracleSeats("2028-03-29")).toBe(4);
    // Before any metering the whole month is open: the same answer, all live.
    const fresh = await marchWithUsers("seats-all-open");
    expect(await fresh.stored()).toEqual({ rows: 0, count: 0 });
    expect(await fresh.reportSeats(MID_MONTH)).toBe(4);
  });

  it("takes the kept count only when every day so far bills and nothing was active after today", async () => {
    const t = await makeTenant("seats-kept-count");
    const accountId = t.customer.id;
    const service = await db.service.findUniqueOrThrow({ where: { code: DX } });
    // The contract starts on the 15th: the 1st–14th do not bill.
    await insertContract({ accountId, type: "PAYG", serviceCode: DX, registeredOn: "2028-03-15", expiresOn: null });
    const active = async (day: string) => {
      await db.$executeRaw`
        INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
        VALUES (${accountId}::uuid, ${isoDateToDb(day)}, ${randomUUID()}::uuid, ${new Date(`${day}T08:00:00Z`)}, ${new Date(`${day}T17:00:00Z`)}, 1,
                'ENDPOINT', NULL, false)`;
    };
    await active("2028-03-02"); // before the contract: no seat
    await active("2028-03-20");
    await active("2028-03-28");
    await active("2028-03-30"); // after "today" (the 29th): not counted yet
    const seats = async (now: Date) => {
      const report = await getUsageReport(db, { actor: t.customerAdmin.actor, accountId, month: "2028-03", now });
      return report.services.find((s) => s.serviceId === service.id)!.monthlyActiveSeats;
    };
    // The month holds four seats (month_seat_counts); the rule counts two of them on the 29th.
    const kept = await db.$queryRaw<{ seats: number }[]>`
      SELECT seats FROM month_seat_counts WHERE account_id = ${accountId}::uuid AND month = '2028-03-01' AND unit = 'USER'`;
    expect(kept.map((row) => row.seats)).toEqual([4]);
    expect(await seats(MID_MONTH)).toBe(2);
    await meterDays(db, { now: MID_MONTH, accountIds: [accountId] });
    expect(await seats(MID_MONTH)).toBe(2);
    // From the 30th on, the seat of the 30th counts; the one of the 2nd never does.
    expect(await seats(new Date("2028-03-30T12:00:00Z"))).toBe(3);

    // A contract from the 1st: every day so far bills, nothing after today — the kept count, the same answer.
    const full = await makeTenant("seats-kept-count-full");
    await insertContract({ accountId: full.customer.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-03-01", expiresOn: null });
    for (const day of ["2028-03-02", "2028-03-20", "2028-03-28"]) {
      await db.$executeRaw`
        INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
        VALUES (${full.customer.id}::uuid, ${isoDateToDb(day)}, ${randomUUID()}::uuid, ${new Date(`${day}T08:00:00Z`)}, ${new Date(`${day}T17:00:00Z`)}, 1,
                'ENDPOINT', NULL, false)`;
    }
    const report = await getUsageReport(db, { actor: full.customerAdmin.actor, accountId: full.customer.id, month: "2028-03", now: MID_MONTH });
    expect(report.services.find((s) => s.serviceId === service.id)!.monthlyActiveSeats).toBe(3);
  });

  it("the roll-up and the final report equal an independent count over the metered days", async () => {
    const m = await marchWithUsers("seats-rollup");
    const accountIds = [m.accountId];
    await meterDays(db, { now: MID_MONTH, accountIds });
    await meterDays(db, { now: MONTH_FINAL, accountIds });
    expect(await rollUpMonths(db, { now: MONTH_FINAL, accountIds })).toBe(1);
    // The oracle: distinct seats over the billable metered days, straight from the activity.
    const [oracle] = await db.$queryRaw<{ seats: number }[]>`
      SELECT count(DISTINCT COALESCE(a.end_user_id, a.device_id))::int AS seats
      FROM usage_daily u
      JOIN device_daily_activity a ON a.account_id = u.account_id AND a.day = u.day AND a.kind IN ('ENDPOINT', 'USER_SEAT')
      WHERE u.account_id = ${m.accountId}::uuid AND u.service_id = ${m.service.id}::uuid AND u.billable
        AND u.day >= '2028-03-01' AND u.day < '2028-04-01'`;
    expect(oracle!.seats).toBe(m.oracleSeats("2028-03-31"));
    const monthly = await db.usageMonthly.findUniqueOrThrow({
      where: { accountId_serviceId_month: { accountId: m.accountId, serviceId: m.service.id, month: isoDateToDb("2028-03-01") } },
    });
    expect(monthly.monthlyActiveSeats).toBe(oracle!.seats);
    expect(await m.reportSeats(MONTH_FINAL)).toBe(oracle!.seats);
    expect(await m.stored()).toEqual({ rows: oracle!.seats, count: oracle!.seats });
  });
});
