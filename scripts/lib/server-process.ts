/**
 * Starting and stopping a local `next start` for the e2e runner and the
 * benchmarks: a free port, and a stop that really frees it (killing `npx next
 * start` leaves next-server running, so the process group and whatever holds
 * the port are signalled).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

/** The parent's env without any database setting, plus `extra` (undefined removes a variable). */
export function envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  delete env.PGLITE_DATA_DIR;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs a command in `cwd` with inherited output; resolves with its exit code. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("No free port."))));
    });
  });
}

/** PIDs listening on a TCP port, from `ss` (the next-server process that really serves). */
export function pidsListeningOn(port: number): number[] {
  const result = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  if (result.status !== 0) return [];
  return [...result.stdout.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the server's process group and the port's listeners, SIGKILL after 10 s. */
export async function stopServer(server: ChildProcess, port: number, log: (line: string) => void): Promise<void> {
  const groupId = server.pid;
  const listeners = pidsListeningOn(port);
  const signalAll = (signal: NodeJS.Signals) => {
    // The server runs in its own process group (started detached): signal the group, then whatever holds the port.
    if (groupId) {
      try {
        process.kill(-groupId, signal);
      } catch {
        /* already gone */
      }
    }
    for (const pid of new Set([...listeners, ...pidsListeningOn(port)])) {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
  };
  const running = () => (groupId !== undefined && isAlive(groupId)) || listeners.some(isAlive) || pidsListeningOn(port).length > 0;
  signalAll("SIGTERM");
  const deadline = Date.now() + 10_000;
  while (running() && Date.now() < deadline) await sleep(100);
  if (running()) {
    log("server did not stop on SIGTERM; sending SIGKILL.");
    signalAll("SIGKILL");
    while (running() && Date.now() < deadline + 5_000) await sleep(100);
  }
  log(running() ? `WARNING: something still listens on port ${port}.` : `server on port ${port} stopped.`);
}
