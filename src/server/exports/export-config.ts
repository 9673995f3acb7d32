import path from "node:path";

/** More rows than this and an export runs as a job with a progress bar (docs/exports.md#export-jobs). */
export const DEFAULT_EXPORT_JOB_THRESHOLD = 10_000;

function positiveWhole(value: string | undefined): number | null {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number > 0 ? number : null;
}

/**
 * The threshold of an export (its name, e.g. "devices" or "audit-log"):
 * EXPORT_JOB_THRESHOLD_<NAME> (EXPORT_JOB_THRESHOLD_DEVICES, …_AUDIT_LOG),
 * else EXPORT_JOB_THRESHOLD, else 10,000. Lowered by end-to-end tests, which
 * need one list over it while the others still download; anything but a
 * positive whole number is ignored.
 */
export function exportJobThreshold(list?: string): number {
  const own = list ? positiveWhole(process.env[`EXPORT_JOB_THRESHOLD_${list.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`]) : null;
  return own ?? positiveWhole(process.env.EXPORT_JOB_THRESHOLD) ?? DEFAULT_EXPORT_JOB_THRESHOLD;
}

/** Where job files are written: EXPORT_DIR, else `.data/exports` under the working directory. */
export function exportDirectory(): string {
  return path.resolve(process.env.EXPORT_DIR || path.join(process.cwd(), ".data", "exports"));
}

/** A finished file can be downloaded for a day; then it and its job are removed. */
export const EXPORT_FILE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A job writes its progress at least this often while it runs. */
export const EXPORT_PROGRESS_EVERY_MS = 1000;

/** A running job whose progress is older than this has died with its process (or never started). */
export const EXPORT_STALE_AFTER_MS = 2 * 60 * 1000;
