/**
 * The portal as a production server for HTTP benchmarks: `next build` into a
 * folder of its own (NEXT_DIST_DIR, default `.next-bench`), `next start` on a
 * free port, and a stop that ends whatever listens on that port (killing the
 * `next start` wrapper alone leaves `next-server` running).
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { envWith, freePort, pidsListeningOn, run as runIn, stopServer } from "../../lib/server-process";
import { log, onCleanup, ROOT, runFailed, sleep, STAMP } from "./harness";

const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const START_TIMEOUT_MS = 120_000;

const run = (command: string, args: string[], env: NodeJS.ProcessEnv) => runIn(command, args, env, ROOT);

/**
 * The build folder to serve: with BENCH_SKIP_BUILD=1, an existing build in
 * NEXT_DIST_DIR (default `.next-bench`, else `.next`) is reused; otherwise
 * `next build` runs into NEXT_DIST_DIR (default `.next-bench`).
 */
export async function ensureBuild(secret: string): Promise<string> {
  const wanted = process.env.NEXT_DIST_DIR || ".next-bench";
  if (process.env.BENCH_SKIP_BUILD === "1") {
    const candidates = process.env.NEXT_DIST_DIR ? [wanted] : [wanted, ".next"];
    const found = candidates.find((dir) => existsSync(path.join(ROOT, dir, "BUILD_ID")));
    if (found) {
      log(`BENCH_SKIP_BUILD=1: reusing the build in ${found}.`);
      return found;
    }
    log(`BENCH_SKIP_BUILD=1 but no build found in ${candidates.join(" or ")}: building.`);
  }
  const started = Date.now();
  log(`next build into ${wanted}…`);
  const code = await run(NEXT_BIN, ["build"], envWith({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXT_DIST_DIR: wanted }));
  if (code !== 0) throw new Error(`next build failed (exit code ${code}).`);
  log(`next build done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return wanted;
}

export interface RunningServer {
  baseUrl: string;
  /** PIDs listening on the port (the next-server process), for CPU accounting. */
  pids(): number[];
  logFile: string;
}

/** `next start` of the build on a free port with the given env; stopped at clean-up. */
export async function startServer(options: { distDir: string; secret: string; env: Record<string, string> }): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(os.tmpdir(), `msp-portal-bench-server-${STAMP}.log`);
  const logStream = createWriteStream(logFile);
  const server = spawn(NEXT_BIN, ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: envWith({ ...options.env, NODE_ENV: "production", NEXTAUTH_SECRET: options.secret, NEXTAUTH_URL: baseUrl, NEXT_DIST_DIR: options.distDir }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(logStream);
  server.stderr?.pipe(logStream);
  let exited = false;
  server.once("exit", () => (exited = true));
  onCleanup(async () => {
    await stopServer(server, port, log);
    logStream.end();
    if (!runFailed()) rmSync(logFile, { force: true });
  });

  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (exited) throw new Error(`next start exited before answering; its log:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${baseUrl}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) {
        log(`next start answers on ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logFile}).`);
        return { baseUrl, pids: () => pidsListeningOn(port), logFile };
      }
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`next start did not answer within ${START_TIMEOUT_MS / 1000} s.`);
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
