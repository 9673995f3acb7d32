import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { AppError } from "@/lib/errors";
import {
  dropExpiredTelemetryPartitions,
  ensureTelemetryPartitions,
  listTelemetryPartitionDays,
  TELEMETRY_HORIZON_DAYS,
  telemetryHorizon,
} from "@/server/metering/telemetry-partitions";
import { meterDays } from "@/server/metering/meter-days";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { activity, at, ingest, keyActor, type SentEvent } from "../../support/telemetry-helpers";

/**
 * Bounded dedupe storage (docs/metering.md#bounded-dedupe-storage): telemetry_events is
 * partitioned by UTC day, the daily run makes partitions ahead and drops those past the
 * horizon, and ingestion refuses events older than the horizon.
 *
 * Integration files share one database and run in parallel, and dropping partitions acts on
 * the whole table. Every instant here lies in June and July 2000 (ingestion takes none before
 * 2000): after the only other daily run of the suite (exactly-once.test.ts, January 1999, which
 * drops nothing past December 1998) and before every other file's telemetry, so the drops below
 * remove only this file's partitions.
 */

const count = (accountId: string) => db.telemetryEvent.count({ where: { accountId } });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("the telemetry horizon", () => {
  it("is the start of the UTC day seven days before today, whatever the hour", () => {
    expect(TELEMETRY_HORIZON_DAYS).toBe(7);
    expect(telemetryHorizon(at("2000-06-20T00:00:00Z")).toISOString()).toBe("2000-06-13T00:00:00.000Z");
    expect(telemetryHorizon(at("2000-06-20T23:59:59.999Z")).toISOString()).toBe("2000-06-13T00:00:00.000Z");
    expect(telemetryHorizon(at("2000-03-02T08:00:00Z")).toISOString()).toBe("2000-02-24T00:00:00.000Z");
  });

  it("an event older than the horizon refuses its whole batch with 422 naming the field and the horizon; nothing is written", async () => {
    const t = await makeTenant("horizon-422");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const batch: SentEvent[] = [
      { deviceId: "laptop-1", at: "2000-06-19T10:00:00Z" },
      { deviceId: "laptop-2", at: "2000-06-12T23:59:59.999Z" },
    ];
    const error = await refusal(ingest(key, batch, "2000-06-20T12:00:00Z"));
    expect(error.code).toBe("RULE_VIOLATION");
    expect(error.reason).toBe("BEYOND_TELEMETRY_HORIZON");
    expect(error.message).toContain("events[1].at (2000-06-12T23:59:59.999Z) is older than the telemetry horizon");
    expect(error.message).toContain("events are accepted from 2000-06-13T00:00:00.000Z on");
    expect(error.fieldErrors).toEqual({ "events[1].at": [expect.stringContaining("2000-06-13T00:00:00.000Z")] });
    expect(await count(t.customer.id)).toBe(0);
    expect(await db.device.count({ where: { accountId: t.customer.id } })).toBe(0);

    // The horizon's first instant is inside it.
    const inside = await ingest(key, [{ deviceId: "laptop-2", at: "2000-06-13T00:00:00Z" }], "2000-06-20T12:00:00Z");
    expect(inside.accepted).toBe(1);
  });
});

describe("telemetry partitions", () => {
  it("are made from the horizon's day through two days ahead, once; concurrent calls both succeed", async () => {
    const now = at("2000-06-20T12:00:00Z");
    // Twice at once, as two instances' daily runs (or first batches) may.
    const [first, second] = await Promise.all([ensureTelemetryPartitions(db, now), ensureTelemetryPartitions(db, now)]);
    const days = await listTelemetryPartitionDays(db);
    const wanted = ["2000-06-13", "2000-06-14", "2000-06-15", "2000-06-16", "2000-06-17", "2000-06-18", "2000-06-19", "2000-06-20", "2000-06-21", "2000-06-22"];
    expect(days).toEqual(expect.arrayContaining(wanted));
    // Between them every missing day was made once (an earlier test may have made some).
    expect([...first, ...second].every((day) => wanted.includes(day))).toBe(true);
    expect(await ensureTelemetryPartitions(db, now)).toEqual([]);
    expect(await ensureTelemetryPartitions(db, at("2000-06-21T00:30:00Z"))).toEqual(["2000-06-23"]);

    // The partition holds its UTC day exactly: an instant at midnight lands in the day it starts.
    const bounds = await db.$queryRawUnsafe<{ bound: string }[]>(
      `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.relname = 'telemetry_events_p20000620'`,
    );
    expect(bounds[0]!.bound).toBe("FOR VALUES FROM ('2000-06-20 00:00:00+00') TO ('2000-06-21 00:00:00+00')");
  });

  it("dropping removes only the partitions a day past the horizon; the billing history stays", async () => {
    const t = await makeTenant("horizon-drop");
    // A PAYG user service on an account that exists since May, so its June days meter and bill.
    await db.account.update({ where: { id: t.customer.id }, data: { createdAt: at("2000-05-01T00:00:00Z") } });
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: "defensx-web-security", registeredOn: "2000-06-01", expiresOn: null });
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const events: SentEvent[] = ["2000-06-05", "2000-06-06", "2000-06-07", "2000-06-08", "2000-06-09"].map((day) => ({
      deviceId: "laptop-1",
      at: `${day}T12:00:00Z`,
    }));
    expect((await ingest(key, events, "2000-06-10T12:00:00Z")).accepted).toBe(5);
    // On the 14th the 1st–10th are final and metered; a late laptop-2 on the 7th is a correction.
    expect(await meterDays(db, { now: at("2000-06-14T00:05:00Z"), accountIds: [t.customer.id] })).toBe(10);
    expect(await ingest(key, [{ deviceId: "laptop-2", at: "2000-06-07T09:00:00Z" }], "2000-06-14T00:10:00Z")).toMatchObject({ late: 1, corrections: 1 });
    const billing = async () => ({
      activity: await activity(t.customer.id),
      usage: await db.usageDaily.findMany({ where: { accountId: t.customer.id }, orderBy: { day: "asc" } }),
      corrections: await db.usageCorrection.findMany({ where: { accountId: t.customer.id } }),
    });
    const before = await billing();
    expect(before.activity).toHaveLength(5);
    expect(before.usage.filter((row) => row.activeDevices > 0)).toHaveLength(5);
    expect(before.corrections).toHaveLength(1);

    // On the 15th the horizon is the 8th: the 7th's partition is kept a day more, the 6th's and older go.
    const dropped = await dropExpiredTelemetryPartitions(db, at("2000-06-15T03:00:00Z"));
    expect(dropped).toEqual(expect.arrayContaining(["2000-06-05", "2000-06-06"]));
    expect(dropped.every((day) => day <= "2000-06-06")).toBe(true);
    const left = await listTelemetryPartitionDays(db);
    expect(left).toEqual(expect.arrayContaining(["2000-06-07", "2000-06-08", "2000-06-09"]));
    expect(left.some((day) => day <= "2000-06-06")).toBe(false);
    expect(await count(t.customer.id)).toBe(4);
    // Daily activity, metered days and corrections are billing history, not dedupe keys: untouched.
    expect(await billing()).toEqual(before);
    expect(await dropExpiredTelemetryPartitions(db, at("2000-06-15T23:00:00Z"))).toEqual([]);
  });

  it("an event re-sent after its partition is dropped cannot count twice: it is past the horizon and refused", async () => {
    const t = await makeTenant("horizon-resend");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    // The oldest event accepted on the 20th (the horizon's first instant), and one a day later.
    const oldest: SentEvent = { eventId: "edge-1", deviceId: "laptop-1", at: "2000-06-13T00:00:00Z" };
    const next: SentEvent = { eventId: "edge-2", deviceId: "laptop-1", at: "2000-06-14T00:00:00Z" };
    expect((await ingest(key, [oldest, next], "2000-06-20T23:00:00Z")).accepted).toBe(2);

    // While its partition stands, a re-send is a duplicate, up to the last instant of the horizon.
    expect(await ingest(key, [oldest], "2000-06-20T23:59:59Z")).toMatchObject({ accepted: 0, duplicates: 1 });
    // The next day the horizon has passed it: refused (its key is still stored — the drop margin).
    expect((await refusal(ingest(key, [oldest], "2000-06-21T00:00:00Z"))).reason).toBe("BEYOND_TELEMETRY_HORIZON");
    expect(await dropExpiredTelemetryPartitions(db, at("2000-06-21T00:00:00Z"))).not.toContain("2000-06-13");
    expect(await ingest(key, [next], "2000-06-21T00:00:00Z")).toMatchObject({ accepted: 0, duplicates: 1 });

    // A day later still, the 13th's partition goes; the event stays refused, so it never counts again.
    expect(await dropExpiredTelemetryPartitions(db, at("2000-06-22T00:00:00Z"))).toContain("2000-06-13");
    expect((await refusal(ingest(key, [oldest], "2000-06-22T00:00:00Z"))).reason).toBe("BEYOND_TELEMETRY_HORIZON");
    expect((await refusal(ingest(key, [next], "2000-06-22T00:00:00Z"))).reason).toBe("BEYOND_TELEMETRY_HORIZON");
    expect(await count(t.customer.id)).toBe(1);
    expect((await activity(t.customer.id)).map(({ day, events }) => `${day} ${events}`)).toEqual(["2000-06-13 1", "2000-06-14 1"]);
  });

  it("ingestion makes a missing partition itself (a fresh database, a daily run not made yet)", async () => {
    const t = await makeTenant("horizon-fresh");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    // Days no earlier test made partitions for: the batch's own call makes them.
    expect((await listTelemetryPartitionDays(db)).includes("2000-07-30")).toBe(false);
    const result = await ingest(key, [{ deviceId: "laptop-1", at: "2000-07-30T23:58:00Z" }, { deviceId: "laptop-1", at: "2000-07-31T00:03:00Z" }], "2000-07-30T23:59:00Z");
    expect(result.accepted).toBe(2);
    expect(await listTelemetryPartitionDays(db)).toEqual(expect.arrayContaining(["2000-07-30", "2000-07-31", "2000-08-01"]));
  });
});

describe("identity of an event", () => {
  it("an eventId re-sent with another instant is another event; with the same instant, a duplicate", async () => {
    const t = await makeTenant("horizon-identity");
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    const now = "2000-06-20T12:00:00Z";
    expect(await ingest(key, [{ eventId: "x-1", deviceId: "laptop-1", at: "2000-06-20T08:00:00Z" }], now)).toMatchObject({ accepted: 1 });
    expect(
      await ingest(
        key,
        [
          { eventId: "x-1", deviceId: "laptop-1", at: "2000-06-20T08:00:00Z" },
          { eventId: "x-1", deviceId: "laptop-1", at: "2000-06-20T09:00:00Z" },
          { eventId: "x-1", deviceId: "laptop-1", at: "2000-06-20T09:00:00.000Z" },
        ],
        now,
      ),
    ).toMatchObject({ received: 3, accepted: 1, duplicates: 2 });
    expect(await count(t.customer.id)).toBe(2);
  });
});
