import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/telemetry/route";
import { GET as cronGet, POST as cronPost } from "@/app/api/cron/meter/route";
import { db } from "@/server/db";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { takeToken, telemetryRateLimit } from "@/server/api-keys/rate-limiter";
import { METER_JOB } from "@/server/jobs/run-daily-jobs";
import { TELEMETRY_BODY_LIMIT } from "@/server/metering/telemetry-input";
import { meterDays } from "@/server/metering/meter-days";
import { dbDateToIso, todayIn } from "@/lib/dates";
import { listTimezones } from "@/lib/timezones";
import { LOCAL_DAY_JOB, localDayPeriod } from "@/server/jobs/run-local-day-jobs";
import { makeTenant, type TestAccount } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

/**
 * POST /api/v1/telemetry through its exported handler. The route has no clock
 * of its own: events are stamped relative to the real time of the call.
 * GET|POST /api/cron/meter: only its secret check and run-record answers are
 * exercised here (a real run touches every account in the database).
 */

const URL_BASE = "http://test/api/v1/telemetry";

function post(key: string | null, body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(URL_BASE, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

interface ApiBody {
  error?: { code: string; message: string; faults?: { index: number; field: string; message: string }[]; fields?: Record<string, string[]> };
  received?: number;
  accepted?: number;
  duplicates?: number;
  late?: number;
  corrections?: number;
  devicesCreated?: number;
}

async function expectError(response: Response, status: number, code: string) {
  const body = (await response.json()) as ApiBody;
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error?.message).toBe("string");
  return body.error!;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** One instant for the whole file, so events of a test never straddle a midnight. */
const SENT_AT = minutesAgo(30);
const event = (overrides: Record<string, unknown> = {}) => ({ deviceId: "laptop-1", kind: "ENDPOINT", at: SENT_AT, ...overrides });

/** Everything telemetry could have written for these accounts. */
async function writes(...accounts: TestAccount[]) {
  const accountId = { in: accounts.map((account) => account.id) };
  const [devices, events, activity] = await Promise.all([
    db.device.count({ where: { accountId } }),
    db.telemetryEvent.count({ where: { accountId } }),
    db.deviceDailyActivity.count({ where: { accountId } }),
  ]);
  return { devices, events, activity };
}
const NOTHING = { devices: 0, events: 0, activity: 0 };

async function keyOf(account: TestAccount, t: Awaited<ReturnType<typeof makeTenant>>) {
  return createApiKey(db, { actor: t.msspAdmin.actor, accountId: account.id, name: "Collector" });
}

describe("POST /api/v1/telemetry", () => {
  it("a good batch → 200 with the counts; sent again → every event a duplicate", async () => {
    const t = await makeTenant("tel-ok");
    const { key } = await keyOf(t.mssp, t);
    const batch = {
      events: [
        event({ eventId: "a-1" }),
        event({ eventId: "a-2" }),
        event({ eventId: "a-1" }),
        event({ deviceId: "gw-1", kind: "GATEWAY", firmware: "R82.10", accountId: t.customer.id }),
        event({ deviceId: "ap-1", kind: "ACCESS_POINT", accountId: t.grandCustomer.id }),
      ],
    };
    const response = await post(key, batch);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ received: 5, accepted: 4, duplicates: 1, late: 0, corrections: 0, devicesCreated: 3 });
    expect(await writes(t.mssp)).toEqual({ devices: 1, events: 2, activity: 1 });
    expect(await writes(t.customer)).toEqual({ devices: 1, events: 1, activity: 1 });
    expect(await writes(t.grandCustomer)).toEqual({ devices: 1, events: 1, activity: 1 });

    const again = await post(key, batch);
    expect(await again.json()).toEqual({ received: 5, accepted: 0, duplicates: 5, late: 0, corrections: 0, devicesCreated: 0 });
  });

  it("an event for a day already metered after its late window closed is accepted as late, into the corrections", async () => {
    const t = await makeTenant("tel-late");
    const { key } = await keyOf(t.customer, t);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    // A PAYG user service for the last 20 days, metered up to today − 4 (the account exists since 30 days ago).
    await db.account.update({ where: { id: t.customer.id }, data: { createdAt: daysAgo(30) } });
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: "defensx-web-security", registeredOn: dbDateToIso(daysAgo(20)), expiresOn: null });
    expect(await meterDays(db, { now: new Date(), accountIds: [t.customer.id] })).toBeGreaterThan(10);
    // Six days back: past its day's late window, still inside the telemetry horizon (7 UTC days).
    const late = await post(key, { events: [event({ at: daysAgo(6).toISOString() }), event({ at: daysAgo(6).toISOString(), eventId: "again" })] });
    expect(await late.json()).toEqual({ received: 2, accepted: 2, duplicates: 0, late: 2, corrections: 1, devicesCreated: 1 });
    expect(await writes(t.customer)).toEqual({ devices: 1, events: 2, activity: 0 });
  });

  it("a malformed batch → 400 with every fault by index and field; nothing of it is written", async () => {
    const t = await makeTenant("tel-400");
    const { key } = await keyOf(t.customer, t);
    const malformed = await expectError(
      await post(key, { events: [event(), { deviceId: "", kind: "TOASTER", at: "yesterday" }, event({ accountId: "nope" })] }),
      400,
      "INVALID_BATCH",
    );
    expect(malformed.message).toMatch(/nothing was written/);
    expect(malformed.faults!.map(({ index, field }) => `${index}:${field}`).sort()).toEqual(["1:at", "1:deviceId", "1:kind", "2:accountId"]);

    const future = await expectError(await post(key, { events: [event(), event({ at: new Date(Date.now() + 60 * 60_000).toISOString() })] }), 400, "INVALID_BATCH");
    expect(future.faults).toEqual([{ index: 1, field: "at", message: "The event is more than 5 minutes in the future." }]);

    const tooMany = await expectError(await post(key, { events: Array.from({ length: 10_001 }, (_, i) => event({ deviceId: `d-${i}` })) }), 400, "INVALID_BATCH");
    expect(tooMany.faults).toEqual([{ index: -1, field: "events", message: "Send at most 10000 events per batch." }]);
    await expectError(await post(key, { events: [] }), 400, "INVALID_BATCH");
    await expectError(await post(key, "{ not json"), 400, "MALFORMED_JSON");
    expect(await writes(t.customer)).toEqual(NOTHING);
  });

  it("an event older than the telemetry horizon → 422 naming the field and the horizon; nothing of the batch is written", async () => {
    const t = await makeTenant("tel-horizon");
    const { key } = await keyOf(t.customer, t);
    const old = new Date(Date.now() - 9 * 86_400_000).toISOString();
    const refused = await expectError(await post(key, { events: [event(), event({ deviceId: "laptop-2", at: old })] }), 422, "BEYOND_TELEMETRY_HORIZON");
    expect(refused.message).toMatch(/^events\[1\]\.at .* older than the telemetry horizon: events are accepted from \d{4}-\d\d-\d\dT00:00:00\.000Z on/);
    expect(Object.keys(refused.fields!)).toEqual(["events[1].at"]);
    expect(await writes(t.customer)).toEqual(NOTHING);
  });

  it("no key, a garbled key, a revoked key or the key of an inactive account → 401", async () => {
    const t = await makeTenant("tel-401");
    const { key, id } = await keyOf(t.mssp, t);
    const customerKey = await keyOf(t.customer, t);
    const batch = { events: [event({ accountId: t.customer.id })] };
    await expectError(await post(null, batch), 401, "UNAUTHENTICATED");
    await expectError(await post("garbage", batch), 401, "UNAUTHENTICATED");
    await expectError(await post(null, batch, { authorization: `Basic ${key}` }), 401, "UNAUTHENTICATED");
    await expectError(await post(`${key.slice(0, -4)}${key.endsWith("AAAA") ? "BBBB" : "AAAA"}`, batch), 401, "UNAUTHENTICATED");
    await revokeApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, keyId: id });
    await expectError(await post(key, batch), 401, "UNAUTHENTICATED");
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, change: "inactivate" });
    await expectError(await post(customerKey.key, { events: [event()] }), 401, "UNAUTHENTICATED");
    expect(await writes(t.mssp, t.customer)).toEqual(NOTHING);
  });

  it("an MSSP key reports for its children and grandchildren; outside its reach and unknown both → the same 404", async () => {
    const t = await makeTenant("tel-reach");
    const other = await makeTenant("tel-reach-other");
    const childKey = await keyOf(t.childMssp, t);
    const customerKey = await keyOf(t.customer, t);

    const ok = await post(childKey.key, { events: [event({ accountId: t.grandCustomer.id }), event({ deviceId: "own" })] });
    expect(ok.status).toBe(200);
    expect(await writes(t.grandCustomer)).toEqual({ devices: 1, events: 1, activity: 1 });
    expect(await writes(t.childMssp)).toEqual({ devices: 1, events: 1, activity: 1 });

    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await expectError(await post(childKey.key, { events: [event({ deviceId: "mine" }), event({ accountId: unknown })] }), 404, "UNKNOWN_ACCOUNT");
    expect(missing.message).toContain(unknown);

    // Up the tree, sideways, another tenant: refused whole, even with events for the key's own account in the
    // batch, with exactly the answer an id that names no account gets (an outsider learns nothing from it).
    for (const [key, account] of [
      [customerKey.key, t.mssp],
      [customerKey.key, t.childMssp],
      [childKey.key, t.customer],
      [childKey.key, other.customer],
    ] as const) {
      const refused = await expectError(await post(key, { events: [event({ deviceId: "mine" }), event({ accountId: account.id })] }), 404, "UNKNOWN_ACCOUNT");
      expect(refused).toEqual({ ...missing, message: missing.message.replace(unknown, account.id) });
    }
    expect(await writes(t.customer, t.mssp, other.customer)).toEqual(NOTHING);
    expect(await writes(t.childMssp)).toEqual({ devices: 1, events: 1, activity: 1 });
  });

  it("a body over 4 MiB → 413, whether declared or streamed; nothing written", async () => {
    const t = await makeTenant("tel-413");
    const { key } = await keyOf(t.customer, t);
    expect(TELEMETRY_BODY_LIMIT).toBe(4 * 1024 * 1024);
    const huge = JSON.stringify({ events: [event()], padding: "x".repeat(TELEMETRY_BODY_LIMIT) });
    await expectError(await post(key, huge), 413, "PAYLOAD_TOO_LARGE");
    await expectError(await post(key, huge, { "content-length": String(Buffer.byteLength(huge)) }), 413, "PAYLOAD_TOO_LARGE");
    expect(await writes(t.customer)).toEqual(NOTHING);
    // A full batch of 10,000 realistic events fits under the limit.
    const full = JSON.stringify({
      events: Array.from({ length: 10_000 }, (_, i) => event({ eventId: `evt-${i}-${"0".repeat(24)}`, deviceId: `device-${i % 500}-${"x".repeat(20)}`, firmware: "R82.10" })),
    });
    expect(Buffer.byteLength(full)).toBeLessThan(TELEMETRY_BODY_LIMIT);
    const response = await post(key, full);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 10_000, accepted: 10_000, devicesCreated: 500 });
  });
});

describe("scopes", () => {
  it("a read-only key may not report telemetry: 403 READ_ONLY_KEY, nothing written", async () => {
    const t = await makeTenant("tel-read-only");
    const { key, id } = await keyOf(t.customer, t);
    await db.apiKey.update({ where: { id }, data: { scope: "READ_ONLY" } });
    await expectError(await post(key, { events: [event({ deviceId: "not-by-a-reader" })] }), 403, "READ_ONLY_KEY");
    expect(await writes(t.customer)).toEqual({ devices: 0, events: 0, activity: 0 });
  });
});

describe("rate limiting", () => {
  it("a token bucket per key, kept in PostgreSQL: a burst, then Retry-After seconds until the next token", async () => {
    const t = await makeTenant("tel-bucket");
    const take = (bucket: string, ms: number, limit = { perSecond: 2, burst: 4 }) =>
      takeToken(db, { accountId: t.customer.id, bucket, limit, now: new Date(1_900_000_000_000 + ms) });
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await take("a", 0));
    expect(burst).toEqual([0, 0, 0, 0]);
    expect(await take("a", 0)).toBe(1); // 1 token missing at 2/s → 0.5 s, rounded up
    expect(await take("b", 0)).toBe(0); // another key has its own bucket
    expect(await take("a", 500)).toBe(0); // half a second refilled one token
    expect(await take("a", 500)).toBe(1);
    // A long pause refills up to the burst, not beyond.
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await take("a", 60_000));
    expect(after).toEqual([0, 0, 0, 0, 1]);
    const slow = { perSecond: 0.25, burst: 1 };
    expect(await take("slow", 0, slow)).toBe(0);
    expect(await take("slow", 0, slow)).toBe(4);
    expect(await take("slow", 3_000, slow)).toBe(1);
    // Takes from several instances at once spend each token once: a burst of 4 lets exactly 4 through.
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => take("shared", 0)));
    expect(concurrent.filter((wait) => wait === 0)).toHaveLength(4);
  });

  describe("at the route (TELEMETRY_RATE_PER_SECOND)", () => {
    const saved = process.env.TELEMETRY_RATE_PER_SECOND;
    afterEach(() => {
      if (saved === undefined) delete process.env.TELEMETRY_RATE_PER_SECOND;
      else process.env.TELEMETRY_RATE_PER_SECOND = saved;
    });

    it("over the rate → 429 with Retry-After, before the body is even read; other keys are unaffected", async () => {
      process.env.TELEMETRY_RATE_PER_SECOND = "0.5"; // burst of 1, one more batch every 2 s
      expect(telemetryRateLimit()).toEqual({ perSecond: 0.5, burst: 1 });
      const t = await makeTenant("tel-429");
      const { key } = await keyOf(t.customer, t);
      const other = await keyOf(t.mssp, t);
      expect((await post(key, { events: [event({ deviceId: "first" })] })).status).toBe(200);
      const limited = await post(key, { events: [event({ deviceId: "second" })] });
      const body = await expectError(limited, 429, "RATE_LIMITED");
      expect(limited.headers.get("retry-after")).toMatch(/^[12]$/);
      expect(body.message).toMatch(/retry in [12] s/);
      // Even a malformed batch is answered 429 while the key is over its rate.
      await expectError(await post(key, "{ not json"), 429, "RATE_LIMITED");
      expect((await post(other.key, { events: [event({ deviceId: "elsewhere" })] })).status).toBe(200);
      expect(await writes(t.customer)).toEqual({ devices: 1, events: 1, activity: 1 });
    });
  });
});

describe("GET|POST /api/cron/meter", () => {
  const savedSecret = process.env.CRON_SECRET;
  afterEach(() => {
    if (savedSecret === undefined) delete process.env.CRON_SECRET;
    else process.env.CRON_SECRET = savedSecret;
  });
  const call = (handler: typeof cronGet, authorization?: string) =>
    handler(new Request("http://test/api/cron/meter", { method: handler === cronGet ? "GET" : "POST", headers: authorization ? { authorization } : {} }));

  it("without CRON_SECRET configured, nothing gets in → 401", async () => {
    delete process.env.CRON_SECRET;
    for (const handler of [cronGet, cronPost]) {
      for (const authorization of [undefined, "Bearer ", "Bearer undefined", "Bearer null"]) {
        await expectError(await call(handler, authorization), 401, "UNAUTHENTICATED");
      }
    }
  });

  it("with CRON_SECRET: a missing or wrong bearer → 401; the right one answers from the day's run record", async () => {
    const secret = "cron-secret-for-tests-0123456789";
    process.env.CRON_SECRET = secret;
    for (const handler of [cronGet, cronPost]) {
      for (const authorization of [undefined, `Bearer ${secret.slice(0, -1)}`, `Bearer ${secret}x`, `Bearer ${secret.toUpperCase()}`, `Basic ${secret}`, secret]) {
        await expectError(await call(handler, authorization), 401, "UNAUTHENTICATED");
      }
    }

    // The real run would meter every account: its record for today (and tomorrow, should the
    // call cross midnight UTC) is prepared here, so the route answers from it without running.
    const periods = [0, 1].map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));
    const existing = await db.jobRun.findMany({ where: { job: METER_JOB, period: { in: periods } } });
    // Likewise the local-day runs (monthly renewals) of every timezone's today, and of the next
    // local day should one begin during the test: done, so no partner is renewed by this call.
    const localPeriods = [...new Set(listTimezones().flatMap((zone) => [0, 3_600_000].map((ms) => localDayPeriod(zone, todayIn(zone, new Date(Date.now() + ms))))))];
    const localExisting = new Set((await db.jobRun.findMany({ where: { job: LOCAL_DAY_JOB, period: { in: localPeriods } }, select: { period: true } })).map((run) => run.period));
    const localCreated = localPeriods.filter((period) => !localExisting.has(period));
    await db.jobRun.createMany({ data: localCreated.map((period) => ({ job: LOCAL_DAY_JOB, period, status: "SUCCEEDED" as const, finishedAt: new Date() })), skipDuplicates: true });
    const prepare = (status: "SUCCEEDED" | "RUNNING") =>
      Promise.all(
        periods.map((period) =>
          db.jobRun.upsert({
            where: { job_period: { job: METER_JOB, period } },
            create: { job: METER_JOB, period, status, heartbeatAt: new Date(), finishedAt: status === "SUCCEEDED" ? new Date() : null },
            update: { status, heartbeatAt: new Date(), finishedAt: status === "SUCCEEDED" ? new Date() : null },
          }),
        ),
      );
    try {
      await prepare("SUCCEEDED");
      for (const handler of [cronGet, cronPost]) {
        const response = await call(handler, `Bearer ${secret}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { outcome: string; run: Record<string, unknown>; localDays: { outcome: string }[] };
        expect(body.outcome).toBe("already-done");
        expect(body.localDays.filter((run) => run.outcome !== "already-done")).toEqual([]);
        expect(body.run).toMatchObject({ job: METER_JOB, status: "SUCCEEDED", attempt: 1 });
        expect(periods).toContain(body.run.period);
      }
      await prepare("RUNNING");
      const busy = await call(cronGet, `Bearer ${secret}`);
      expect(busy.status).toBe(409);
      expect(((await busy.json()) as { outcome: string }).outcome).toBe("running");
    } finally {
      await db.jobRun.deleteMany({ where: { job: LOCAL_DAY_JOB, period: { in: localCreated } } });
      await db.jobRun.deleteMany({ where: { job: METER_JOB, period: { in: periods }, id: { notIn: existing.map((run) => run.id) } } });
      for (const run of existing) {
        const { status, attempt, startedAt, heartbeatAt, finishedAt, error } = run;
        await db.jobRun.update({ where: { id: run.id }, data: { status, attempt, startedAt, heartbeatAt, finishedAt, error } });
      }
    }
  });
});
