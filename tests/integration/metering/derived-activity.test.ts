import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { KINDS_OF_UNIT } from "@/server/usage";
import { foldAllPendingNow } from "@/server/metering/fold-telemetry";
import { makeTenant } from "../../support/factories";
import { ingest, keyActor } from "../../support/telemetry-helpers";

/**
 * device_day_counts, month_active_seats and month_seat_counts are derived from
 * device_daily_activity by triggers (docs/metering.md#daily-counts): after any mix of writes —
 * inserts, the fold's upserts, repeated and concurrent folds, concurrent writers meeting the
 * same new seat, updates, deletes — they equal a recount of the activity, and the trigger's
 * unit mapping is KINDS_OF_UNIT.
 */

type Kind = "GATEWAY" | "ENDPOINT" | "USER_SEAT" | "ACCESS_POINT";

/** The derived rows of `accountIds` next to a recount from the activity (KINDS_OF_UNIT in TypeScript). */
async function derivedAndRecount(accountIds: string[]) {
  const kindUnits = Object.entries(KINDS_OF_UNIT).flatMap(([unit, kinds]) => kinds.map((kind) => Prisma.sql`(${kind}, ${unit})`));
  const [counts, recount, seats, reseats, devices, redevices, seatCounts, reseatCounts] = await Promise.all([
    db.$queryRaw<unknown[]>`
      SELECT account_id, day, kind::text, devices, payg_devices FROM device_day_counts
      WHERE account_id = ANY(${accountIds}::uuid[]) AND devices <> 0 ORDER BY 1, 2, 3`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, day, kind::text, count(*)::int AS devices, (count(*) FILTER (WHERE payg))::int AS payg_devices
      FROM device_daily_activity WHERE account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, month, unit::text, seat_id, days FROM month_active_seats
      WHERE account_id = ANY(${accountIds}::uuid[]) ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<unknown[]>`
      SELECT r.account_id, date_trunc('month', r.day::timestamp)::date AS month, ku.unit, COALESCE(r.end_user_id, r.device_id) AS seat_id,
             sum(DISTINCT 1 << (extract(day FROM r.day)::int - 1))::int AS days
      FROM device_daily_activity r JOIN (VALUES ${Prisma.join(kindUnits)}) AS ku(kind, unit) ON ku.kind = r.kind::text
      WHERE r.account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, month, device_id, seat_id, kind::text, days FROM month_active_devices
      WHERE account_id = ANY(${accountIds}::uuid[]) ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, date_trunc('month', day::timestamp)::date AS month, device_id, COALESCE(end_user_id, device_id) AS seat_id, min(kind::text) AS kind,
             sum(DISTINCT 1 << (extract(day FROM day)::int - 1))::int AS days
      FROM device_daily_activity WHERE account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, month, unit::text, seats FROM month_seat_counts
      WHERE account_id = ANY(${accountIds}::uuid[]) AND seats <> 0 ORDER BY 1, 2, 3`,
    db.$queryRaw<unknown[]>`
      SELECT r.account_id, date_trunc('month', r.day::timestamp)::date AS month, ku.unit, count(DISTINCT COALESCE(r.end_user_id, r.device_id))::int AS seats
      FROM device_daily_activity r JOIN (VALUES ${Prisma.join(kindUnits)}) AS ku(kind, unit) ON ku.kind = r.kind::text
      WHERE r.account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  ]);
  return { counts, recount, seats, reseats, devices, redevices, seatCounts, reseatCounts };
}

async function expectInStep(accountIds: string[]) {
  const { counts, recount, seats, reseats, devices, redevices, seatCounts, reseatCounts } = await derivedAndRecount(accountIds);
  expect(counts).toEqual(recount);
  expect(seats).toEqual(reseats);
  expect(devices).toEqual(redevices);
  expect(seatCounts).toEqual(reseatCounts);
  return { counts: counts.length, seats: seats.length };
}

async function insertRow(row: { accountId: string; day: string; deviceId: string; kind: Kind; endUserId?: string | null; payg?: boolean }) {
  await db.$executeRaw`
    INSERT INTO device_daily_activity AS x (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
    VALUES (${row.accountId}::uuid, ${row.day}::date, ${row.deviceId}::uuid, ${new Date(`${row.day}T08:00:00Z`)}, ${new Date(`${row.day}T09:00:00Z`)}, 1,
            ${row.kind}::"DeviceKind", ${row.endUserId ?? null}::uuid, ${row.payg ?? false})
    ON CONFLICT (account_id, day, device_id) DO UPDATE SET events = x.events + 1, payg = x.payg OR EXCLUDED.payg`;
}

describe("the counts derived from daily activity", () => {
  it("follow inserts, upserts, updates and deletes of the activity, whoever writes it", async () => {
    const t = await makeTenant("derived-writes");
    const accountId = t.customer.id;
    const user = (await db.endUser.create({ data: { accountId, externalId: `u-${randomUUID()}`, name: "Ana" } })).id;
    const gw = randomUUID();
    const laptop = randomUUID();
    const seat = randomUUID();
    const ap = randomUUID();
    await insertRow({ accountId, day: "2028-03-30", deviceId: gw, kind: "GATEWAY" });
    await insertRow({ accountId, day: "2028-03-31", deviceId: gw, kind: "GATEWAY", payg: true });
    await insertRow({ accountId, day: "2028-03-30", deviceId: gw, kind: "GATEWAY", payg: true }); // turns PAYG: moves into payg_devices
    await insertRow({ accountId, day: "2028-03-31", deviceId: laptop, kind: "ENDPOINT", endUserId: user });
    await insertRow({ accountId, day: "2028-03-29", deviceId: seat, kind: "USER_SEAT", endUserId: user }); // earlier day: Ana's first day moves back
    await insertRow({ accountId, day: "2028-04-01", deviceId: ap, kind: "ACCESS_POINT" });
    await insertRow({ accountId, day: "2028-04-01", deviceId: laptop, kind: "ENDPOINT", endUserId: user });
    expect(await expectInStep([accountId])).toEqual({ counts: 6, seats: 7 });

    // An update of the pairing, then deletes: the month's seats are rebuilt from what is left.
    await db.$executeRaw`UPDATE device_daily_activity SET end_user_id = NULL WHERE account_id = ${accountId}::uuid AND device_id = ${laptop}::uuid AND day = '2028-04-01'`;
    await expectInStep([accountId]);
    await db.$executeRaw`DELETE FROM device_daily_activity WHERE account_id = ${accountId}::uuid AND day = '2028-03-29'`;
    await expectInStep([accountId]);
    const march = await db.$queryRaw<{ days: number }[]>`
      SELECT days FROM month_active_seats WHERE account_id = ${accountId}::uuid AND seat_id = ${user}::uuid AND unit = 'USER' AND month = '2028-03-01'`;
    expect(march.map((row) => row.days)).toEqual([2 ** 30]); // the 31st only
    await db.deviceDailyActivity.deleteMany({ where: { accountId, deviceId: gw } });
    await expectInStep([accountId]);
  });

  it("count a new seat once when two writers meet it at the same time", async () => {
    const t = await makeTenant("derived-race");
    const accountId = t.customer.id;
    const user = (await db.endUser.create({ data: { accountId, externalId: `u-${randomUUID()}`, name: "Bo" } })).id;
    const [laptop, phone] = [randomUUID(), randomUUID()];
    // Two devices of one user on two days: the second writer adds a day to the seat the first is adding.
    const write = (deviceId: string, day: string, holdMs: number) =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`
          INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
          VALUES (${accountId}::uuid, ${day}::date, ${deviceId}::uuid, ${new Date(`${day}T08:00:00Z`)}, ${new Date(`${day}T09:00:00Z`)}, 1, 'ENDPOINT', ${user}::uuid, false)`;
        // The first writer holds its new seat uncommitted while the second meets it (and waits).
        await tx.$executeRaw`SELECT pg_sleep(${holdMs / 1000})`;
      });
    await Promise.all([write(laptop, "2028-06-03", 400), new Promise((resolve) => setTimeout(resolve, 100)).then(() => write(phone, "2028-06-04", 0))]);
    await expectInStep([accountId]);
    const counted = await db.$queryRaw<{ unit: string; seats: number }[]>`
      SELECT unit::text, seats FROM month_seat_counts WHERE account_id = ${accountId}::uuid ORDER BY 1`;
    expect(counted).toEqual([{ unit: "DEVICE", seats: 1 }, { unit: "USER", seats: 1 }]); // one seat: the user behind both devices
  });

  it("follow the fold: repeated and concurrent folds of re-sent batches count every device-day once", async () => {
    const t = await makeTenant("derived-fold");
    const key = await keyActor(t.customer, t.customerAdmin.actor);
    const events = Array.from({ length: 40 }, (_, i) => ({
      deviceId: `dev-${i % 10}`,
      kind: (i % 10 < 3 ? "GATEWAY" : i % 10 < 8 ? "ENDPOINT" : "USER_SEAT") as Kind,
      at: `2028-05-${String(10 + (i % 3)).padStart(2, "0")}T1${i % 10}:00:00Z`,
    }));
    const now = "2028-05-12T20:00:00Z";
    // Batches queued without folding, some sent twice, then folds racing each other.
    await ingest(key, events.slice(0, 20), now, { fold: false });
    await ingest(key, events.slice(10, 40), now, { fold: false });
    await ingest(key, events.slice(0, 20), now, { fold: false });
    await Promise.all([foldAllPendingNow(db, { now: new Date(now) }), foldAllPendingNow(db, { now: new Date(now) })]);
    await foldAllPendingNow(db, { now: new Date(now) });
    const after = await expectInStep([t.customer.id]);
    const total = await db.$queryRaw<{ n: number }[]>`SELECT sum(devices)::int AS n FROM device_day_counts WHERE account_id = ${t.customer.id}::uuid`;
    expect(total[0]!.n).toBe(await db.deviceDailyActivity.count({ where: { accountId: t.customer.id } }));
    // Sending everything again changes nothing.
    await ingest(key, events, now);
    expect(await expectInStep([t.customer.id])).toEqual(after);
  });
});
