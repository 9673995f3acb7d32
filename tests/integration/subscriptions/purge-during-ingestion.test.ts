import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { foldAllPendingNow } from "@/server/metering/fold-telemetry";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { makeTenant } from "../../support/factories";
import { ingest, keyActor, type SentEvent } from "../../support/telemetry-helpers";

/**
 * The retention purge (docs/subscriptions.md#retention-purge) running while batches keep
 * coming: no accepted event is lost, a long-silent device that reports meanwhile is kept
 * (or, if the purge took it first, comes back as a new device with all its events), and
 * the silent ones are purged. Latency is a bench's business (bench:purge-under-load); this
 * checks correctness only. Instants are pinned in 2028.
 */

const onPostgres = Boolean(process.env.DATABASE_URL);
const NOW = "2028-06-01T12:00:00Z";
const STALE = 2000;
/** Stale devices that report during the purge: every REVIVE_EVERY-th one. */
const REVIVE_EVERY = 10;
const CLIENTS = 4;
const BATCHES = 8;
const EVENTS = 100;

describe("retention purge during ingestion", () => {
  it.runIf(onPostgres)("loses no accepted event and never purges a device that reports meanwhile", async () => {
    const t = await makeTenant("purge-ingest");
    await db.account.update({ where: { id: t.customer.id }, data: { retentionDays: 30 } });
    // Devices silent since 2027, written set-based.
    await db.$executeRaw`
      INSERT INTO devices (id, account_id, external_id, kind, registered_by, first_seen_at, last_seen_at, created_at)
      SELECT gen_random_uuid(), ${t.customer.id}::uuid, 'stale-' || n, 'ENDPOINT', 'telemetry', ts, ts, ts
      FROM generate_series(1, ${STALE}::int) AS n, (SELECT timestamptz '2027-01-01T00:00:00Z' AS ts) c`;
    const key = await keyActor(t.customer, t.msspAdmin.actor);

    // Each event names a revived stale device or a new one; every key is unique.
    const reported = new Set<string>();
    const batchOf = (client: number, batch: number): SentEvent[] =>
      Array.from({ length: EVENTS }, (_, index) => {
        const n = client * BATCHES * EVENTS + batch * EVENTS + index;
        const deviceId = n % 2 === 0 ? `stale-${1 + ((n / 2) * REVIVE_EVERY) % STALE}` : `new-${n % 97}`;
        reported.add(deviceId);
        return { eventId: `c${client}-b${batch}-e${index}`, deviceId, at: `2028-06-01T10:${String(index % 60).padStart(2, "0")}:00Z` };
      });

    let started = 0;
    let signalStart!: () => void;
    const loadUnderway = new Promise<void>((resolve) => (signalStart = resolve));
    const results: { accepted: number; duplicates: number }[] = [];
    const client = async (index: number) => {
      for (let batch = 0; batch < BATCHES; batch++) {
        if (++started === CLIENTS) signalStart();
        results.push(await ingest(key, batchOf(index, batch), NOW, { fold: batch % 2 === 0 }));
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    await loadUnderway;
    const [outcome] = await Promise.all([purgeInactiveRecords(db, { now: new Date(NOW), accountIds: [t.customer.id] }), load]);
    await foldAllPendingNow(db);

    const sent = CLIENTS * BATCHES * EVENTS;
    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(sent);
    const [stored] = await db.$queryRaw<{ events: number; folded: number; pending: number }[]>`
      SELECT (SELECT count(*) FROM telemetry_events WHERE account_id = ${t.customer.id}::uuid)::int AS events,
             (SELECT coalesce(sum(events), 0) FROM device_daily_activity WHERE account_id = ${t.customer.id}::uuid)::int AS folded,
             (SELECT count(*) FROM telemetry_pending WHERE account_id = ${t.customer.id}::uuid)::int AS pending`;
    // Stored once and folded once: an event queued for a device the purge deleted would be dropped by the fold.
    expect(stored).toEqual({ events: sent, folded: sent, pending: 0 });

    const devices = await db.device.findMany({ where: { accountId: t.customer.id }, select: { externalId: true, lastSeenAt: true } });
    const left = new Map(devices.map((device) => [device.externalId, device]));
    // Every device that reported is there, its last seen from this batch's day.
    expect([...reported].filter((id) => !left.has(id))).toEqual([]);
    expect([...reported].filter((id) => left.get(id)!.lastSeenAt?.toISOString().slice(0, 10) !== "2028-06-01")).toEqual([]);
    // The silent ones are gone (the purge ran for real, whichever way it met the batches).
    const silent = Array.from({ length: STALE }, (_, n) => `stale-${n + 1}`).filter((id) => !reported.has(id));
    expect(silent.filter((id) => left.has(id))).toEqual([]);
    expect(outcome.devices).toBeGreaterThanOrEqual(silent.length);
  }, 120_000);
});
