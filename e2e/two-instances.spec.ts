import { expect, test, type Page } from "@playwright/test";
import http from "node:http";
import pg from "pg";
import { DASHBOARD_URL, USERS, signIn, submitSignIn } from "./support/auth";
import { createCustomer, unique, uniqueCustomerName } from "./support/accounts";
import { waitForHydration } from "./support/hydration";
import { instanceSettings, startInstance, startRoundRobinProxy, type Instance, type RoundRobinProxy } from "./support/instances";

/*
 * Many instances on one PostgreSQL (docs/deploying.md, "Two instances, tested"): the e2e server (A)
 * and a second `next start` of the same build (B) on the same database, behind a round-robin
 * reverse proxy. Two more instances (C and D) allow a low telemetry rate, so the token bucket can
 * be shown shared without depending on A's fixed environment. The database is read only to check
 * what the instances stored.
 */

test.describe.configure({ mode: "serial" });
test.skip(!instanceSettings.databaseUrl, "Instances share a PostgreSQL database; the embedded PGlite serves one process.");

/** B's per-key API limit per minute (A keeps the default 600 of its fixed environment). */
const B_API_LIMIT = 5;

let a: string;
let b: Instance;
let c: Instance;
let d: Instance;
/** Every instance this file started, stopped in afterAll. */
const running: Instance[] = [];
let proxy: RoundRobinProxy;
let database: pg.Client;
let mssp: string;
let customer: string;
const keys: Record<"limits" | "bucket" | "telemetry", string> = { limits: "", bucket: "", telemetry: "" };

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  a = baseURL!;
  database = new pg.Client({ connectionString: instanceSettings.databaseUrl });
  await database.connect();
  const started = await Promise.allSettled([
    startInstance(a, { API_RATE_LIMIT_PER_MINUTE: String(B_API_LIMIT) }),
    startInstance(a, { TELEMETRY_RATE_PER_SECOND: "0.5" }),
    startInstance(a, { TELEMETRY_RATE_PER_SECOND: "0.5" }),
  ]);
  // Keep whichever started, so afterAll stops them even when another failed to.
  for (const result of started) if (result.status === "fulfilled") running.push(result.value);
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  [b, c, d] = running as [Instance, Instance, Instance];
  proxy = await startRoundRobinProxy([a, b.url]);
  const page = await browser.newPage({ baseURL: a });
  mssp = await signIn(page, USERS.msspAdmin.email);
  customer = await createCustomer(page, mssp, uniqueCustomerName("E2E two instances"));
  for (const name of Object.keys(keys) as (keyof typeof keys)[]) keys[name] = await createApiKey(page, mssp, `Instances ${name} ${unique()}`);
  await page.close();
});

test.afterAll(async () => {
  // Everything started here stops, also after a failure (each step on its own).
  await proxy?.close().catch(() => {});
  await Promise.all(running.map((instance) => instance.stop()));
  await database?.end().catch(() => {});
});

async function createApiKey(page: Page, accountId: string, name: string): Promise<string> {
  await page.goto(`/a/${accountId}/api-keys`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create key" }) });
  await waitForHydration(form);
  await form.getByLabel("Key name").fill(name);
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toBeVisible();
  const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^mlp_\S+$/);
  return key;
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}`, "Content-Type": "application/json" });

interface Event {
  eventId: string;
  deviceId: string;
  accountId: string;
  kind: "ENDPOINT";
  at: string;
}

/** `devices` devices × `perDevice` events each, a minute apart, ending a few minutes ago. */
function events(prefix: string, devices: number, perDevice: number): Event[] {
  const end = Date.now() - 5 * 60_000;
  return Array.from({ length: devices * perDevice }, (_, index) => ({
    eventId: `${prefix}-${index}`,
    deviceId: `${prefix}-device-${index % devices}`,
    accountId: customer,
    kind: "ENDPOINT" as const,
    at: new Date(end - Math.floor(index / devices) * 60_000).toISOString(),
  }));
}

async function sendTelemetry(instance: string, batch: Event[]): Promise<{ accepted: number; duplicates: number }> {
  const response = await fetch(`${instance}/api/v1/telemetry`, { method: "POST", headers: bearer(keys.telemetry), body: JSON.stringify({ events: batch }) });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { accepted: number; duplicates: number };
}

/** What the customer's daily activity holds once every pending batch is folded (polled: the fold runs after the answer). */
async function foldedActivity(expectedEvents: number): Promise<{ deviceDays: number; events: number; pending: number }> {
  const read = async () => {
    const { rows } = await database.query<{ device_days: number; events: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM device_daily_activity WHERE account_id = $1) AS device_days,
              (SELECT coalesce(sum(events), 0)::int FROM device_daily_activity WHERE account_id = $1) AS events,
              (SELECT count(*)::int FROM telemetry_pending WHERE account_id = $1) AS pending`,
      [customer],
    );
    return { deviceDays: rows[0]!.device_days, events: rows[0]!.events, pending: rows[0]!.pending };
  };
  await expect.poll(async () => (await read()).events, { timeout: 20_000 }).toBeGreaterThanOrEqual(expectedEvents);
  // A double count would show as more than expected: give any late fold a moment to land, then read again.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return read();
}

test("a session made through the proxy works on both instances", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${proxy.url}/sign-in`);
  await submitSignIn(page, USERS.msspAdmin.email, "Portal-demo-2026!", { navigate: false });
  await page.waitForURL(DASHBOARD_URL);
  // Cookies are per host, not per port: the one session cookie reaches A, B and the proxy.
  for (const origin of [a, b.url, proxy.url, proxy.url]) {
    const response = await page.goto(`${origin}/a/${mssp}/contracts`);
    expect(response?.status(), origin).toBe(200);
    expect(new URL(page.url()).pathname, origin).toBe(`/a/${mssp}/contracts`);
    await expect(page.getByRole("navigation", { name: "Account sections" })).toBeVisible();
  }
  await context.close();
});

test("telemetry spread over both instances is counted once", async () => {
  const same = events(`same-${unique()}`, 10, 4);
  const split = events(`split-${unique()}`, 6, 5);
  const answers = await Promise.all([
    sendTelemetry(a, same),
    sendTelemetry(b.url, same),
    sendTelemetry(a, split.slice(0, 15)),
    sendTelemetry(b.url, split.slice(15)),
  ]);
  // The same 40 events sent to both: accepted once in all, the other copy duplicates.
  expect(answers[0]!.accepted + answers[1]!.accepted).toBe(40);
  expect(answers[0]!.duplicates + answers[1]!.duplicates).toBe(40);
  expect(answers[2]!.accepted + answers[3]!.accepted).toBe(30);
  // As if one instance had received them: 16 devices active today, 70 events.
  const activity = await foldedActivity(70);
  expect(activity).toEqual({ deviceDays: 16, events: 70, pending: 0 });
});

test("the cron route called on both instances at once runs once, and a fold meanwhile never double counts", async () => {
  test.setTimeout(240_000);
  const before = await foldedActivity(0);
  const cron = (instance: string) =>
    fetch(`${instance}/api/cron/meter`, { method: "POST", headers: { Authorization: `Bearer ${instanceSettings.cronSecret}` } }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { outcome: string; run: { id: string; period: string } },
    }));
  // The demo seed already ran today's daily run: mark it crashed, as after an instance died mid-run,
  // so both calls race to redo it (the claim of a fresh period is the same one-row decision).
  const seen = await cron(a);
  expect([seen.status, seen.body.outcome]).toEqual([200, "already-done"]);
  await database.query(`UPDATE job_runs SET status = 'FAILED' WHERE id = $1::uuid`, [seen.body.run.id]);
  // The daily run (metering, with its drain of pending telemetry) on both while batches fold on A.
  const during = events(`during-${unique()}`, 5, 6);
  const [onA, onB, ...answers] = await Promise.all([
    cron(a),
    cron(b.url),
    ...[0, 1, 2].map((part) => sendTelemetry(a, during.slice(part * 10, part * 10 + 10))),
  ]);
  const outcomes = [onA, onB].map((answer) => `${answer.status} ${answer.body.outcome}`).sort();
  // One call ran the day's run; the other found it running (409) or already done (200) — never a second run.
  expect(outcomes.filter((outcome) => outcome === "200 ran")).toHaveLength(1);
  expect(outcomes.filter((outcome) => outcome !== "200 ran")[0]).toMatch(/^(409 running|200 already-done)$/);
  expect(onA.body.run.id).toBe(onB.body.run.id);
  const { rows } = await database.query<{ runs: number }>(`SELECT count(*)::int AS runs FROM job_runs WHERE job = 'meter' AND period = $1`, [onA.body.run.period]);
  expect(rows[0]!.runs).toBe(1);
  expect(answers.reduce((sum, answer) => sum + answer.accepted, 0)).toBe(30);
  const after = await foldedActivity(before.events + 30);
  expect(after).toEqual({ deviceDays: before.deviceDays + 5, events: before.events + 30, pending: 0 });
});

test("the public API's per-key rate limit is one count over both instances", async () => {
  const list = async (instance: string) => {
    const response = await fetch(`${instance}/api/v1/contracts?accountId=${customer}`, { headers: bearer(keys.limits) });
    return { status: response.status, remaining: Number(response.headers.get("RateLimit-Remaining")), reset: Number(response.headers.get("RateLimit-Reset")) };
  };
  // A fixed one-minute window: start early in a window so the sequence stays inside it.
  let first = await list(a);
  if (first.reset < 20) {
    await new Promise((resolve) => setTimeout(resolve, (first.reset + 1) * 1000));
    first = await list(a);
  }
  const hitsBefore = 600 - first.remaining;
  const sequence = [await list(a), await list(a)];
  // B allows B_API_LIMIT a minute: the hits A counted use up B's allowance too.
  const onB: { status: number; remaining: number }[] = [];
  for (let hit = hitsBefore + 3; hit <= B_API_LIMIT; hit += 1) onB.push(await list(b.url));
  const refused = await list(b.url);
  const onAAfter = await list(a);
  expect(first.status).toBe(200);
  expect(sequence.map((answer) => answer.remaining)).toEqual([first.remaining - 1, first.remaining - 2]);
  expect(onB.map((answer) => answer.status)).toEqual(onB.map(() => 200));
  // Had B counted alone, its first answer would have left B_API_LIMIT - 1.
  expect(onB.map((answer) => answer.remaining)).toEqual(onB.map((_, index) => B_API_LIMIT - (hitsBefore + 3 + index)));
  expect([refused.status, refused.remaining]).toEqual([429, 0]);
  // A's own (fixed) limit of 600 still allows, and its count includes B's hits and refusal.
  expect([onAAfter.status, onAAfter.remaining]).toEqual([200, first.remaining - 4 - onB.length]);
});

test("the telemetry token bucket is shared: a batch taken on C leaves none for D", async () => {
  const take = async (instance: Instance) => {
    // An empty body is refused (400) after the token is taken; 429 when there was none to take.
    const response = await fetch(`${instance.url}/api/v1/telemetry`, { method: "POST", headers: bearer(keys.bucket), body: "{}" });
    return { status: response.status, retryAfter: response.headers.get("Retry-After") };
  };
  // Warm both up with another key (its own bucket, refused or not), so the takes below follow each other quickly.
  for (const instance of [c, d]) {
    const warm = await fetch(`${instance.url}/api/v1/telemetry`, { method: "POST", headers: bearer(keys.limits), body: "{}" });
    expect([400, 429]).toContain(warm.status);
  }
  const started = Date.now();
  // Both allow a batch every 2 s with a burst of 1: C's take empties the key's one bucket.
  const onC = await take(c);
  const onD = await take(d);
  // Within 2 s of C's take the bucket has not refilled a whole token.
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(onC.status).toBe(400);
  // With a bucket per instance, D's first take would have been allowed.
  expect(onD.status).toBe(429);
  expect(["1", "2"]).toContain(onD.retryAfter);
});

/** A GET on a new TCP connection (no keep-alive pool): what a load balancer's next connection meets. */
function onNewConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(`answered ${response.statusCode}`);
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(`refused: ${error.code ?? error.message}`));
    request.on("timeout", () => request.destroy(new Error("timed out")));
  });
}

test("SIGTERM: a request in flight completes, new connections are refused, the process exits as terminated", async () => {
  test.setTimeout(120_000);
  const slow = events(`slow-${unique()}`, 500, 20);
  const before = await foldedActivity(0);
  let answered = false;
  const inFlight = fetch(`${b.url}/api/v1/telemetry`, { method: "POST", headers: bearer(keys.telemetry), body: JSON.stringify({ events: slow }) }).then(async (response) => {
    answered = true;
    return { status: response.status, body: (await response.json()) as { accepted: number } };
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(answered, "the batch must still be in flight when SIGTERM arrives").toBe(false);
  const signalledAt = Date.now();
  b.process.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 100));
  const late = await onNewConnection(`${b.url}/api/health?probe=live`);
  const answer = await inFlight;
  const exitCode = await b.exited;
  console.log(`[two-instances] B exited ${Date.now() - signalledAt} ms after SIGTERM`);
  expect(answer).toEqual({ status: 200, body: expect.objectContaining({ accepted: 10_000 }) });
  expect(late).toBe("refused: ECONNREFUSED");
  // Next 16's start-server exits 128 + 15 after its graceful cleanup (by design, so Docker and
  // Kubernetes see a termination by SIGTERM); not 0, and no crash either (docs/deploying.md).
  expect(exitCode).toBe(143);
  // The fold that followed the answer finished before the process exited: nothing left pending.
  const { rows } = await database.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM telemetry_pending WHERE account_id = $1`, [customer]);
  expect(rows[0]!.pending).toBe(0);
  const after = await foldedActivity(before.events + 10_000);
  expect(after).toEqual({ deviceDays: before.deviceDays + 500, events: before.events + 10_000, pending: 0 });
});
