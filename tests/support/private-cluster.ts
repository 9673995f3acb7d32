import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster of the test's own (initdb in a temp dir, on a free
 * port), for tests that stop and restart the database: the machine's shared cluster
 * serves every other test and must never go down.
 *
 * The binaries are Debian's (/usr/lib/postgresql/<version>/bin, the newest version
 * there). initdb refuses to run as root, so as root every command runs as the
 * `postgres` user (runuser) in a directory it owns.
 */
export interface PrivateCluster {
  url: string;
  port: number;
  /** Stops the server (fast: every session ends with 57P01), waits `downMs`, starts it again. */
  restart(downMs: number): Promise<void>;
  destroy(): Promise<void>;
}

const PG_ROOT = "/usr/lib/postgresql";

function binDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((name) => existsSync(path.join(PG_ROOT, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(PG_ROOT, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts a cluster, or says why it cannot (the caller skips with that reason). */
export async function startPrivateCluster(): Promise<PrivateCluster | { unavailable: string }> {
  const bin = binDir();
  if (!bin) return { unavailable: `no PostgreSQL binaries under ${PG_ROOT} (apt-get install postgresql)` };
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | null = null;
  if (asRoot) {
    try {
      const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
      owner = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    } catch {
      return { unavailable: "running as root and there is no postgres user to run initdb as" };
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "portal-pg-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const port = await freePort();
  // fsync off: the data is thrown away, and a restart must not wait on the disk of a busy machine.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = () => pg("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"]);
  const stop = (mode: "fast" | "immediate") => pg("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  try {
    await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `could not start a private PostgreSQL: ${(error as Error).message.split("\n")[0]}` };
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart(downMs) {
      await stop("fast");
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async destroy() {
      await stop("immediate").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
