import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { POST } from "@/app/api/v1/telemetry/route";
import { db, setDb } from "@/server/db";
import { createPrismaClient } from "@/server/db/create-prisma-client";
import { applyMigrations } from "@/server/db/migrate/apply-migrations";
import { openRawDatabase } from "@/server/db/raw-database";
import { plainPoolFor } from "@/server/db/plain-pool";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { foldAllPendingNow } from "@/server/metering/fold-telemetry";
import { seedCatalogue } from "../../../prisma/seed/catalogue";
import { makeTenant } from "../../support/factories";
import { startPrivateCluster, type PrivateCluster } from "../../support/private-cluster";

/**
 * PostgreSQL restarted while telemetry comes in (docs/deploying.md#faults): the route
 * runs in this process against a cluster of the test's own, which is stopped (fast:
 * every session ends with 57P01) and started again a second later while four clients
 * keep sending batches. A client honours 503 + Retry-After by sending the same batch
 * again (sooner than told, to keep the test short): events count once by their keys.
 */

const CLIENTS = 4;
const BATCHES_PER_CLIENT = 25;
const EVENTS_PER_BATCH = 200;
/** The restart starts once this many batches were answered 200, so it falls mid-load. */
const RESTART_AFTER_BATCHES = 20;
const DOWN_MS = 1000;
/** A client's pause before re-sending a refused batch (a real one waits Retry-After seconds). */
const RETRY_PAUSE_MS = 100;
/** Longest a batch may keep being refused before the test gives up on the app reconnecting. */
const GIVE_UP_MS = 90_000;

/** One instant for every event (30 minutes ago: inside the late window, one day). */
const SENT_AT = new Date(Date.now() - 30 * 60_000).toISOString();

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { accepted?: number; duplicates?: number; error?: { code: string } } | null;
  /** When it came back, against the restart window. */
  at: number;
}

let cluster: PrivateCluster | null = null;
let skipReason = "";
let previousDb: PrismaClient | undefined;
let privateDb: PrismaClient | null = null;
const globalForDb = globalThis as unknown as { __portalDb?: PrismaClient };
const rateSetting = process.env.TELEMETRY_RATE_PER_SECOND;

beforeAll(async () => {
  const started = await startPrivateCluster();
  if ("unavailable" in started) {
    skipReason = started.unavailable;
    return;
  }
  cluster = started;
  const raw = await openRawDatabase({ kind: "postgres", url: cluster.url });
  try {
    await applyMigrations(raw);
  } finally {
    await raw.close();
  }
  // The app's modules read the process-wide client: point it at the private cluster for this file.
  previousDb = globalForDb.__portalDb;
  privateDb = createPrismaClient({ kind: "postgres", url: cluster.url });
  setDb(privateDb);
  await seedCatalogue(privateDb);
  // The per-key batch limiter is not what this test is about.
  process.env.TELEMETRY_RATE_PER_SECOND = "100000";
}, 180_000);

afterAll(async () => {
  if (rateSetting === undefined) delete process.env.TELEMETRY_RATE_PER_SECOND;
  else process.env.TELEMETRY_RATE_PER_SECOND = rateSetting;
  if (previousDb) setDb(previousDb);
  else delete globalForDb.__portalDb;
  if (privateDb) {
    await plainPoolFor(privateDb, "ingest")?.end();
    await plainPoolFor(privateDb, "exports")?.end();
    await privateDb.$disconnect();
  }
  await cluster?.destroy();
}, 120_000);

function batchOf(client: number, batch: number) {
  return {
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, index) => ({
      eventId: `c${client}-b${batch}-e${index}`,
      deviceId: `device-${client}-${index % 50}`,
      kind: "ENDPOINT",
      at: SENT_AT,
    })),
  };
}

async function send(key: string, body: unknown): Promise<Answer> {
  let response: Response;
  try {
    response = await POST(
      new Request("http://test/api/v1/telemetry", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      }),
    );
  } catch (error) {
    // The handler must answer, never throw: record it as what Next would send.
    console.error("telemetry route threw", error);
    return { status: 500, retryAfter: null, body: null, at: Date.now() };
  }
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json().catch(() => null), at: Date.now() };
}

describe("PostgreSQL restarted during ingestion", () => {
  it("answers 503 with Retry-After meanwhile, reconnects by itself, and loses no accepted event", async (context) => {
    // Skipped only where no private cluster can start (no PostgreSQL server binaries, e.g. a PGlite-only
    // machine): restarting the shared test cluster would break every other test running beside it.
    if (!cluster) return context.skip(`no private PostgreSQL cluster: ${skipReason}`);
    const t = await makeTenant("db-restart");
    const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, name: "Collector" });
    const ingestPool = plainPoolFor(db, "ingest");

    const answers: Answer[] = [];
    let acknowledged = 0;
    let restart: Promise<{ from: number; to: number }> | null = null;
    const maybeRestart = () => {
      if (restart || acknowledged < RESTART_AFTER_BATCHES) return;
      const from = Date.now();
      restart = cluster!.restart(DOWN_MS).then(() => ({ from, to: Date.now() }));
    };

    async function client(index: number) {
      for (let batch = 0; batch < BATCHES_PER_CLIENT; batch++) {
        const body = batchOf(index, batch);
        const firstTry = Date.now();
        for (;;) {
          const answer = await send(key, body);
          answers.push(answer);
          if (answer.status === 200) break;
          if (answer.status !== 503 || Date.now() - firstTry > GIVE_UP_MS) return;
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
        acknowledged++;
        maybeRestart();
      }
    }

    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    expect(restart, "the load ended before the restart began").not.toBeNull();
    const window = await restart!;

    const statuses = [...new Set(answers.map((answer) => answer.status))].sort();
    const refused = answers.filter((answer) => answer.status === 503);
    const okAfterRestart = answers.filter((answer) => answer.status === 200 && answer.at > window.to);
    console.log(
      `database restart: ${answers.length} answers (${refused.length} × 503), down ${window.to - window.from} ms, ${okAfterRestart.length} batches accepted after it`,
    );

    // Never a 500: during the outage every failure is a 503 that says when to come back.
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(refused.length, "the restart should have refused some batches").toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.body?.error?.code).toBe("SERVICE_UNAVAILABLE");
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    // The app reconnected by itself: batches went through after the restart, on the same pool.
    expect(acknowledged).toBe(CLIENTS * BATCHES_PER_CLIENT);
    expect(okAfterRestart.length).toBeGreaterThan(0);
    expect(plainPoolFor(db, "ingest")).toBe(ingestPool);

    // Accepted = stored: every event of every acknowledged batch is in telemetry_events once.
    // A batch refused after its events committed comes back as duplicates on the retry, so
    // accepted + duplicates over the 200 answers is every event sent, and accepted alone
    // is at most what is stored.
    const sent = CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
    const ok = answers.filter((answer) => answer.status === 200);
    const accepted = ok.reduce((sum, answer) => sum + (answer.body?.accepted ?? 0), 0);
    const duplicates = ok.reduce((sum, answer) => sum + (answer.body?.duplicates ?? 0), 0);
    expect(accepted + duplicates).toBe(sent);
    const [stored] = await db.$queryRaw<{ events: number; keys: number; strays: number }[]>`
      SELECT count(*)::int AS events, count(DISTINCT event_key)::int AS keys,
             count(*) FILTER (WHERE event_key !~ '^c[0-9]+-b[0-9]+-e[0-9]+$')::int AS strays
      FROM telemetry_events WHERE account_id = ${t.customer.id}::uuid`;
    expect(stored).toEqual({ events: sent, keys: sent, strays: 0 });
    expect(accepted).toBeLessThanOrEqual(sent);

    // And folded: whatever the outage left pending is taken by the next fold.
    await foldAllPendingNow(db);
    const [folded] = await db.$queryRaw<{ events: number; devices: number }[]>`
      SELECT coalesce(sum(events), 0)::int AS events, count(DISTINCT device_id)::int AS devices
      FROM device_daily_activity WHERE account_id = ${t.customer.id}::uuid`;
    expect(folded).toEqual({ events: sent, devices: CLIENTS * 50 });
  }, 300_000);
});
