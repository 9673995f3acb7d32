import path from "node:path";

/** More rows than this and an export runs as a job with a progress bar (docs/exports.md#export-jobs). */
export const DEFAULT_EXPORT_JOB_THRESHOLD = 10_000;

/** EXPORT_JOB_THRESHOLD, e.g. lowered for end-to-end tests; anything but a positive whole number is the default. */
export function exportJobThreshold(): number {
  const value = Number(process.env.EXPORT_JOB_THRESHOLD);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_EXPORT_JOB_THRESHOLD;
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
