import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { DAILY_STEPS } from "@/server/jobs/run-daily-jobs";
import { listJobRuns, listJobRunsPage } from "@/server/jobs/list-job-runs";
import { LOCAL_DAY_STEPS } from "@/server/jobs/run-local-day-jobs";
import { runJobSteps, type JobStep } from "@/server/jobs/run-job-steps";

/**
 * A scheduled job is a list of named steps run by one loop: each step's duration
 * and counts are kept in the run's progress, the run's counts are the steps'
 * counts merged, and a failing step fails the run with the step named. The real
 * daily steps touch every account, so the loop is tried here on steps of its own.
 */

const at = (instant: string) => new Date(instant);
const newJob = () => `test-steps-${randomUUID()}`;
const clock = () => at("2028-06-01T00:05:00Z");

describe("the scheduled jobs' steps", () => {
  it("the daily run's steps, in the order they run", () => {
    expect(DAILY_STEPS.map(({ step }) => step)).toEqual([
      "meter days",
      "roll up months",
      "roll up package months",
      "savings advice",
      "alerts",
      "contract lifecycle",
      "ended trials",
      "contract expiry notices",
      "location licences",
      "statements",
      "export files",
      "retention purge",
      "telemetry partitions",
    ]);
    expect(LOCAL_DAY_STEPS.map(({ step }) => step)).toEqual(["pool renewals"]);
  });
});

describe("runJobSteps", () => {
  it("records every step in order with its duration and counts; progress names each step with the counts so far", async () => {
    const job = newJob();
    const seen: unknown[] = [];
    const steps: JobStep<{ factor: number }>[] = [
      { step: "count apples", run: async ({ factor }) => ({ apples: 2 * factor }) },
      {
        step: "count pears",
        run: async ({ runId }) => {
          seen.push((await db.jobRun.findUniqueOrThrow({ where: { id: runId } })).progress);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { pears: 1, lateApples: 0 };
        },
      },
      { step: "nothing to count", run: async () => ({}) },
    ];
    const result = await runJobSteps(db, { job, period: "2028-06-01", now: clock }, steps, { factor: 3 });
    expect(result.outcome).toBe("ran");
    // The run's counts stay the totals the cron route answers with; the steps sit beside them.
    expect(result.run.counts).toEqual({ apples: 6, pears: 1, lateApples: 0, durationMs: expect.any(Number) });
    expect(seen).toEqual([{ step: "count pears", apples: 6, steps: [{ step: "count apples", durationMs: expect.any(Number), counts: { apples: 6 } }] }]);
    const recorded = (result.run.progress as { step: string; steps: { step: string; durationMs: number; counts: object }[] }).steps;
    expect(result.run.progress).toMatchObject({ step: "done" });
    expect(recorded).toEqual([
      { step: "count apples", durationMs: expect.any(Number), counts: { apples: 6 } },
      { step: "count pears", durationMs: expect.any(Number), counts: { pears: 1, lateApples: 0 } },
      { step: "nothing to count", durationMs: expect.any(Number), counts: {} },
    ]);
    expect(recorded[1]!.durationMs).toBeGreaterThanOrEqual(15);

    const [listed] = await listJobRuns(db, { job });
    expect(listed).toMatchObject({ status: "SUCCEEDED", stepInHand: null, steps: recorded });
    // The run's clock is pinned (started = finished), so its duration is the measured one, covering every step.
    expect(listed!.finishedAt).toEqual(listed!.startedAt);
    expect(listed!.durationMs).toBe((result.run.counts as { durationMs: number }).durationMs);
    expect(listed!.durationMs).toBeGreaterThanOrEqual(15);
  });

  it("a failing step fails the run with the step named; the next call redoes the run from the first step", async () => {
    const job = newJob();
    const period = "2028-06-01";
    let fail = true;
    const ran: string[] = [];
    const steps: JobStep<object>[] = [
      { step: "meter", run: async () => (ran.push("meter"), { metered: 4 }) },
      {
        step: "send notices",
        run: async () => {
          ran.push("send notices");
          if (fail) throw new Error("SMTP refused\nat line 2");
          return { sent: 2 };
        },
      },
      { step: "purge", run: async () => (ran.push("purge"), { purged: 0 }) },
    ];
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failed = await runJobSteps(db, { job, period, now: clock }, steps, {});
    expect(failed.outcome).toBe("failed");
    expect(failed.run).toMatchObject({ status: "FAILED", attempt: 1, error: "send notices: SMTP refused", counts: null });
    expect(ran).toEqual(["meter", "send notices"]);
    expect(failed.run.progress).toEqual({
      step: "send notices",
      metered: 4,
      steps: [
        { step: "meter", durationMs: expect.any(Number), counts: { metered: 4 } },
        { step: "send notices", durationMs: expect.any(Number), counts: {}, failed: true },
      ],
    });
    const [listed] = await listJobRuns(db, { job });
    expect(listed).toMatchObject({ status: "FAILED", stepInHand: null, error: "send notices: SMTP refused" });
    expect(listed!.steps.map((step) => [step.step, step.failed ?? false])).toEqual([
      ["meter", false],
      ["send notices", true],
    ]);
    // A failed run has no measured total: its duration is the sum of the steps it recorded.
    expect(listed!.durationMs).toBe(listed!.steps.reduce((total, step) => total + step.durationMs, 0));

    fail = false;
    ran.length = 0;
    const redone = await runJobSteps(db, { job, period, now: clock }, steps, {});
    expect(redone.outcome).toBe("ran");
    expect(redone.run).toMatchObject({ status: "SUCCEEDED", attempt: 2, error: null, counts: { metered: 4, sent: 2, purged: 0 } });
    expect(ran).toEqual(["meter", "send notices", "purge"]);
    expect((redone.run.progress as { steps: { step: string }[] }).steps.map(({ step }) => step)).toEqual(["meter", "send notices", "purge"]);
    vi.restoreAllMocks();
  });

  it("while running, the Jobs page's reader shows the steps done and the step in hand", async () => {
    const job = newJob();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const reachedSecond = new Promise<void>((resolve) => (reached = resolve));
    const steps: JobStep<object>[] = [
      { step: "first", run: async () => ({ one: 1 }) },
      { step: "second", run: async () => (reached(), await released, { two: 2 }) },
    ];
    const running = runJobSteps(db, { job, period: "p", now: clock }, steps, {});
    await reachedSecond;
    const [listed] = await listJobRuns(db, { job });
    expect(listed).toMatchObject({ status: "RUNNING", stepInHand: "second", detail: { step: "second", one: 1 } });
    expect(listed!.steps.map(({ step }) => step)).toEqual(["first"]);
    release();
    expect((await running).outcome).toBe("ran");
  });
});

describe("the Jobs page's runs", () => {
  it("come one keyset page at a time, newest first", async () => {
    const job = newJob();
    // Far in the future, so these are the newest runs whatever else the database holds.
    const starts = ["2999-01-03T00:00:00Z", "2999-01-02T00:00:00Z", "2999-01-01T00:00:00Z"];
    for (const [index, startedAt] of starts.entries()) {
      await db.jobRun.create({ data: { job, period: `p${index}`, status: "SUCCEEDED", startedAt: at(startedAt), finishedAt: at(startedAt) } });
    }
    const first = await listJobRunsPage(db, { pageSize: 2 });
    expect(first.rows.map((run) => run.period)).toEqual(["p0", "p1"]);
    const second = await listJobRunsPage(db, { pageSize: 2, page: { kind: "after", cursor: first.next! } });
    expect(second.rows[0]!.period).toBe("p2");
    await db.jobRun.deleteMany({ where: { job } });
  });
});
