/**
 * `npm run bench:pages`: every portal page, report and export on `next start` at a
 * large MSSP's size (issue 15), as each kind of user sees it.
 *
 * Data (lib/pages-fixtures.ts, set-based SQL beside the demo seed): a distributor;
 * 20 MSSPs; one with 1,000 customers, 100,000 devices (50,000 paired to 40,000 end
 * users), 20,000 gateways in 2,000 plans, 5,000 locations and licences, 10,000
 * contracts, 1,000,000 audit events, 90 days of daily activity metered by the
 * product's own daily run; one customer with 8,000 devices.
 *
 * Per page: median and p95 of the full response over BENCH_REPEAT requests after one
 * warm-up, the HTML size, the query count the server logged (`[db]` lines,
 * LOG_QUERY_COUNT=1) and, where the table has one, the page's main query written by
 * hand, timed alone, as a ratio. Exports: time to the first byte. Targets: page p95
 * < 300 ms and < 300 KB; export first byte < 500 ms. Non-200 answers are listed.
 *
 * Env: BENCH_REPEAT (10), BENCH_EXPORT_REPEAT (3), BENCH_SLOW_REPEAT (3: pages whose
 * warm-up took over BENCH_SLOW_MS, default 3000, get this many runs), BENCH_ONLY
 * (regex on the page name), BENCH_VARIANTS (search,filter,last), BENCH_USERS (comma list: distributor,mssp,customer,viewer),
 * BENCH_KEEP_DB=1, BENCH_DB=<name> (reuse a database filled by an earlier run kept
 * with BENCH_KEEP_DB=1), BENCH_SKIP_BUILD=1, BENCH_EXPLAIN (how many of the slowest
 * pages get their slowest statement under EXPLAIN ANALYZE, default 8), BENCH_FILL_ONLY=1 (write
 * the data and stop: with BENCH_KEEP_DB=1, a database to measure later), BENCH_MARKDOWN=<file>
 * (the table as markdown too), BENCH_QUERY_LOG=1 (the server logs every statement, LOG_QUERY_EACH=1:
 * each page's last request is printed statement by statement, when it started and its time), DATABASE_URL.
 * The "db" column is the median over a page's requests of its statements' summed time (statements run
 * side by side add up): the page's time beyond it is rendering, the network and waiting.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { parseQueryCountLine } from "../../src/server/db/query-count";
import {
  connectSql,
  createBenchDatabase,
  describeError,
  envNumber,
  fmtInt,
  fmtMs,
  log,
  machineLine,
  median,
  onCleanup,
  percentile,
  printTable,
  runBench,
  timed,
} from "./lib/harness";
import { ensureBuild, startServer } from "./lib/next-server";
import { BENCH_PASSWORD, DEFAULT_SCALE, fillPagesDatabase, type PagesData } from "./lib/pages-fixtures";
import { benchPrisma } from "./lib/prisma";

const PAGE_TARGET_MS = 300;
const PAGE_TARGET_KB = 300;
const EXPORT_TARGET_MS = 500;

// ───────────── The pages ─────────────

type UserKey = "distributor" | "mssp" | "customer" | "viewer";
/** Whose account a page is opened on: the user's own, or the account owning the object in the path. */
type On = "own" | "bigCustomer" | "mssp";

interface HandSql {
  text: string;
  /** $1 = the account id in the URL, $2 = its path (reach prefix). */
  note?: string;
}

interface PageSpec {
  name: string;
  /** Path under /a/<account>; {contract}, {endUser}… are filled from the data's ids. */
  path: string;
  on?: On;
  export?: boolean;
  /** Extra variants measured for the MSSP and customer admins (search, filter). */
  variants?: Record<string, string>;
  /**
   * How to reach the last page: "page" = the N of the first page's "Page 1 of N" (or its
   * highest `page=N` link).
   * A keyset list can change this to its own link (e.g. a `last`/cursor parameter).
   */
  last?: "page";
  /** Which users request it (default all four). */
  users?: UserKey[];
  sql?: HandSql;
}

const REACH = `(SELECT id FROM accounts WHERE path LIKE $2::text || '%' AND $1::uuid IS NOT NULL)`;

/**
 * Every portal page (find src/app -name page.tsx) and every export route
 * (find src/app -name route.ts). Another engineer adapting paging edits `last`
 * and the URLs here.
 */
const PAGES: PageSpec[] = [
  { name: "dashboard", path: "" },
  {
    name: "accounts",
    path: "/accounts",
    variants: { search: "q=Acme", filter: "kind=CUSTOMER&status=ACTIVE" },
    last: "page",
    sql: { text: `SELECT id, name, kind, status, created_at, count(*) OVER () FROM accounts WHERE path LIKE $2 || '%' AND id <> $1 ORDER BY name LIMIT 20` },
  },
  { name: "accounts/new", path: "/accounts/new" },
  { name: "api-keys", path: "/api-keys" },
  {
    name: "audit",
    path: "/audit",
    variants: { search: "actor=bench.customer", filter: "action=contract.created" },
    last: "page",
    sql: {
      text: `SELECT e.*, (SELECT count(*) FROM audit_events WHERE account_id IN ${REACH}) FROM audit_events e WHERE e.account_id IN ${REACH} ORDER BY e.created_at DESC, e.id DESC LIMIT 20`,
    },
  },
  {
    name: "contracts",
    path: "/contracts",
    variants: { filter: "type=SUBSCRIPTION&status=ACTIVE" },
    last: "page",
    sql: {
      text: `SELECT c.*, a.name, s.name FROM contracts c JOIN accounts a ON a.id = c.account_id JOIN services s ON s.id = c.service_id
             WHERE c.account_id IN ${REACH} AND c.archived_at IS NULL ORDER BY s.name, c.number LIMIT 20`,
    },
  },
  { name: "contracts/new", path: "/contracts/new" },
  { name: "contracts/import", path: "/contracts/import" },
  { name: "contracts/sync", path: "/contracts/sync" },
  { name: "contract edit", path: "/contracts/{contract}/edit", on: "bigCustomer" },
  { name: "contract cancel", path: "/contracts/{contract}/cancel", on: "bigCustomer" },
  {
    name: "devices",
    path: "/devices",
    variants: { search: "q=Laptop", filter: "pairing=paired" },
    last: "page",
    sql: {
      text: `SELECT d.*, (SELECT count(*) FROM devices WHERE account_id IN ${REACH}) FROM devices d WHERE d.account_id IN ${REACH} ORDER BY d.external_id LIMIT 20`,
    },
  },
  {
    name: "end-users",
    path: "/end-users",
    variants: { search: "q=Elena", filter: "imported=1" },
    last: "page",
    sql: {
      text: `SELECT u.*, (SELECT count(*) FROM end_users WHERE account_id IN ${REACH}) FROM end_users u WHERE u.account_id IN ${REACH} ORDER BY u.name LIMIT 20`,
    },
  },
  { name: "end-users/import", path: "/end-users/import" },
  { name: "end user", path: "/end-users/{endUser}", on: "bigCustomer" },
  {
    name: "gateways",
    path: "/gateways",
    variants: { search: "q=gw-5", filter: "licenseType=PAYG" },
    last: "page",
    sql: {
      text: `SELECT g.*, p.name, (SELECT count(*) FROM gateways WHERE account_id IN ${REACH}) FROM gateways g LEFT JOIN plans p ON p.id = g.plan_id
             WHERE g.account_id IN ${REACH} ORDER BY g.name LIMIT 20`,
    },
  },
  { name: "gateways/new", path: "/gateways/new" },
  { name: "gateway", path: "/gateways/{gateway}", on: "bigCustomer" },
  { name: "groups", path: "/groups", last: "page" },
  { name: "group", path: "/groups/{group}", on: "bigCustomer" },
  { name: "jobs", path: "/jobs", sql: { text: `SELECT * FROM job_runs WHERE $1::uuid IS NOT NULL AND $2::text IS NOT NULL ORDER BY started_at DESC LIMIT 50` } },
  {
    name: "licences",
    path: "/licences",
    variants: { search: "q=A", filter: "status=IN_USE" },
    last: "page",
    sql: {
      text: `SELECT l.*, a.name, (SELECT count(*) FROM location_licences WHERE account_id IN ${REACH}) FROM location_licences l JOIN accounts a ON a.id = l.account_id
             WHERE l.account_id IN ${REACH} ORDER BY l.key LIMIT 20`,
    },
  },
  { name: "licences/new", path: "/licences/new" },
  { name: "licence", path: "/licences/{licence}", on: "bigCustomer" },
  {
    name: "locations",
    path: "/locations",
    variants: { search: "q=Site%203", filter: "sector=RETAIL" },
    last: "page",
    sql: {
      text: `SELECT l.*, (SELECT count(*) FROM locations WHERE account_id IN ${REACH}) FROM locations l WHERE l.account_id IN ${REACH} ORDER BY l.name LIMIT 20`,
    },
  },
  { name: "location", path: "/locations/{location}", on: "bigCustomer" },
  {
    name: "notifications",
    path: "/notifications",
    variants: { filter: "unread=1" },
    last: "page",
    sql: { text: `SELECT n.*, (SELECT count(*) FROM notices WHERE account_id = $1) FROM notices n WHERE n.account_id = $1 AND $2::text IS NOT NULL ORDER BY n.created_at DESC LIMIT 20` },
  },
  { name: "plans", path: "/plans", last: "page" },
  { name: "plan", path: "/plans/{plan}", on: "mssp" },
  { name: "plan licence", path: "/plans/{plan}/licence", on: "mssp" },
  { name: "points", path: "/points", last: "page" },
  { name: "pools", path: "/pools" },
  { name: "pools/monthly", path: "/pools/monthly" },
  { name: "pools/reconciliation", path: "/pools/reconciliation" },
  { name: "profile", path: "/profile" },
  { name: "settings", path: "/settings" },
  { name: "subscriptions", path: "/subscriptions", last: "page" },
  { name: "subscriptions/add", path: "/subscriptions/add" },
  { name: "subscription (package)", path: "/subscriptions/{package}", on: "bigCustomer" },
  {
    name: "subscriptions/report",
    path: "/subscriptions/report",
    variants: { search: "q=Elena", filter: "status=billed" },
    last: "page",
  },
  {
    name: "usage",
    path: "/usage",
    sql: {
      text: `SELECT u.account_id, u.service_id, sum(u.payg_device_days), max(u.active_devices) FROM usage_daily u
             WHERE u.account_id IN ${REACH} AND u.day >= date_trunc('month', now())::date GROUP BY 1, 2`,
    },
  },
  { name: "usage/evidence", path: "/usage/evidence?service={qsmService}&day={day}", last: "page" },
  { name: "users", path: "/users", last: "page" },
  // Exports: the first byte.
  { name: "audit/export", path: "/audit/export?format=csv", export: true },
  { name: "contracts/export", path: "/contracts/export?format=csv", export: true },
  { name: "devices/export", path: "/devices/export?format=csv", export: true },
  { name: "gateways/export", path: "/gateways/export?format=csv", export: true },
  { name: "licences/export", path: "/licences/export?format=csv", export: true },
  { name: "points/export", path: "/points/export?format=csv", export: true },
  { name: "subscriptions/report/export", path: "/subscriptions/report/export?format=csv", export: true },
  { name: "usage/evidence/export", path: "/usage/evidence/export?format=csv&service={qsmService}&day={day}", export: true },
  { name: "usage/export (roll-up)", path: "/usage/export?format=csv&rollup=1", export: true },
  { name: "usage/export xlsx", path: "/usage/export?format=xlsx", export: true },
  { name: "licence pdf", path: "/licences/{licence}/pdf", on: "bigCustomer", export: true },
];

// ───────────── HTTP with a session ─────────────

class Session {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.keep(response);
    return response;
  }

  /** The real sign-in flow: next-auth's CSRF token, then the credentials callback. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.fetch("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.baseUrl },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${this.baseUrl}/`, json: "true" }).toString(),
    });
    await response.arrayBuffer();
    if (![...this.cookies.keys()].some((name) => name.includes("session-token"))) {
      throw new Error(`sign-in of ${email} failed (HTTP ${response.status}, no session cookie).`);
    }
  }
}

// ───────────── The server's [db] lines ─────────────

class ServerLog {
  private offset = 0;
  constructor(private readonly file: string) {
    this.offset = statSync(file).size;
  }

  /** Lines written since the last call. */
  read(): string[] {
    const size = statSync(this.file).size;
    if (size <= this.offset) return [];
    const fd = openSync(this.file, "r");
    try {
      const buffer = Buffer.alloc(size - this.offset);
      readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset = size;
      return buffer.toString("utf8").split("\n");
    } finally {
      closeSync(fd);
    }
  }
}

interface Slowest {
  ms: number;
  sql: string;
  args: unknown[];
}

function parseSlowest(line: string): { path: string; slowest: Slowest } | null {
  const match = /^\[db slowest\] \S+ (\S+) · (\d+) ms · (.*)$/.exec(line.trim());
  if (!match) return null;
  try {
    const { sql, args } = JSON.parse(match[3]!) as { sql: string; args: unknown[] };
    return { path: match[1]!, slowest: { ms: Number(match[2]), sql, args } };
  } catch {
    return null;
  }
}

// ───────────── Measuring ─────────────

interface Row {
  user: string;
  page: string;
  url: string;
  export: boolean;
  statuses: Map<number, number>;
  p50: number;
  p95: number;
  runs: number;
  kb: number;
  queries: number | null;
  /** Median over the requests of their statements' summed time (the [db] lines). */
  dbMs: number | null;
  sqlMs: number | null;
  slowest?: Slowest;
  html?: string;
}

async function requestOnce(session: Session, url: string, firstByteOnly: boolean): Promise<{ ms: number; status: number; bytes: number; body?: string }> {
  const started = performance.now();
  const response = await session.fetch(url);
  if (firstByteOnly) {
    const reader = response.body?.getReader();
    const first = reader ? await reader.read() : { value: undefined };
    const ms = performance.now() - started;
    await reader?.cancel().catch(() => {});
    return { ms, status: response.status, bytes: first.value?.length ?? 0 };
  }
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, bytes: Buffer.byteLength(body), body };
}

await runBench("bench:pages", async () => {
  const repeat = envNumber("BENCH_REPEAT", 10);
  const exportRepeat = envNumber("BENCH_EXPORT_REPEAT", 3);
  const slowRepeat = envNumber("BENCH_SLOW_REPEAT", 3);
  const slowMs = envNumber("BENCH_SLOW_MS", 3000);
  const explainCount = Number(process.env.BENCH_EXPLAIN ?? 8);
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
  const queryLog = process.env.BENCH_QUERY_LOG === "1";
  const wantedVariants = (process.env.BENCH_VARIANTS ?? "search,filter,last").split(",").map((v) => v.trim());
  const wantedUsers = (process.env.BENCH_USERS ?? "distributor,mssp,customer,viewer").split(",").map((u) => u.trim());
  log(machineLine());
  // Smaller data for a smoke run: BENCH_CUSTOMERS, BENCH_AUDIT_EVENTS, BENCH_ACTIVITY_DAYS, BENCH_BIG_ENDPOINTS.
  const scale = {
    ...DEFAULT_SCALE,
    customers: envNumber("BENCH_CUSTOMERS", DEFAULT_SCALE.customers),
    auditEvents: envNumber("BENCH_AUDIT_EVENTS", DEFAULT_SCALE.auditEvents),
    activityDays: envNumber("BENCH_ACTIVITY_DAYS", DEFAULT_SCALE.activityDays),
    bigCustomerEndpoints: envNumber("BENCH_BIG_ENDPOINTS", DEFAULT_SCALE.bigCustomerEndpoints),
  };
  scale.bigCustomerPaired = Math.min(scale.bigCustomerPaired, scale.bigCustomerEndpoints);

  // Database: a fresh one filled here, or BENCH_DB (kept from an earlier run).
  const serverUrl = process.env.DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";
  let databaseUrl: string;
  let data: PagesData;
  const fillOnly = process.env.BENCH_FILL_ONLY === "1";
  const secret = randomBytes(24).toString("base64url");
  // The build runs while the data is written; a failed run waits for it rather than orphan it.
  const build = fillOnly ? Promise.resolve("") : ensureBuild(secret);
  onCleanup(() => build.then(() => undefined, () => undefined));
  if (process.env.BENCH_DB) {
    const url = new URL(serverUrl);
    url.pathname = `/${encodeURIComponent(process.env.BENCH_DB)}`;
    databaseUrl = url.toString();
    const sql = await connectSql(databaseUrl);
    const { rows } = await sql.query<{ data: PagesData }>(`SELECT data FROM bench_pages_meta`);
    data = rows[0]!.data;
    log(`BENCH_DB=${process.env.BENCH_DB}: reusing its data.`);
  } else {
    const database = await createBenchDatabase("pages");
    databaseUrl = database.url;
    const sql = await connectSql(databaseUrl);
    const bench = benchPrisma(databaseUrl);
    const { ms, result } = await timed(() => fillPagesDatabase(sql, bench.prisma, scale, new Date()));
    data = result;
    await sql.query(`CREATE TABLE bench_pages_meta (data jsonb NOT NULL)`);
    await sql.query(`INSERT INTO bench_pages_meta (data) VALUES ($1)`, [JSON.stringify(data)]);
    const { rows } = await sql.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
    log(`data filled in ${fmtMs(ms)} (database ${rows[0]!.size}); keep it with BENCH_KEEP_DB=1, then rerun with BENCH_DB=${database.name}.`);
  }
  if (fillOnly) {
    log("BENCH_FILL_ONLY=1: data written, no server.");
    return;
  }
  const sql = await connectSql(databaseUrl);

  const distDir = await build;
  const server = await startServer({
    distDir,
    secret,
    env: { DATABASE_URL: databaseUrl, LOG_QUERY_COUNT: "1", LOG_QUERY_SLOWEST: "1", ...(queryLog ? { LOG_QUERY_EACH: "1" } : {}) },
  });
  const serverLog = new ServerLog(server.logFile);

  const users: { key: UserKey; label: string; email: string; accountId: string }[] = [
    { key: "distributor", label: "distributor", email: "bench.distributor@bench.example", accountId: data.distributorId },
    { key: "mssp", label: "MSSP admin", email: "bench.mssp@bench.example", accountId: data.msspId },
    { key: "customer", label: "customer admin", email: "bench.customer@bench.example", accountId: data.bigCustomerId },
    { key: "viewer", label: "MSSP viewer", email: "bench.viewer@bench.example", accountId: data.msspId },
  ];
  // The evidence pages take a service and a final day.
  const { rows: extra } = await sql.query<{ service: string; day: string }>(
    `SELECT (SELECT id::text FROM services WHERE code = 'quantum-spark-management') AS service, (SELECT max(day)::text FROM usage_daily) AS day`,
  );
  const accountPath = async (id: string) => (await sql.query<{ path: string }>(`SELECT path FROM accounts WHERE id = $1`, [id])).rows[0]!.path;
  const fill = (path: string) =>
    path
      .replace("{contract}", data.ids.contract!)
      .replace("{endUser}", data.ids.end_user!)
      .replace("{gateway}", data.ids.gateway!)
      .replace("{group}", data.ids.group_everyone!)
      .replace("{licence}", data.ids.licence!)
      .replace("{location}", data.ids.location!)
      .replace("{plan}", data.ids.plan!)
      .replace("{package}", data.ids.package!)
      .replace("{qsmService}", extra[0]!.service)
      .replace("{day}", extra[0]!.day);

  const rows: Row[] = [];
  const failures: string[] = [];
  /** 404: the page is not offered on this kind of account (or for this role) — listed, not a failure. */
  const notOffered: string[] = [];

  /**
   * An export over its threshold answers 303 to its job's page and writes the file after the
   * response, in the server: wait until no job is queued or running, so the next figure (page
   * or export) is not measured beside a 1,000,000-row file being written.
   */
  const drainExportJobs = async () => {
    const deadline = performance.now() + 300_000;
    while (performance.now() < deadline) {
      // Live jobs only: one left RUNNING by a server stopped mid-file (an earlier run) never ends.
      const { rows: [left] } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM export_jobs
         WHERE (status = 'QUEUED' AND created_at > now() - interval '1 minute')
            OR (status = 'RUNNING' AND heartbeat_at > now() - interval '30 seconds')`,
      );
      if (!left || left.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log("export jobs still running after 300 s; measuring on.");
  };
  const exportRequest = async (session: Session, url: string) => {
    const result = await requestOnce(session, url, true);
    if (result.status === 303) await drainExportJobs();
    return result;
  };

  const measure = async (session: Session, user: string, name: string, url: string, isExport: boolean, hand: HandSql | undefined, accountId: string): Promise<Row> => {
    serverLog.read();
    const request = () => (isExport ? exportRequest(session, url) : requestOnce(session, url, false));
    const warm = await request();
    // A 404 (page not offered there) is measured once; slow pages get fewer runs.
    const runs = warm.status === 404 ? 1 : isExport ? exportRepeat : warm.ms > slowMs ? slowRepeat : repeat;
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let bytes = warm.bytes;
    for (let run = 0; run < runs; run++) {
      const result = await request();
      times.push(result.ms);
      bytes = result.bytes;
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    }
    // The [db] lines are printed after each response: give the last one a moment.
    await new Promise((resolve) => setTimeout(resolve, isExport ? 1500 : 150));
    const pathname = new URL(url, "http://x").pathname;
    const counts: number[] = [];
    const dbMs: number[] = [];
    // The statements of each request, in the order the server printed them (the last request's are shown).
    const statementsOf: string[][] = [];
    let slowest: Slowest | undefined;
    for (const line of serverLog.read()) {
      const parsed = parseQueryCountLine(line);
      if (parsed && parsed.method === "GET" && new URL(parsed.url, "http://x").pathname === pathname) {
        counts.push(parsed.queries);
        dbMs.push(parsed.ms);
        statementsOf.push([]);
      }
      const each = /^\[db each\] GET (\S+) · (.*)$/.exec(line.trim());
      if (each && new URL(each[1]!, "http://x").pathname === pathname) statementsOf.at(-1)?.push(each[2]!);
      const slow = parseSlowest(line);
      if (slow && new URL(slow.path, "http://x").pathname === pathname && (!slowest || slow.slowest.ms > slowest.ms)) slowest = slow.slowest;
    }
    let sqlMs: number | null = null;
    if (hand) {
      const params = [accountId, await accountPath(accountId)];
      try {
        await sql.query(hand.text, params);
        const sqlTimes: number[] = [];
        for (let run = 0; run < Math.min(runs, 5); run++) sqlTimes.push((await timed(() => sql.query(hand.text, params))).ms);
        sqlMs = median(sqlTimes);
      } catch (error) {
        log(`hand-written SQL of ${name} failed: ${describeError(error)}`);
      }
    }
    const row: Row = {
      user,
      page: name,
      url,
      export: isExport,
      statuses,
      p50: median(times),
      p95: percentile(times, 95),
      runs,
      kb: bytes / 1024,
      queries: counts.length ? median(counts) : null,
      dbMs: dbMs.length ? median(dbMs) : null,
      sqlMs,
      slowest,
      html: warm.body,
    };
    for (const [status, n] of statuses) {
      if (status === 404) notOffered.push(`${user}: ${name}`);
      // An export over its threshold becomes a job: its first byte is the 303 to the job's page.
      else if (status !== 200 && !(isExport && status === 303)) failures.push(`${user}: ${url} → HTTP ${status} (${n} of ${runs})`);
    }
    log(
      `${user.padEnd(15)} ${name.padEnd(34)} ${isExport ? "first byte " : ""}p50 ${fmtMs(row.p50)} p95 ${fmtMs(row.p95)} ${row.kb.toFixed(0)} KB ` +
        `${row.queries ?? "?"} queries (db ${row.dbMs === null ? "?" : fmtMs(row.dbMs)}) ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`,
    );
    if (queryLog) for (const statement of statementsOf.at(-1) ?? []) log(`    ${statement}`);
    rows.push(row);
    return row;
  };

  for (const user of users.filter((u) => wantedUsers.includes(u.key))) {
    const session = new Session(server.baseUrl);
    await session.signIn(user.email, BENCH_PASSWORD);
    log(`signed in as ${user.label} (${user.email}).`);
    const withVariants = user.key === "mssp" || user.key === "customer";
    for (const spec of PAGES) {
      if (only && !only.test(spec.name)) continue;
      if (spec.users && !spec.users.includes(user.key)) continue;
      const accountId = spec.on === "bigCustomer" ? data.bigCustomerId : spec.on === "mssp" ? data.msspId : user.accountId;
      const base = `/a/${accountId}${fill(spec.path)}`;
      const first = await measure(session, user.label, spec.name, base, Boolean(spec.export), spec.sql, accountId);
      if (!withVariants) continue;
      for (const [variant, query] of Object.entries(spec.variants ?? {}).filter(([variant]) => wantedVariants.includes(variant))) {
        await measure(session, user.label, `${spec.name} · ${variant}`, `${base}${base.includes("?") ? "&" : "?"}${query}`, false, undefined, accountId);
      }
      if (spec.last === "page" && first.html && wantedVariants.includes("last")) {
        // The pager's links and its "Page 1 of N" (React separates the numbers with comments).
        const text = first.html.replace(/<!-- -->/g, "");
        const pages = [
          ...[...text.matchAll(/[?&;]page=(\d+)/g)].map((match) => Number(match[1])),
          ...[...text.matchAll(/Page [\d,]+ of ([\d,]+)/g)].map((match) => Number(match[1]!.replace(/,/g, ""))),
        ];
        const last = pages.length ? Math.max(...pages) : 1;
        if (last > 1) await measure(session, user.label, `${spec.name} · last (page ${fmtInt(last)})`, `${base}${base.includes("?") ? "&" : "?"}page=${last}`, false, undefined, accountId);
      }
    }
  }

  // ── Summary.
  const mark = (row: Row) => {
    const misses: string[] = [];
    if ([...row.statuses.keys()].every((status) => status === 404)) return "n/a (404)";
    const answered = (status: number) => status === 200 || (row.export && status === 303);
    if (![...row.statuses.keys()].every(answered)) misses.push(`HTTP ${[...row.statuses.keys()].join("/")}`);
    if (row.export) {
      if (row.p95 >= EXPORT_TARGET_MS) misses.push("first byte");
    } else {
      if (row.p95 >= PAGE_TARGET_MS) misses.push("time");
      if (row.kb >= PAGE_TARGET_KB) misses.push("size");
    }
    return misses.length ? `✗ ${misses.join(", ")}` : "ok";
  };
  printTable(`bench:pages — ${fmtInt(rows.length)} pages (page p95 < ${PAGE_TARGET_MS} ms and < ${PAGE_TARGET_KB} KB; export first byte < ${EXPORT_TARGET_MS} ms)`, [
    ["user", "page", "p50", "p95", "runs", "KB", "queries", "db", "hand SQL", "ratio", "result"],
    ...rows.map((row) => [
      row.user,
      row.page + (row.export ? " (first byte)" : ""),
      fmtMs(row.p50),
      fmtMs(row.p95),
      String(row.runs),
      row.export ? "—" : row.kb.toFixed(0),
      row.queries === null ? "?" : String(row.queries),
      row.dbMs === null ? "?" : fmtMs(row.dbMs),
      row.sqlMs === null ? "—" : fmtMs(row.sqlMs),
      row.sqlMs === null ? "—" : `${(row.p50 / Math.max(row.sqlMs, 0.1)).toFixed(1)}×`,
      mark(row),
    ]),
  ]);
  const missed = rows.filter((row) => mark(row).startsWith("✗"));
  console.log(`\n${missed.length} of ${rows.length} rows miss a target.`);
  if (notOffered.length) console.log(`\nAnswered 404 (not offered on that account or role): ${notOffered.join("; ")}`);
  if (failures.length) {
    console.log(`\nNon-200 answers (${failures.length}):`);
    for (const failure of failures) console.log(`  ${failure}`);
  }
  console.log(`machine: ${machineLine()}`);

  if (process.env.BENCH_MARKDOWN) {
    const lines = [
      "| user | page | p50 | p95 | runs | KB | queries | db | hand SQL | ratio | result |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows.map((row) =>
        [
          row.user,
          row.page + (row.export ? " (first byte)" : ""),
          fmtMs(row.p50),
          fmtMs(row.p95),
          String(row.runs),
          row.export ? "—" : row.kb.toFixed(0),
          row.queries === null ? "?" : String(row.queries),
          row.dbMs === null ? "?" : fmtMs(row.dbMs),
          row.sqlMs === null ? "—" : fmtMs(row.sqlMs),
          row.sqlMs === null ? "—" : `${(row.p50 / Math.max(row.sqlMs, 0.1)).toFixed(1)}×`,
          mark(row),
        ].join(" | "),
      ).map((line) => `| ${line} |`),
    ];
    writeFileSync(process.env.BENCH_MARKDOWN, `${lines.join("\n")}\n`);
    log(`markdown table written to ${process.env.BENCH_MARKDOWN}.`);
  }

  // ── The slowest pages' slowest statements under EXPLAIN ANALYZE.
  const worst = [...rows].filter((row) => row.slowest && mark(row) !== "n/a (404)").sort((a, b) => b.p95 - a.p95).slice(0, explainCount);
  const explained = new Set<string>();
  for (const row of worst) {
    const statement = row.slowest!;
    if (explained.has(statement.sql)) continue;
    explained.add(statement.sql);
    console.log(`\n── ${row.user} · ${row.page}: p95 ${fmtMs(row.p95)}, ${row.queries ?? "?"} queries; slowest statement ${fmtMs(statement.ms)}:`);
    console.log(statement.sql.length > 1500 ? `${statement.sql.slice(0, 1500)} …` : statement.sql);
    try {
      await sql.query("BEGIN");
      const { rows: plan } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.args as unknown[]);
      console.log(plan.map((line) => line["QUERY PLAN"]).join("\n"));
    } catch (error) {
      console.log(`(EXPLAIN failed: ${describeError(error)})`);
    } finally {
      await sql.query("ROLLBACK").catch(() => {});
    }
  }
});
