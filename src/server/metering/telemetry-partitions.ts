import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { addDaysIso, isoDateToDb, todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { LATE_WINDOW_DAYS } from "@/server/usage";

/**
 * telemetry_events is partitioned by UTC day of `at`, one partition per day
 * (telemetry_events_pYYYYMMDD). Its rows are only the dedupe keys of ingestion:
 * they matter while an event can still be accepted, so ingestion refuses events
 * older than the horizon and the daily run drops the partitions wholly past it.
 * Billing history (daily activity, usage, corrections, statements) lives in
 * other tables and is kept. Reasoning: docs/metering.md#bounded-dedupe-storage.
 */

/**
 * How far back an event is accepted, in whole UTC days before today's start.
 * The late window closes LATE_WINDOW_DAYS (3) after the event's local day ends;
 * that local day ends at most a day plus 14 hours (UTC+14) after the event's
 * instant, so the window is closed for every timezone within 5 days of it. Two
 * more days keep a margin of late events recorded as corrections (a collector
 * that was offline over a weekend) before the horizon refuses them.
 */
export const TELEMETRY_HORIZON_DAYS = LATE_WINDOW_DAYS + 4;
/** Partitions exist this many UTC days after today, so a day's first event never waits on DDL. */
export const TELEMETRY_PARTITION_DAYS_AHEAD = 2;
/**
 * A partition is dropped one day after the horizon has passed it, not at once:
 * an instance whose clock is behind the daily run's by less than a day still
 * finds the keys of every event it accepts.
 */
export const TELEMETRY_DROP_MARGIN_DAYS = 1;

const PARENT = "telemetry_events";
const PARTITION_NAME = /^telemetry_events_p(\d{4})(\d{2})(\d{2})$/;
/** Serialises partition DDL of all instances: concurrent CREATEs of one name would clash in the catalog. */
const PARTITION_LOCK = "telemetry_events partitions";
/** DDL on a partition waits for the parent's in-flight inserts; never for long. */
const DDL_LOCK_TIMEOUT = "10s";

/** Partitions are by UTC day, whatever the accounts' billing timezones. */
const utcDay = (instant: Date): string => todayIn("UTC", instant);

export const telemetryPartitionName = (isoDay: string): string => `${PARENT}_p${isoDay.replaceAll("-", "")}`;

/** The oldest instant an event may carry to be accepted at `now`: the start of the UTC day TELEMETRY_HORIZON_DAYS before today. */
export function telemetryHorizon(now: Date): Date {
  return isoDateToDb(addDaysIso(utcDay(now), -TELEMETRY_HORIZON_DAYS));
}

/** The UTC days (yyyy-MM-dd) of the partitions that exist. */
export async function listTelemetryPartitionDays(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>(Prisma.sql`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = ${PARENT}::regclass`);
  return rows
    .map(({ name }) => PARTITION_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, year, month, day]) => `${year}-${month}-${day}`)
    .sort();
}

/**
 * Creates the partitions of every day from the horizon's through today +
 * TELEMETRY_PARTITION_DAYS_AHEAD that do not exist yet; returns the days created.
 * Idempotent, and safe when instances run it at once: DDL runs under one
 * advisory lock and with IF NOT EXISTS, so the second finds the work done.
 */
export async function ensureTelemetryPartitions(db: Db, now: Date): Promise<string[]> {
  const days: string[] = [];
  const last = addDaysIso(utcDay(now), TELEMETRY_PARTITION_DAYS_AHEAD);
  for (let day = utcDay(telemetryHorizon(now)); day <= last; day = addDaysIso(day, 1)) days.push(day);
  const existing = new Set(await listTelemetryPartitionDays(db));
  const missing = days.filter((day) => !existing.has(day));
  // The common case (the daily run made them ahead) takes no lock at all.
  if (!missing.length) return [];
  await db.$transaction(async (tx) => {
    await lockPartitionDdl(tx);
    for (const day of missing) {
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "${telemetryPartitionName(day)}" PARTITION OF "${PARENT}" ` +
          `FOR VALUES FROM ('${day} 00:00:00+00') TO ('${addDaysIso(day, 1)} 00:00:00+00')`,
      );
    }
  });
  return missing;
}

/**
 * Drops the partitions whose whole day lies more than TELEMETRY_DROP_MARGIN_DAYS
 * before the horizon; returns the days dropped. Only dedupe keys go: every event
 * they held is now refused by the horizon, so none can be counted twice.
 */
export async function dropExpiredTelemetryPartitions(db: Db, now: Date): Promise<string[]> {
  // A partition of day D ends at D + 1; it may go once that end is at or before the cut.
  const lastDroppable = addDaysIso(utcDay(telemetryHorizon(now)), -TELEMETRY_DROP_MARGIN_DAYS - 1);
  const expired = (await listTelemetryPartitionDays(db)).filter((day) => day <= lastDroppable);
  if (!expired.length) return [];
  await db.$transaction(async (tx) => {
    await lockPartitionDdl(tx);
    for (const day of expired) await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${telemetryPartitionName(day)}"`);
  });
  return expired;
}

async function lockPartitionDdl(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${PARTITION_LOCK}))`;
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
}

/*
 * Ingestion makes sure the partitions its events need exist once per process
 * and UTC day (the daily run normally has): a fresh database, a run not made
 * yet, or a day whose run failed never refuse an event for lack of a partition.
 * Kept per client, as a process may talk to more than one database (benches).
 */
const ensuredDays = new WeakMap<object, Set<string>>();

export async function ensureTelemetryPartitionsOnce(db: Db, now: Date): Promise<void> {
  const day = utcDay(now);
  let days = ensuredDays.get(db);
  if (days?.has(day)) return;
  await ensureTelemetryPartitions(db, now);
  if (!days) ensuredDays.set(db, (days = new Set()));
  days.add(day);
}

/** Forgets what this process ensured for `db` (after an insert found a partition missing). */
export function forgetEnsuredTelemetryPartitions(db: Db): void {
  ensuredDays.delete(db);
}

/** PostgreSQL's "no partition of relation … found for row" (23514), however the driver wraps it. */
export function isMissingPartitionError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const { message, code } = cause as { message?: unknown; code?: unknown };
    if (typeof message === "string" && message.includes("no partition of relation")) return true;
    if (code === "23514" && typeof message === "string" && message.includes("partition")) return true;
  }
  return false;
}
