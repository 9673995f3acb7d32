import { mkdtemp, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/server/db";
import { createPrismaClient } from "@/server/db/create-prisma-client";
import { defaultMigrationsDir, listMigrationNames } from "@/server/db/migrate/migrations-folder";
import { checkHealth } from "@/server/health/check-health";

/** /api/health for load balancers and probes (docs/deploying.md#health). */

describe("health", () => {
  it("ready when the database answers with every migration applied; the liveness probe never touches the database", async () => {
    const response = await GET(new Request("http://portal.test/api/health"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    const expected = (await listMigrationNames(defaultMigrationsDir())).length;
    expect(body).toMatchObject({ status: "ok", database: "reachable", migrations: { expected, pending: 0 } });
    expect(JSON.stringify(body)).not.toMatch(/postgres(ql)?:\/\/|password/i);
    const live = await GET(new Request("http://portal.test/api/health?probe=live"));
    expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
  });

  it("a migration this build has that the database lacks → unavailable (503 for the balancer)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    for (const name of [...(await listMigrationNames(defaultMigrationsDir())), "29991231000000_from_the_future"]) await mkdir(path.join(dir, name));
    const health = await checkHealth(db, { migrationsDir: dir });
    expect(health).toMatchObject({ status: "unavailable", database: "reachable", migrations: { pending: 1 } });
  });

  it("the daily run's age: stale when none succeeded in the last 26 hours", async () => {
    const now = new Date("2031-03-10T12:00:00Z");
    await db.jobRun.create({ data: { job: "meter", period: "2031-03-10", status: "SUCCEEDED", startedAt: new Date("2031-03-10T00:05:00Z"), finishedAt: new Date("2031-03-10T00:06:00Z") } });
    try {
      expect((await checkHealth(db, { now })).dailyRun).toEqual({ lastSucceededAt: "2031-03-10T00:06:00.000Z", ageHours: 11.9, stale: false });
      expect((await checkHealth(db, { now: new Date("2031-03-11T03:00:00Z") })).dailyRun).toMatchObject({ ageHours: 26.9, stale: true });
    } finally {
      await db.jobRun.deleteMany({ where: { job: "meter", period: "2031-03-10" } });
    }
  });

  it("a database that does not answer → unreachable, within the timeout, without its error", async () => {
    if (!process.env.DATABASE_URL) return; // PGlite is in-process: it cannot be unreachable.
    const nowhere = createPrismaClient({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=1" });
    try {
      const started = Date.now();
      expect(await checkHealth(nowhere, { timeoutMs: 1500 })).toEqual({ status: "unavailable", database: "unreachable", migrations: null, dailyRun: null });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await nowhere.$disconnect();
    }
  });
});
