import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { METER_JOB, runDailyJobs } from "@/server/jobs/run-daily-jobs";
import { runJobOnce, STALE_AFTER_MS, type JobContext } from "@/server/jobs/run-job-once";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

/**
 * Exactly once (docs/metering.md#exactly-once): concurrent metering never counts twice, and each
 * (job, period) runs once — a crashed run is redone by exactly one caller.
 * Every job here has a name of its own; metering is scoped to this file's accounts.
 */

const at = (instant: string) => new Date(instant);
const MAY_FINAL = at("2028-06-04T00:05:00Z"); // 31 May is final (UTC account)
const newJob = () => `test-job-${randomUUID()}`;

/**
 * A UTC customer with a PAYG gateway contract since 1 May 2028: gateway A
 * reports every day of May, gateway B on the 1st–10th → 41 device-days.
 */
async function mayOfTelemetry(label: string) {
  const t = await makeTenant(label);
  await insertContract({ accountId: t.customer.id, type: "PAYG", registeredOn: "2028-05-01", expiresOn: null });
  const serials: string[] = [];
  for (const name of ["gw-a", "gw-b"]) {
    const gw = await registerGateway(db, {
      actor: t.msspAdmin.actor,
      input: gatewayInputSchema.parse({ name, serialNumber: `SN-${randomUUID().slice(0, 12).toUpperCase()}`, firmwareVersion: "R82.10", accountId: t.customer.id }),
    });
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: gw.id, licenceType: "PAYG", now: at("2028-05-01T12:00:00Z") });
    serials.push(gw.serialNumber);
  }
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, name: "Collector" });
  const actor = (await authenticateApiKey(db, `Bearer ${key}`))!;
  // One batch a day, sent that evening.
  for (let i = 0; i < 31; i++) {
    const day = `2028-05-${String(i + 1).padStart(2, "0")}`;
    const events = [
      { deviceId: serials[0]!, kind: "GATEWAY" as const, at: `${day}T08:00:00Z` },
      ...(i < 10 ? [{ deviceId: serials[1]!, kind: "GATEWAY" as const, at: `${day}T09:00:00Z` }] : []),
    ];
    await ingestTelemetry(db, { actor, events, now: at(`${day}T23:00:00Z`) });
  }
  const accountIds = [t.customer.id];
  const totals = async () => {
    const daily = await db.usageDaily.aggregate({ where: { accountId: t.customer.id }, _count: true, _sum: { paygDeviceDays: true } });
    const monthly = await db.usageMonthly.findMany({ where: { accountId: t.customer.id } });
    return { days: daily._count, deviceDays: daily._sum.paygDeviceDays ?? 0, months: monthly.map((m) => ({ deviceDays: m.paygDeviceDays, seats: m.monthlyActiveSeats })) };
  };
  return { t, accountIds, totals };
}

const EXPECTED_MAY = { days: 31, deviceDays: 41, months: [{ deviceDays: 41, seats: 2 }] };

/** A promise and the function that resolves it. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** One caller ran the work; the other found it running or already done. */
function expectOneRan(outcomes: string[]) {
  const others = outcomes.filter((outcome) => outcome !== "ran");
  expect(others).toHaveLength(1);
  expect(["already-done", "running"]).toContain(others[0]);
}

beforeEach(() => {
  // A failing run logs its error for operators; keep the test output readable.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("metering called twice at the same moment", () => {
  it("meterDays: each (account, service, day) is inserted once; the other call finds nothing left", async () => {
    const { accountIds, totals } = await mayOfTelemetry("once-meter");
    const counts = await Promise.all([meterDays(db, { now: MAY_FINAL, accountIds }), meterDays(db, { now: MAY_FINAL, accountIds })]);
    expect(counts.sort((a, b) => a - b)).toEqual([0, 31]);
    expect(await totals()).toEqual({ days: 31, deviceDays: 41, months: [] });

    // Two runs at different instants overlap on May and cover June 1st–6th between them, still once each.
    const later = await Promise.all([
      meterDays(db, { now: at("2028-06-10T00:05:00Z"), accountIds }),
      meterDays(db, { now: at("2028-06-08T00:05:00Z"), accountIds }),
    ]);
    expect(later[0] + later[1]).toBe(6);
    expect(await db.usageDaily.count({ where: { accountId: accountIds[0] } })).toBe(37);
  });

  it("rollUpMonths: each (account, service, month) is rolled up once", async () => {
    const { accountIds, totals } = await mayOfTelemetry("once-rollup");
    await meterDays(db, { now: MAY_FINAL, accountIds });
    const counts = await Promise.all([rollUpMonths(db, { now: MAY_FINAL, accountIds }), rollUpMonths(db, { now: MAY_FINAL, accountIds })]);
    expect(counts.sort((a, b) => a - b)).toEqual([0, 1]);
    expect(await totals()).toEqual(EXPECTED_MAY);
    // Not before the month's last day is final: on 3 June (31 May still in its late window) nothing is due.
    const { accountIds: other } = await mayOfTelemetry("once-rollup-early");
    await meterDays(db, { now: at("2028-06-03T23:59:00Z"), accountIds: other });
    expect(await rollUpMonths(db, { now: at("2028-06-03T23:59:00Z"), accountIds: other })).toBe(0);
  });
});

describe("runJobOnce", () => {
  it("two calls at once: one runs the work, the other is told it is running or already done", async () => {
    const job = newJob();
    let calls = 0;
    const work = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { things: 3 };
    };
    const results = await Promise.all([runJobOnce(db, { job, period: "2028-06-01" }, work), runJobOnce(db, { job, period: "2028-06-01" }, work)]);
    expectOneRan(results.map((result) => result.outcome));
    expect(calls).toBe(1);
    expect(new Set(results.map((result) => result.run.id)).size).toBe(1);
    expect(await db.jobRun.count({ where: { job } })).toBe(1);
  });

  it("while a run is in progress others are told 'running' and see its progress; afterwards 'already-done'", async () => {
    const job = newJob();
    const period = "2028-06-01";
    const clock = () => at("2028-06-01T00:05:00Z");
    const release = gate();
    const reachedHalf = gate();
    let calls = 0;
    const work = async ({ progress }: JobContext) => {
      calls += 1;
      await progress("halfway", { done: 5 });
      reachedHalf.open();
      await release.promise;
      return { done: 10 };
    };
    const first = runJobOnce(db, { job, period, now: clock }, work);
    await reachedHalf.promise;
    const during = await runJobOnce(db, { job, period, now: clock }, work);
    expect(during.outcome).toBe("running");
    expect(during.run).toMatchObject({ status: "RUNNING", attempt: 1, progress: { step: "halfway", done: 5 }, heartbeatAt: clock(), finishedAt: null });
    release.open();
    const done = await first;
    expect(done.outcome).toBe("ran");
    expect(done.run).toMatchObject({ status: "SUCCEEDED", attempt: 1, error: null, progress: { step: "done" }, finishedAt: clock(), startedAt: clock() });
    expect(done.run.counts).toEqual({ done: 10, durationMs: expect.any(Number) });

    for (let i = 0; i < 2; i++) {
      const again = await runJobOnce(db, { job, period, now: clock }, work);
      expect(again.outcome).toBe("already-done");
      expect(again.run).toEqual(done.run);
    }
    expect(calls).toBe(1);
    // Another period is another run.
    expect((await runJobOnce(db, { job, period: "2028-06-02", now: clock }, work)).outcome).toBe("ran");
    expect(calls).toBe(2);
  });

  it("a run that crashes half-way is FAILED; the next call redoes it (attempt 2) without counting twice", async () => {
    const { accountIds, totals } = await mayOfTelemetry("once-crash");
    const job = newJob();
    const period = "2028-06-04";
    const clock = () => MAY_FINAL;
    let attempts = 0;
    const work = async ({ runId, progress }: JobContext) => {
      attempts += 1;
      await progress("metering days");
      const daysMetered = await meterDays(db, { now: MAY_FINAL, runId, accountIds });
      if (attempts === 1) throw new Error("connection lost while rolling up\n    at rollUpMonths (internal)");
      await progress("rolling up months", { daysMetered });
      const monthsRolledUp = await rollUpMonths(db, { now: MAY_FINAL, runId, accountIds });
      return { daysMetered, monthsRolledUp };
    };

    const crashed = await runJobOnce(db, { job, period, now: clock }, work);
    expect(crashed.outcome).toBe("failed");
    // Only the first line of the message is kept for operators (no stack).
    expect(crashed.run).toMatchObject({ status: "FAILED", attempt: 1, error: "connection lost while rolling up", finishedAt: MAY_FINAL });
    expect(await totals()).toEqual({ days: 31, deviceDays: 41, months: [] });
    const firstRunRows = await db.usageDaily.count({ where: { accountId: accountIds[0], runId: crashed.run.id } });
    expect(firstRunRows).toBe(31);

    const redone = await runJobOnce(db, { job, period, now: clock }, work);
    expect(redone.outcome).toBe("ran");
    expect(redone.run).toMatchObject({ id: crashed.run.id, status: "SUCCEEDED", attempt: 2, error: null });
    // The days were already metered by the crashed attempt: redoing them added nothing.
    expect(redone.run.counts).toMatchObject({ daysMetered: 0, monthsRolledUp: 1 });
    expect(await totals()).toEqual(EXPECTED_MAY);

    expect((await runJobOnce(db, { job, period, now: clock }, work)).outcome).toBe("already-done");
    expect(attempts).toBe(2);
  });

  it("a RUNNING run whose heartbeat is older than the stale limit is taken over; a fresher one is left alone", async () => {
    const { accountIds, totals } = await mayOfTelemetry("once-stale");
    expect(STALE_AFTER_MS).toBe(10 * 60_000);
    const now = MAY_FINAL;
    const job = newJob();
    // An instance died after metering the days (its rows are committed), before rolling up.
    const dead = await db.jobRun.create({
      data: { job, period: "2028-06-04", status: "RUNNING", attempt: 1, startedAt: new Date(now.getTime() - 30 * 60_000), heartbeatAt: new Date(now.getTime() - STALE_AFTER_MS) },
    });
    await meterDays(db, { now, runId: dead.id, accountIds });
    let calls = 0;
    const work = async ({ runId }: JobContext) => {
      calls += 1;
      return { daysMetered: await meterDays(db, { now, runId, accountIds }), monthsRolledUp: await rollUpMonths(db, { now, runId, accountIds }) };
    };
    // Exactly at the limit: still alive.
    const alive = await runJobOnce(db, { job, period: "2028-06-04", now: () => now }, work);
    expect(alive.outcome).toBe("running");
    expect(calls).toBe(0);
    // One millisecond later it is stale: taken over, redone, nothing counted twice.
    const later = new Date(now.getTime() + 1);
    const takenOver = await runJobOnce(db, { job, period: "2028-06-04", now: () => later }, work);
    expect(takenOver.outcome).toBe("ran");
    expect(takenOver.run).toMatchObject({ id: dead.id, status: "SUCCEEDED", attempt: 2, startedAt: later });
    expect(takenOver.run.counts).toMatchObject({ daysMetered: 0, monthsRolledUp: 1 });
    expect(calls).toBe(1);
    expect(await totals()).toEqual(EXPECTED_MAY);
  });

  it("two callers retaking the same FAILED run at once: exactly one redoes it", async () => {
    const job = newJob();
    await db.jobRun.create({ data: { job, period: "p", status: "FAILED", attempt: 1, error: "boom", finishedAt: at("2028-06-01T00:00:00Z") } });
    let calls = 0;
    const work = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return {};
    };
    const results = await Promise.all([runJobOnce(db, { job, period: "p" }, work), runJobOnce(db, { job, period: "p" }, work)]);
    expectOneRan(results.map((result) => result.outcome));
    expect(calls).toBe(1);
    expect(await db.jobRun.findFirstOrThrow({ where: { job } })).toMatchObject({ status: "SUCCEEDED", attempt: 2, error: null });
  });
});

describe("the daily metering job", () => {
  // Runs of the real job touch every account (metering and the contract lifecycle), which would
  // disturb suites running in parallel: these runs are for long-past UTC days whose record already
  // exists, so the job answers from its run record without doing any work.
  it("is one run per UTC day under the job name 'meter': a finished day is already done, a running one is left alone", async () => {
    expect(METER_JOB).toBe("meter");
    const done = await db.jobRun.upsert({
      where: { job_period: { job: METER_JOB, period: "1999-01-01" } },
      create: { job: METER_JOB, period: "1999-01-01", status: "SUCCEEDED", finishedAt: at("1999-01-01T00:10:00Z"), counts: { daysMetered: 0 } },
      update: {},
    });
    const result = await runDailyJobs(db, { now: at("1999-01-01T23:59:00Z") });
    expect(result.outcome).toBe("already-done");
    expect(result.run).toEqual(done);

    await db.jobRun.upsert({
      where: { job_period: { job: METER_JOB, period: "1999-01-02" } },
      create: { job: METER_JOB, period: "1999-01-02", status: "RUNNING", heartbeatAt: at("1999-01-02T00:09:00Z") },
      update: { status: "RUNNING", heartbeatAt: at("1999-01-02T00:09:00Z") },
    });
    const busy = await runDailyJobs(db, { now: at("1999-01-02T00:10:00Z") });
    expect(busy.outcome).toBe("running");
    expect(busy.run.period).toBe("1999-01-02");
    expect(await db.usageDaily.count({ where: { day: { lt: isoDateToDb("2000-01-01") } } })).toBe(0);
  });
});
