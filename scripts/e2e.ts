/**
 * `npm run test:e2e`: builds the portal, serves it on a free port against a
 * throwaway database seeded with the demo, runs Playwright against it, then
 * always stops the server and removes the database. Extra arguments go to
 * `playwright test` (e.g. `npm run test:e2e -- e2e/tenancy.spec.ts`).
 *
 * Database: with DATABASE_URL, a fresh database `<db>_e2e_<timestamp>` on the
 * same server (dropped at the end); otherwise an embedded PGlite directory
 * under `.data/e2e-<timestamp>` (deleted at the end). Only the server opens
 * it: tests work through the browser and HTTP, never the database.
 *
 * Env: E2E_SKIP_BUILD=1 reuses an existing build in NEXT_DIST_DIR (default `.next-e2e`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ALLOW_SERVER_ONLY } from "./lib/node-flags";
import { envWith, freePort, run as runIn, sleep, stopServer } from "./lib/server-process";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const STAMP = Date.now();
const SERVER_START_TIMEOUT_MS = 90_000;

type DbEnv = { DATABASE_URL?: string; PGLITE_DATA_DIR?: string };

interface RunDatabase {
  env: DbEnv;
  description: string;
  drop(): Promise<void>;
}

const log = (line: string) => console.log(`[e2e] ${line}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Everything that must be undone, run once whatever happens (success, failure, Ctrl-C). */
const cleanups: (() => Promise<void> | void)[] = [];
let cleaningUp: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`[e2e] cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaningUp;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`${signal} received, cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function createRunDatabase(): Promise<RunDatabase> {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) {
    const dataDir = path.join(ROOT, ".data", `e2e-${STAMP}`);
    return {
      env: { PGLITE_DATA_DIR: dataDir },
      description: `embedded PGlite (${path.relative(ROOT, dataDir)})`,
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = new URL(baseUrl);
  const baseName = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  const name = `${baseName}_e2e_${STAMP}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  const runUrl = new URL(baseUrl);
  runUrl.pathname = `/${encodeURIComponent(name)}`;
  return {
    env: { DATABASE_URL: runUrl.toString() },
    description: `PostgreSQL ${url.host}/${name}`,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv) => runIn(command, args, env, ROOT);

async function mustRun(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const started = Date.now();
  log(`${label}…`);
  const code = await run(command, args, env);
  if (code !== 0) throw new Error(`${label} failed (exit code ${code}).`);
  log(`${label} done in ${seconds(started)}.`);
}

async function waitForServer(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  let exited = false;
  server.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error("next start exited before answering.");
    try {
      const response = await fetch(`${baseUrl}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`next start did not answer within ${SERVER_START_TIMEOUT_MS / 1000}s.`);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const playwrightArgs = process.argv.slice(2);

  const database = await createRunDatabase();
  cleanups.push(async () => {
    await database.drop();
    log(`removed ${database.description}.`);
  });
  log(`database: ${database.description}`);

  // The journeys sign in as the demo users, so the demo must be seeded whatever the caller's env says.
  await mustRun(
    "prepare database (migrate + demo seed)",
    path.join(BIN, "tsx"),
    [...ALLOW_SERVER_ONLY, "scripts/prepare-database.ts"],
    envWith({ ...database.env, SKIP_DEMO_SEED: undefined }),
  );

  const secret = `e2e-secret-${STAMP}-${Math.random().toString(36).slice(2)}`;
  const cronSecret = `e2e-cron-${STAMP}-${Math.random().toString(36).slice(2)}`;
  // A build folder of its own, so `next dev` or a benchmark's build never collides with it.
  const distDir = process.env.NEXT_DIST_DIR || ".next-e2e";
  const buildEnv = envWith({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXT_DIST_DIR: distDir });
  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(ROOT, distDir, "BUILD_ID"))) {
    log(`E2E_SKIP_BUILD=1: reusing the existing ${distDir} build.`);
  } else {
    await mustRun("next build", path.join(BIN, "next"), ["build"], buildEnv);
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(os.tmpdir(), `msp-portal-e2e-server-${STAMP}.log`);
  const logStream = createWriteStream(logFile);
  const serverEnv = envWith({
    ...database.env,
    NODE_ENV: "production",
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: baseUrl,
    NEXT_DIST_DIR: distDir,
    CRON_SECRET: cronSecret,
    // The devices export (64 devices below the demo MSSP) runs as a job with a progress bar; the other exports still download.
    EXPORT_JOB_THRESHOLD_DEVICES: process.env.EXPORT_JOB_THRESHOLD_DEVICES ?? "50",
    // So is the evidence of a day with more than 3 devices (the demo's Harbor has about 7 gateways a weekday).
    EXPORT_JOB_THRESHOLD_EVIDENCE: process.env.EXPORT_JOB_THRESHOLD_EVIDENCE ?? "3",
    // The webhooks journey posts to a receiver it starts on 127.0.0.1 (docs/webhooks.md#ssrf).
    WEBHOOKS_ALLOW_PRIVATE_URLS: "1",
    EXPORT_DIR: process.env.EXPORT_DIR ?? path.join(os.tmpdir(), `msp-portal-e2e-exports-${STAMP}`),
  });
  log(`starting next start on ${baseUrl} (server log: ${logFile})`);
  const server = spawn(path.join(BIN, "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: serverEnv,
    detached: true, // own process group, so the whole tree can be stopped
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(logStream);
  server.stderr?.pipe(logStream);
  cleanups.push(async () => {
    await stopServer(server, port, log);
    logStream.end();
  });

  const serverStarted = Date.now();
  await waitForServer(baseUrl, server);
  log(`server answers after ${seconds(serverStarted)}.`);

  const testsStarted = Date.now();
  // What a spec needs to start a second instance of the same build on the same database (e2e/two-instances.spec.ts).
  const instanceEnv = {
    E2E_DATABASE_URL: database.env.DATABASE_URL,
    E2E_NEXTAUTH_SECRET: secret,
    E2E_CRON_SECRET: cronSecret,
    E2E_DIST_DIR: distDir,
  };
  const code = await run(path.join(BIN, "playwright"), ["test", ...playwrightArgs], envWith({ BASE_URL: baseUrl, ...instanceEnv }));
  log(`playwright exited with ${code} after ${seconds(testsStarted)} (whole run ${seconds(started)}).`);
  if (code !== 0) {
    const lines = tail(logFile, 40).trim();
    if (lines) console.log(`[e2e] last server log lines (${logFile}):\n${lines}`);
  }
  cleanups.push(() => {
    if (code === 0) rmSync(logFile, { force: true });
  });
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[e2e] ✖ ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
