import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import httpProxy from "http-proxy";
import { envWith, freePort, sleep, stopServer } from "../../scripts/lib/server-process";

/*
 * More instances of the e2e server's build on the e2e server's database, and a round-robin
 * reverse proxy in front of them (e2e/two-instances.spec.ts, docs/deploying.md). scripts/e2e.ts
 * hands the run's database, secrets and build folder to Playwright as E2E_* variables.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 90_000;

export const instanceSettings = {
  databaseUrl: process.env.E2E_DATABASE_URL,
  nextAuthSecret: process.env.E2E_NEXTAUTH_SECRET,
  cronSecret: process.env.E2E_CRON_SECRET,
  distDir: process.env.E2E_DIST_DIR ?? ".next-e2e",
};

export interface Instance {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** `next start` of the e2e build on a free port, with the e2e server's database and secrets plus `env`. */
export async function startInstance(publicUrl: string, env: Record<string, string>): Promise<Instance> {
  const { databaseUrl, nextAuthSecret, cronSecret, distDir } = instanceSettings;
  if (!databaseUrl || !nextAuthSecret || !cronSecret) throw new Error("E2E_DATABASE_URL, E2E_NEXTAUTH_SECRET and E2E_CRON_SECRET are not set: run with `npm run test:e2e`.");
  const port = await freePort();
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: envWith({
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: nextAuthSecret,
      NEXTAUTH_URL: publicUrl,
      NEXT_DIST_DIR: distDir,
      CRON_SECRET: cronSecret,
      ...env,
    }),
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = { url, port, process: child, exited, stop: () => stopServer(child, port, () => {}) };
  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      const response = await fetch(`${url}/api/health?probe=live`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return instance;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  await instance.stop();
  throw new Error(gone ? "next start exited before answering." : `next start did not answer within ${START_TIMEOUT_MS / 1000}s.`);
}

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/** A reverse proxy that sends each request to the next of `targets` in turn, as a load balancer would. */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const proxy = httpProxy.createProxyServer({ xfwd: false });
  proxy.on("error", (_error, _request, response) => {
    if (response instanceof http.ServerResponse && !response.headersSent) response.writeHead(502).end();
  });
  let next = 0;
  const server = http.createServer((request, response) => {
    const target = targets[next++ % targets.length]!;
    proxy.web(request, response, { target });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
