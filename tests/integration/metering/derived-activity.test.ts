import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { KINDS_OF_UNIT } from "@/server/usage";
import { foldAllPendingNow } from "@/server/metering/fold-telemetry";
import { meterDays } from "@/server/metering/meter-days";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { at, ingest, keyActor, serial, type SentEvent } from "../../support/telemetry-helpers";

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
    // Updates of what a count is keyed on (kind, day, PAYG), of one row and of several at once.
    await db.$executeRaw`UPDATE device_daily_activity SET kind = 'ENDPOINT' WHERE account_id = ${accountId}::uuid AND device_id = ${ap}::uuid`;
    await expectInStep([accountId]);
    await db.$executeRaw`UPDATE device_daily_activity SET day = '2028-04-02' WHERE account_id = ${accountId}::uuid AND device_id = ${ap}::uuid`;
    await expectInStep([accountId]);
    await db.$executeRaw`UPDATE device_daily_activity SET payg = NOT payg, events = events + 1 WHERE account_id = ${accountId}::uuid`;
    await expectInStep([accountId]);
    await db.$executeRaw`UPDATE device_daily_activity SET payg = NOT payg WHERE account_id = ${accountId}::uuid AND device_id = ${gw}::uuid`;
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

  it("follow the fold through a gateway turning PAYG mid-day, re-sent and late events, and concurrent folds", async () => {
    const t = await makeTenant("derived-mixed");
    const admin = t.msspAdmin.actor;
    const accountId = t.customer.id;
    await insertContract({ accountId, type: "PAYG", registeredOn: "2028-01-01", expiresOn: null });
    const gateway = await registerGateway(db, {
      actor: admin,
      input: gatewayInputSchema.parse({ name: "gw", serialNumber: serial(), firmwareVersion: "R82.10", accountId }),
    });
    await unlockGateway(db, { actor: admin, gatewayId: gateway.id, licenceType: "SUBSCRIPTION", now: at("2028-02-01T08:00:00Z") });
    const key = await keyActor(t.customer, admin);
    const gw = (instant: string, eventId?: string): SentEvent => ({ deviceId: gateway.serialNumber, kind: "GATEWAY", at: instant, eventId });
    // The 4th, folded; then the 4th is metered (final by the 10th; its late events on the 10th are inside the telemetry horizon).
    await ingest(key, [gw("2028-02-04T09:00:00Z"), { deviceId: "laptop-1", at: "2028-02-04T10:00:00Z" }], "2028-02-04T12:00:00Z");
    await meterDays(db, { now: at("2028-02-10T12:00:00Z"), accountIds: [accountId] });
    await expectInStep([accountId]);

    // One batch: late events for the metered 4th (a device new that day, and one already counted),
    // events of the 9th and 10th, a user seat, and a duplicate within the batch.
    const batch: SentEvent[] = [
      { deviceId: "laptop-2", at: "2028-02-04T15:00:00Z" },
      { deviceId: "laptop-1", at: "2028-02-04T16:00:00Z" },
      gw("2028-02-10T09:00:00Z", "g-1"),
      gw("2028-02-10T09:00:00Z", "g-1"),
      { deviceId: "laptop-1", at: "2028-02-09T10:00:00Z" },
      { deviceId: "laptop-3", at: "2028-02-10T10:00:00Z" },
      { deviceId: "phone-1", kind: "USER_SEAT", at: "2028-02-10T10:30:00Z" },
    ];
    expect(await ingest(key, batch, "2028-02-10T12:00:00Z")).toMatchObject({ received: 7, accepted: 6, late: 2 });
    await expectInStep([accountId]);

    // The gateway turns PAYG: its next event of the 10th moves its device-day into the PAYG count.
    // Queued with the whole batch again (all duplicates) and a new day, then folded twice at once.
    await unlockGateway(db, { actor: admin, gatewayId: gateway.id, licenceType: "PAYG", now: at("2028-02-10T13:00:00Z") });
    await ingest(key, [...batch, gw("2028-02-10T14:00:00Z")], "2028-02-10T14:05:00Z", { fold: false });
    await ingest(key, [gw("2028-02-11T08:00:00Z"), { deviceId: "laptop-3", at: "2028-02-11T08:30:00Z" }], "2028-02-11T09:00:00Z", { fold: false });
    await Promise.all([foldAllPendingNow(db), foldAllPendingNow(db)]);
    await foldAllPendingNow(db);
    const { counts } = await derivedAndRecount([accountId]);
    expect(counts).toContainEqual({ account_id: accountId, day: at("2028-02-10T00:00:00Z"), kind: "GATEWAY", devices: 1, payg_devices: 1 });
    expect(await expectInStep([accountId])).toEqual({ counts: 8, seats: 6 });
  });
});
