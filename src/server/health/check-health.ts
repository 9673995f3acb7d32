import "server-only";
import type { DbTx } from "@/server/db";
import { defaultMigrationsDir, listMigrationNames } from "@/server/db/migrate/migrations-folder";
import { METER_JOB } from "@/server/jobs/run-daily-jobs";

/*
 * What a load balancer or Kubernetes probe asks of an instance (docs/deploying.md#health):
 * liveness is the process answering; readiness is the database answering with every migration
 * of this build applied. The daily run's age is reported (a stale cron is an operator's alarm,
 * not a reason to take instances out of rotation). Nothing secret: no URLs, versions or errors.
 */

/** The daily run is due every day; past this it has been missed at least once. */
export const DAILY_RUN_STALE_HOURS = 26;

export interface Health {
  status: "ok" | "unavailable";
  database: "reachable" | "unreachable";
  migrations: { applied: number; expected: number; pending: number } | null;
  dailyRun: { lastSucceededAt: string | null; ageHours: number | null; stale: boolean } | null;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(db: DbTx, options: { now?: Date; migrationsDir?: string; timeoutMs?: number } = {}): Promise<Health> {
  const now = options.now ?? new Date();
  const expectedNames = await listMigrationNames(options.migrationsDir ?? defaultMigrationsDir());
  try {
    const [applied, lastRun] = await withTimeout(
      Promise.all([
        db.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        db.jobRun.findFirst({ where: { job: METER_JOB, status: "SUCCEEDED" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
      ]),
      options.timeoutMs ?? 2000,
    );
    const appliedNames = new Set(applied.map((row) => row.name));
    const pending = expectedNames.filter((name) => !appliedNames.has(name)).length;
    const lastSucceededAt = lastRun?.finishedAt ?? null;
    const ageHours = lastSucceededAt ? Math.round(((now.getTime() - lastSucceededAt.getTime()) / 3_600_000) * 10) / 10 : null;
    return {
      status: pending === 0 ? "ok" : "unavailable",
      database: "reachable",
      migrations: { applied: appliedNames.size, expected: expectedNames.length, pending },
      dailyRun: { lastSucceededAt: lastSucceededAt?.toISOString() ?? null, ageHours, stale: ageHours === null || ageHours > DAILY_RUN_STALE_HOURS },
    };
  } catch {
    return { status: "unavailable", database: "unreachable", migrations: null, dailyRun: null };
  }
}
