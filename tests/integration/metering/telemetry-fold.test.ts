import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import { meterDays } from "@/server/metering/meter-days";
import {
  drainPendingTelemetry,
  FOLD_LOCK,
  foldAllInTransaction,
  foldAllPendingNow,
  requestFold,
} from "@/server/metering/fold-telemetry";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { makeTenant } from "../../support/factories";
import { activity, at, ingest, keyActor, paygCustomer, type SentEvent } from "../../support/telemetry-helpers";

/**
 * The API answers once a batch is recorded and queued (telemetry_pending);
 * the fold moves the queue into devices and daily activity. Other test files
 * fold concurrently on the same database, so every assertion is about this
 * file's own accounts, and a figure a fold returns is never relied on.
 */

async function queued(accountId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM telemetry_pending WHERE account_id = ${accountId}::uuid`;
  return row!.n;
}

// Embedded PGlite is one session, in which an advisory lock is re-entrant and a transaction does not
// keep other statements out: lock-holding tests need PostgreSQL. (PGlite also runs files one at a time.)
const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Runs `work` while no fold can run (FOLD_LOCK held by a transaction of its own), so another
 * test file's fold cannot take this test's queued events in between. On PGlite there is no
 * other file running at the same time.
 */
async function withFoldsPaused<T>(work: () => Promise<T>): Promise<T> {
  if (!onPostgres) return work();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const holder = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${FOLD_LOCK}))::text`;
      holding();
      await released;
    },
    { timeout: 20_000 },
  );
  await held;
  try {
    return await work();
  } finally {
    release();
    await holder;
  }
}

const eventsCounted = async (accountId: string) => (await activity(accountId)).reduce((sum, row) => sum + row.events, 0);

/** Events queued plus events counted in activity, read in one snapshot (a concurrent fold moves them between the two). */
async function queuedOrCounted(accountId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM telemetry_pending WHERE account_id = ${accountId}::uuid)
          + (SELECT COALESCE(sum(events), 0) FROM device_daily_activity WHERE account_id = ${accountId}::uuid))::int AS n`;
  return row!.n;
}

describe("the ingestion queue and its fold", () => {
  it("the answer comes before the fold; the devices' activity follows it, and metering folds before it counts", async () => {
    const { customer, a, b, key } = await paygCustomer("fold-order");
    const batch: SentEvent[] = [
      { deviceId: a, kind: "GATEWAY", at: "2028-01-10T08:00:00Z" },
      { deviceId: a, kind: "GATEWAY", at: "2028-01-10T09:00:00Z" },
      { deviceId: b, kind: "GATEWAY", at: "2028-01-10T10:00:00Z" },
    ];
    expect(await ingest(key, batch, "2028-01-10T12:00:00Z", { fold: false })).toEqual({
      received: 3,
      accepted: 3,
      duplicates: 0,
      late: 0,
      corrections: 0,
      devicesCreated: 2,
    });
    // Recorded (events are the idempotency key) but not yet in the activity metering reads…
    expect(await db.telemetryEvent.count({ where: { accountId: customer.id } })).toBe(3);
    // …unless a concurrent test's fold already took them: either way, nothing is lost or doubled.
    expect(await queuedOrCounted(customer.id)).toBe(3);

    // The nightly run folds the queue under the lock before it meters.
    await meterDays(db, { now: at("2028-01-14T00:00:00Z"), accountIds: [customer.id] });
    expect(await queued(customer.id)).toBe(0);
    expect((await activity(customer.id)).map(({ device, events, payg }) => ({ device, events, payg }))).toEqual(
      [
        { device: a, events: 2, payg: true },
        { device: b, events: 1, payg: true },
      ].sort((x, y) => x.device.localeCompare(y.device)),
    );
    const tenth = await db.usageDaily.findFirstOrThrow({ where: { accountId: customer.id, day: at("2028-01-10T00:00:00Z") } });
    expect(tenth).toMatchObject({ activeDevices: 2, paygDeviceDays: 2 });
    // The gateways' last seen moved with the fold.
    const gateways = await db.gateway.findMany({ where: { accountId: customer.id, serialNumber: { in: [a, b] } }, orderBy: { serialNumber: "asc" } });
    const lastSeen = new Map(gateways.map((gw) => [gw.serialNumber, gw.lastSeenAt?.toISOString()]));
    expect(lastSeen.get(a)).toBe("2028-01-10T09:00:00.000Z");
    expect(lastSeen.get(b)).toBe("2028-01-10T10:00:00.000Z");
  });

  it("an event queued before its day was metered and folded after it becomes a correction, never activity nobody bills", async () => {
    const { customer, a, b, key } = await paygCustomer("fold-race");
    await ingest(key, [{ deviceId: a, kind: "GATEWAY", at: "2028-01-10T10:00:00Z" }], "2028-01-10T10:05:00Z");
    // b reports on the 13th about the 10th: still inside the late window, so it is queued as activity.
    // The batch commits just after a metering run folded: the run meters the 10th without it.
    // (Taken off the queue here, so the run cannot see it, then put back as it would arrive.)
    const parked = await withFoldsPaused(async () => {
      expect(await ingest(key, [{ deviceId: b, kind: "GATEWAY", at: "2028-01-10T15:00:00Z" }], "2028-01-13T23:00:00Z", { fold: false })).toMatchObject({
        accepted: 1,
        late: 0,
      });
      return db.$queryRaw<{ account_id: string; event_key: string; device_id: string; at: Date }[]>`
        DELETE FROM telemetry_pending WHERE account_id = ${customer.id}::uuid RETURNING account_id, event_key, device_id, at`;
    });
    await meterDays(db, { now: at("2028-01-14T00:00:00Z"), accountIds: [customer.id] });
    const metered = await db.usageDaily.findFirstOrThrow({ where: { accountId: customer.id, day: at("2028-01-10T00:00:00Z") } });
    expect(metered).toMatchObject({ activeDevices: 1, paygDeviceDays: 1 });
    for (const row of parked) {
      await db.$executeRaw`INSERT INTO telemetry_pending (account_id, event_key, device_id, at)
                           VALUES (${row.account_id}::uuid, ${row.event_key}, ${row.device_id}::uuid, ${row.at})`;
    }
    expect(parked).toHaveLength(1);

    await foldAllPendingNow(db);
    const deviceB = await db.device.findFirstOrThrow({ where: { accountId: customer.id, externalId: b } });
    const corrections = await db.usageCorrection.findMany({ where: { accountId: customer.id } });
    expect(corrections.map((c) => ({ device: c.deviceId, day: dbDateToIso(c.day), delta: c.delta }))).toEqual([
      { device: deviceB.id, day: "2028-01-10", delta: 1 },
    ]);
    // The metered day and its activity are untouched.
    expect((await activity(customer.id)).map(({ device, day }) => `${device} ${day}`)).toEqual([`${a} 2028-01-10`]);
    expect(await db.usageDaily.findFirstOrThrow({ where: { accountId: customer.id, day: at("2028-01-10T00:00:00Z") } })).toEqual(metered);
  });

  it("concurrent batches sharing devices and concurrent folds count every event exactly once", async () => {
    const t = await makeTenant("fold-concurrent");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const devices = Array.from({ length: 30 }, (_, i) => `shared-${i}`);
    const batches: SentEvent[][] = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 150 }, (_, i) => ({
        eventId: `b${b}-e${i}`,
        deviceId: devices[(i * 7 + b) % devices.length]!,
        at: new Date(Date.UTC(2028, 0, 10 + (i % 2), (b * 3 + i) % 24, i % 60)).toISOString(),
      })),
    );
    const work: Promise<unknown>[] = batches.map((batch) => ingest(key, batch, "2028-01-12T00:00:00Z", { fold: false }));
    for (let i = 0; i < 4; i++) work.push(drainPendingTelemetry(db), requestFold(db));
    await Promise.all(work);
    await foldAllPendingNow(db);

    // The oracle: per device and day, the events sent.
    const expected = new Map<string, { events: number; first: string; last: string }>();
    for (const event of batches.flat()) {
      const id = `${event.deviceId} ${event.at.slice(0, 10)}`;
      const entry = expected.get(id) ?? { events: 0, first: event.at, last: event.at };
      entry.events += 1;
      if (event.at < entry.first) entry.first = event.at;
      if (event.at > entry.last) entry.last = event.at;
      expected.set(id, entry);
    }
    const rows = await activity(t.customer.id);
    expect(Object.fromEntries(rows.map((row) => [`${row.device} ${row.day}`, { events: row.events, first: row.first, last: row.last }]))).toEqual(
      Object.fromEntries(expected),
    );
    expect(await queued(t.customer.id)).toBe(0);
    const lastSeen = await db.device.findMany({ where: { accountId: t.customer.id }, select: { externalId: true, lastSeenAt: true } });
    for (const device of lastSeen) {
      const latest = batches.flat().filter((event) => event.deviceId === device.externalId).map((event) => event.at).sort().at(-1);
      expect(device.lastSeenAt?.toISOString()).toBe(latest);
    }
  });

  it("a fold that fails half-way leaves the queue whole; the next one counts it once", async () => {
    const t = await makeTenant("fold-crash");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const batch: SentEvent[] = [
      { deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" },
      { deviceId: "laptop-2", at: "2028-01-10T09:00:00Z" },
    ];
    await ingest(key, batch, "2028-01-10T12:00:00Z", { fold: false });
    const crashed = db.$transaction(async (tx) => {
      await foldAllInTransaction(tx, { now: at("2028-01-10T12:00:01Z") });
      throw new Error("the process died before COMMIT");
    });
    await expect(crashed).rejects.toThrow(/died/);
    // Rolled back whole: the queue still holds both (unless another file's fold took them since, counted once).
    expect(await queuedOrCounted(t.customer.id)).toBe(2);
    await foldAllPendingNow(db);
    expect(await queued(t.customer.id)).toBe(0);
    expect(await eventsCounted(t.customer.id)).toBe(2);
  });

  it.runIf(onPostgres)("a fold gives way while another holds the lock; once it is released the queued events are folded", async () => {
    const t = await makeTenant("fold-busy");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    await withFoldsPaused(async () => {
      await ingest(key, [{ deviceId: "laptop-1", at: "2028-01-10T08:00:00Z" }], "2028-01-10T12:00:00Z", { fold: false });
      // Nobody can fold while the lock is held: the drain gives way at once instead of queueing.
      expect(await drainPendingTelemetry(db)).toEqual({ events: 0, days: 0, corrections: 0, busy: true });
      expect(await queued(t.customer.id)).toBe(1);
    });
    await foldAllPendingNow(db);
    expect(await queued(t.customer.id)).toBe(0);
    expect(await eventsCounted(t.customer.id)).toBe(1);
  });

  it("one transaction folding a backlog in several chunks counts every event once, device-days spanning chunks included", async () => {
    const t = await makeTenant("fold-chunks");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const batch: SentEvent[] = Array.from({ length: 9 }, (_, i) => ({
      eventId: `c-${i}`,
      deviceId: `laptop-${i % 2}`,
      at: new Date(Date.UTC(2028, 0, 10, 8 + i)).toISOString(),
    }));
    await withFoldsPaused(async () => {
      await ingest(key, batch, "2028-01-10T20:00:00Z", { fold: false });
    });
    // Chunks of 2 events: the same device-day comes back chunk after chunk.
    await foldAllPendingNow(db, { chunk: 2 });
    expect((await activity(t.customer.id)).map(({ device, events, first, last }) => ({ device, events, first, last }))).toEqual([
      { device: "laptop-0", events: 5, first: "2028-01-10T08:00:00.000Z", last: "2028-01-10T16:00:00.000Z" },
      { device: "laptop-1", events: 4, first: "2028-01-10T09:00:00.000Z", last: "2028-01-10T15:00:00.000Z" },
    ]);
  });

  it.runIf(onPostgres)("the retention purge waits for a batch in flight and keeps the device it reported", async () => {
    const t = await makeTenant("fold-purge");
    await db.account.update({ where: { id: t.customer.id }, data: { retentionDays: 30 } });
    const device = await db.device.create({
      data: { accountId: t.customer.id, externalId: "old-laptop", kind: "ENDPOINT", registeredBy: "telemetry", createdAt: new Date("2027-01-01T00:00:00Z") },
    });
    // A batch that read the (long silent) device and is about to commit its queued event.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const inFlight = new Promise<void>((resolve) => (written = resolve));
    const batch = db.$transaction(
      async (tx) => {
        await tx.$executeRaw`INSERT INTO telemetry_pending (account_id, event_key, device_id, at)
                             VALUES (${t.customer.id}::uuid, 'old-laptop@2028-06-01', ${device.id}::uuid, ${new Date("2028-06-01T10:00:00Z")})`;
        written();
        await committed;
      },
      { timeout: 20_000 },
    );
    await inFlight;
    let purged = false;
    const purge = purgeInactiveRecords(db, { now: new Date("2028-06-01T12:00:00Z"), accountIds: [t.customer.id] }).then((outcome) => {
      purged = true;
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(purged).toBe(false);
    commit();
    await batch;
    await purge;
    expect(await db.device.findUnique({ where: { id: device.id } })).not.toBeNull();
    await foldAllPendingNow(db);
    expect((await db.device.findUniqueOrThrow({ where: { id: device.id } })).lastSeenAt?.toISOString()).toBe("2028-06-01T10:00:00.000Z");
  });

  it.runIf(onPostgres)("while the purge waits for a batch in flight, new batches are not held behind it for longer than its lock timeout", async () => {
    const t = await makeTenant("fold-purge-bound");
    await db.account.update({ where: { id: t.customer.id }, data: { retentionDays: 30 } });
    const oldDevice = (externalId: string) =>
      db.device.create({ data: { accountId: t.customer.id, externalId, kind: "ENDPOINT", registeredBy: "telemetry", createdAt: new Date("2027-01-01T00:00:00Z") } });
    const silent = await oldDevice("silent-laptop");
    const reporting = await oldDevice("busy-laptop");
    const queue = (deviceId: string, key: string) =>
      db.$executeRaw`INSERT INTO telemetry_pending (account_id, event_key, device_id, at) VALUES (${t.customer.id}::uuid, ${key}, ${deviceId}::uuid, ${new Date("2028-06-01T10:00:00Z")})`;
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const inFlight = new Promise<void>((resolve) => (written = resolve));
    const slowBatch = db.$transaction(
      async (tx) => {
        await tx.$executeRaw`INSERT INTO telemetry_pending (account_id, event_key, device_id, at)
                             VALUES (${t.customer.id}::uuid, 'silent@2028-06-01', ${silent.id}::uuid, ${new Date("2028-06-01T10:00:00Z")})`;
        written();
        await committed;
      },
      { timeout: 30_000 },
    );
    await inFlight;
    const purge = purgeInactiveRecords(db, { now: new Date("2028-06-01T12:00:00Z"), accountIds: [t.customer.id] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The slow batch is still open: the next batch's write goes through all the same (the purge's
    // SHARE request gave up after its lock timeout instead of queueing every writer behind it).
    const nextBatch = queue(reporting.id, "busy@2028-06-01").then(() => "written");
    const stalled = new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000));
    expect(await Promise.race([nextBatch, stalled])).toBe("written");
    commit();
    await slowBatch;
    const outcome = await purge;
    // Both devices have queued events: neither is purged.
    expect(outcome.devices).toBe(0);
    expect(await db.device.count({ where: { id: { in: [silent.id, reporting.id] } } })).toBe(2);
    await foldAllPendingNow(db);
  });
});
