import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { waitForHydration } from "./support/hydration";

/*
 * A bounded fuzz run over the built portal: every API route, and every list
 * page's and export's query parameters, with a fixed corpus and a fixed seed.
 * No answer may be a 5xx, and every body must arrive whole (read to its end
 * within a deadline). What must happen instead: docs/input-validation.md.
 */

const SEED = 20261206;
const MAX_REQUESTS = 600;
const TIME_BUDGET_MS = 85_000;
const REQUEST_TIMEOUT_MS = 20_000;
const CONCURRENCY = 4;

/** Values that broke, or could break, a parser, a query or a stream. */
const CORPUS = [
  "",
  // List cursors (base64url JSON) with a bad id, a NUL, an out-of-range bigint, no key.
  "eyJzIjoibGFzdFNlZW4uZGVzYyIsImsiOlsiMjAyNi0wMS0wMVQwMDowMDowMC4wMDBaIiwibm90LWEtdXVpZCJdfQ",
  "eyJzIjoibmFtZS5hc2MiLCJrIjpbImFcdTAwMDBiIiwiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl19",
  "eyJzIjoiY3JlYXRlZEF0LmRlc2MiLCJrIjpbIjk5OTktMTItMzFUMjM6NTk6NTkuOTk5WiIsIjk5OTk5OTk5OTk5OTk5OTk5OTk5Il19",
  "eyJzIjoieCIsImsiOltdfQ",
  "last",
  "\u0000",
  "a\u0000b",
  "%",
  "_",
  "%_%",
  "\\",
  "'",
  "' OR 1=1 --",
  "\uD800",
  "😀",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "2026-13",
  "0000-01",
  "1999-12",
  "2026-12",
  "2026-12-01",
  "-1",
  "0",
  "1e309",
  "NaN",
  "99999999999999999999",
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "x".repeat(3000),
  "csv",
  "xlsx",
  "pdf",
  "1",
  "true",
  "[]",
];

/** A small fixed-seed generator (mulberry32), so a failure replays exactly. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The list pages and exports with the query parameters each reads. */
const LISTS: { path: string; params: string[] }[] = [
  { path: "/accounts", params: ["q", "kind", "status", "sort", "dir", "page", "pageSize", "created", "after", "before"] },
  { path: "/devices", params: ["q", "kind", "pairing", "silent", "sort", "dir", "page", "pageSize", "after", "before"] },
  { path: "/devices/export", params: ["format", "q", "kind", "pairing", "silent", "sort", "dir"] },
  { path: "/gateways", params: ["q", "licenseType", "plan", "sort", "dir", "page", "registered", "removed", "after", "before"] },
  { path: "/gateways/export", params: ["format", "q", "licenseType", "plan", "sort", "dir"] },
  { path: "/plans/search", params: ["q"] },
  { path: "/gateways/plans/search", params: ["q", "owner"] },
  { path: "/accounts/owners/search", params: ["q"] },
  { path: "/accounts/children/search", params: ["q", "live"] },
  { path: "/licences/locations/search", params: ["q"] },
  { path: "/groups/search", params: ["q", "notJoinedBy", "notAttachedTo"] },
  { path: "/licences", params: ["q", "status", "module", "unit", "ending", "endFrom", "endTo", "sort", "page", "after", "before"] },
  { path: "/licences/export", params: ["format", "q", "status", "module", "unit", "ending", "endFrom", "endTo"] },
  { path: "/end-users", params: ["q", "page", "pageSize", "imported", "after", "before"] },
  { path: "/end-users/import", params: ["preview"] },
  { path: "/end-users/search", params: ["q"] },
  { path: "/locations", params: ["q", "sector", "licenseStatus", "page", "pageSize", "after", "before"] },
  { path: "/audit", params: ["action", "actor", "objectType", "from", "to", "scope", "page", "pageSize", "after", "before"] },
  { path: "/audit/export", params: ["format", "action", "actor", "objectType", "from", "to", "scope"] },
  { path: "/contracts", params: ["type", "status", "service", "archived", "sort", "dir", "added", "page", "after", "before"] },
  { path: "/contracts/export", params: ["format", "type", "status", "service", "archived", "sort", "dir"] },
  { path: "/contracts/import", params: ["preview"] },
  { path: "/subscriptions", params: ["added", "page"] },
  { path: "/subscriptions/report", params: ["month", "package", "status", "q", "page", "pageSize", "after", "before"] },
  { path: "/subscriptions/report/export", params: ["format", "detail", "month", "package", "status", "q"] },
  { path: "/usage", params: ["month"] },
  { path: "/usage/export", params: ["format", "month", "rollup"] },
  { path: "/usage/evidence", params: ["service", "day", "page"] },
  { path: "/usage/evidence/export", params: ["format", "service", "day"] },
  { path: "/points", params: ["page", "pageSize", "after", "before"] },
  { path: "/points/export", params: ["format"] },
  { path: "/pools", params: ["recovered", "remaining", "page", "pageSize", "after", "before"] },
  { path: "/pools/monthly", params: ["pool", "page", "pageSize", "after", "before"] },
  { path: "/pools/reconciliation", params: ["recovered"] },
  { path: "/notifications", params: ["unread", "page", "after", "before"] },
  { path: "/plans", params: ["deleted", "page"] },
];

/** A well-formed account id that names no account. */
const NO_ACCOUNT = "00000000-0000-4000-8000-000000000000";
const DATE_PARAMS = new Set(["from", "to", "endFrom", "endTo", "month", "day"]);
const TEXT_PARAMS = new Set(["q", "actor", "action", "objectType"]);
/** Text no field may hold, whatever the field. */
const UNSTORABLE = ["\u0000", "\uD800"];

/** Pages that take an id in their path: malformed ids must read "not found". */
const ID_PATHS = [
  "/contracts/{id}/edit",
  "/contracts/{id}/cancel",
  "/end-users/{id}",
  "/gateways/{id}",
  "/groups/{id}",
  "/licences/{id}",
  "/licences/{id}/pdf",
  "/locations/{id}",
  "/plans/{id}",
  "/plans/{id}/licence",
  "/plans/{id}/gateways/search",
  "/subscriptions/{id}",
];

/**
 * Failures found by this run in code another part of issue 13 owns, reported
 * (as test annotations and on the console) instead of failing the run until
 * their owners fix them. Keep this list short and each entry exact.
 */
// Failures that are understood and owned elsewhere, listed here rather than hidden
// (none today: next-auth's 500 on an unparseable callbackUrl is handled in the proxy).
const KNOWN_FAILURES: { probe: RegExp; owner: string }[] = [];

interface Probe {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  data?: string;
  /** The statuses this probe must answer with, when it is a targeted check. */
  expect?: number[];
}

interface Failure {
  probe: string;
  problem: string;
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

async function send(request: APIRequestContext, probe: Probe): Promise<Failure | null> {
  const label = `${probe.method} ${probe.url.slice(0, 160)}${probe.data ? ` ${probe.data.slice(0, 80)}` : ""}`;
  try {
    const response = await request.fetch(probe.url, {
      method: probe.method,
      headers: probe.headers,
      data: probe.data,
      maxRedirects: 0,
      timeout: REQUEST_TIMEOUT_MS,
      failOnStatusCode: false,
    });
    // Read the whole body: a download broken off mid-stream throws here.
    const body = await response.body();
    if (response.status() >= 500) return { probe: label, problem: `${response.status()}: ${body.toString("utf8").slice(0, 120)}` };
    if (probe.expect && !probe.expect.includes(response.status())) {
      return { probe: label, problem: `${response.status()} instead of ${probe.expect.join(" or ")}` };
    }
    return null;
  } catch (error) {
    return { probe: label, problem: `no whole answer: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  }
}

async function accountIds(page: Page): Promise<string[]> {
  const bluewave = await signIn(page, USERS.msspAdmin.email);
  await page.goto(`/a/${bluewave}/accounts?q=Harbor`);
  const href = await page.getByRole("table", { name: "Child accounts" }).getByRole("link", { name: "Harbor Community Bank", exact: true }).getAttribute("href");
  const harbor = href?.split("/")[2];
  expect(harbor).toMatch(/^[0-9a-f-]{36}$/);
  return [bluewave, harbor!];
}

async function createApiKey(page: Page, accountId: string): Promise<string> {
  await page.goto(`/a/${accountId}/api-keys`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create key" }) });
  await waitForHydration(form);
  await form.getByLabel("Key name").fill(`fuzz-${SEED}`);
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim();
  expect(key).toMatch(/^mlp_/);
  return key!;
}

function buildProbes(accounts: string[], apiKey: string, origin: string): Probe[] {
  const next = random(SEED);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const probes: Probe[] = [];

  // 1. Targeted: every parameter of every list with a NUL and one value of the corpus;
  // date parameters also with year 0, search parameters also with LIKE wildcards.
  for (const list of LISTS) {
    for (const param of list.params) {
      const values = ["\u0000", pick(CORPUS), ...(DATE_PARAMS.has(param) ? ["0000-01-01"] : []), ...(TEXT_PARAMS.has(param) ? ["%_"] : [])];
      for (const value of values) {
        const params: Record<string, string> = list.path.endsWith("/export") && param !== "format" ? { format: pick(["csv", "xlsx"]) } : {};
        params[param] = value;
        probes.push({ method: "GET", url: `/a/${pick(accounts)}${list.path}?${query(params)}` });
      }
    }
  }
  for (const path of ID_PATHS) {
    for (const id of ["not-a-uuid", "\u0000", "00000000-0000-0000-0000-000000000000"]) {
      probes.push({ method: "GET", url: `/a/${pick(accounts)}${path.replace("{id}", encodeURIComponent(id))}` });
    }
  }
  probes.push({ method: "GET", url: `/a/not-a-uuid/devices?q=${encodeURIComponent("\u0000")}` });

  // 2. Server actions: from another origin → 403; an unknown action id from our own origin → no 5xx.
  for (const path of ["/notifications", "/settings", "/contracts"]) {
    const form = { "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" };
    probes.push({
      method: "POST",
      url: `/a/${accounts[0]}${path}`,
      headers: { ...form, origin: "https://evil.example", "next-action": "7f".repeat(21) },
      data: "[]",
      expect: [403],
    });
    probes.push({ method: "POST", url: `/a/${accounts[0]}${path}`, headers: { ...form, origin, "next-action": "00".repeat(21) }, data: "[]" });
  }

  // 3. The API: telemetry and contracts with hostile fields, cron and auth with junk. Every
  // well-formed body names an account that does not exist, so the run writes nothing
  // the other journeys could see.
  const bearer = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const at = new Date(Date.now() - 10 * 60_000).toISOString();
  const telemetry = (event: Record<string, unknown>) => JSON.stringify({ events: [{ deviceId: "fuzz-1", kind: "ENDPOINT", at, accountId: NO_ACCOUNT, ...event }] });
  for (const field of ["deviceId", "eventId", "firmware", "accountId", "kind", "at"]) {
    for (const value of ["\u0000", "0000-01-01T00:00:00Z", "\uD800", "x".repeat(3000), "%"]) {
      const refused = UNSTORABLE.includes(value) || field === "at" || field === "kind" || field === "accountId" || value.length > 128;
      probes.push({ method: "POST", url: "/api/v1/telemetry", headers: bearer, data: telemetry({ [field]: value }), expect: refused ? [400, 429] : undefined });
    }
  }
  const contract = (extra: Record<string, unknown>) =>
    JSON.stringify({ accountId: NO_ACCOUNT, service: "harmony-browse", type: "PAYG", quantity: 5, ...extra });
  for (const field of ["accountId", "service", "type", "packageSku", "subscriptionReference", "trialExpiryAction", "quantity", "addOns"]) {
    for (const value of ["\u0000", "\uD800", "0000-01-01", "x".repeat(3000), -1]) {
      const refused = typeof value === "string" && UNSTORABLE.includes(value);
      probes.push({ method: "POST", url: "/api/v1/contracts", headers: bearer, data: contract({ [field]: value }), expect: refused ? [400, 404] : undefined });
    }
  }
  for (const body of ["", "{", "null", "[]", '{"events":null}', '"\\u0000"', JSON.stringify({ events: Array(3).fill({}) })]) {
    probes.push({ method: "POST", url: "/api/v1/telemetry", headers: bearer, data: body });
    probes.push({ method: "POST", url: "/api/v1/contracts", headers: bearer, data: body });
  }
  for (const value of ["\u0000", "not-a-uuid", accounts[1]!, "%"]) {
    probes.push({ method: "GET", url: `/api/v1/contracts?${query({ accountId: value, showArchived: pick(CORPUS) })}`, headers: bearer });
  }
  for (const path of ["/api/cron/meter", "/api/cron/notify", "/api/cron/webhooks"]) {
    for (const method of ["GET", "POST"] as const) {
      probes.push({ method, url: path, headers: { authorization: `Bearer ${pick(CORPUS)}`.replace(/[^\x20-\x7e]/g, "") }, expect: [401] });
    }
  }
  for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", `/api/auth/callback/credentials?${query({ callbackUrl: "\u0000" })}`]) {
    probes.push({ method: "GET", url: path });
  }
  probes.push({
    method: "POST",
    url: "/api/auth/callback/credentials",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: query({ email: `fuzz-${SEED}\u0000@example.com`, password: "\u0000", csrfToken: "junk" }),
  });

  // 4. Random combinations of the corpus over every list, up to the request budget.
  while (probes.length < MAX_REQUESTS) {
    const list = pick(LISTS);
    const params: Record<string, string> = {};
    const count = 1 + Math.floor(next() * 3);
    for (let i = 0; i < count; i += 1) params[pick(list.params)] = pick(CORPUS);
    probes.push({ method: "GET", url: `/a/${pick(accounts)}${list.path}?${query(params)}` });
  }
  return probes.slice(0, MAX_REQUESTS);
}

test("fuzz: no input makes any page, export or API route answer 5xx or break off", async ({ page, baseURL }) => {
  test.setTimeout(TIME_BUDGET_MS + 60_000);
  const accounts = await accountIds(page);
  const apiKey = await createApiKey(page, accounts[0]!);
  const probes = buildProbes(accounts, apiKey, new URL(baseURL!).origin);
  const failures: Failure[] = [];
  const started = Date.now();
  let sent = 0;
  let nextIndex = 0;
  // A few requests at a time, stopping when the time budget is spent.
  const worker = async () => {
    while (nextIndex < probes.length && Date.now() - started < TIME_BUDGET_MS) {
      const probe = probes[nextIndex++]!;
      sent += 1;
      const failure = await send(page.request, probe);
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const described = failures.map((failure) => `${failure.probe} → ${failure.problem}`);
  const known = described.filter((line) => KNOWN_FAILURES.some((entry) => entry.probe.test(line)));
  for (const line of known) {
    const owner = KNOWN_FAILURES.find((entry) => entry.probe.test(line))!.owner;
    test.info().annotations.push({ type: "known failure", description: `${line} (owned by ${owner})` });
  }
  console.log(`[fuzz] ${sent} of ${probes.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} failures (${known.length} known)`);
  for (const line of known) console.log(`[fuzz] known: ${line}`);
  expect(described.filter((line) => !known.includes(line)), described.join("\n")).toEqual([]);
  // The targeted probes come first: the budget must at least cover all of them.
  expect(sent).toBeGreaterThan(probes.length / 2);
});
