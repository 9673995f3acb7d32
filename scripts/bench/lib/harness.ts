/**
 * Shared plumbing of the benchmarks (scripts, not tests): a throwaway
 * PostgreSQL database per run, clean-up that always runs (success, failure,
 * Ctrl-C), timing helpers and the summary table.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { POSTGRES_SESSION_OPTIONS } from "../../../src/server/db/create-prisma-client";
import { applyMigrations } from "../../../src/server/db/migrate/apply-migrations";
import { openRawDatabase } from "../../../src/server/db/raw-database";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const STAMP = Date.now();
const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

let prefix = "bench";
export const log = (line: string) => console.log(`[${prefix}] ${line}`);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}").`);
  return value;
}

// ───────────── Clean-up ─────────────

const cleanups: (() => Promise<void> | void)[] = [];
let cleaningUp: Promise<void> | null = null;
let failed = false;

/** True once the benchmark's main has thrown (clean-up steps may keep logs then). */
export function runFailed(): boolean {
  return failed;
}

/** Registers an undo step; steps run last-registered first, once. */
export function onCleanup(step: () => Promise<void> | void): void {
  cleanups.push(step);
}

function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try {
        await step();
      } catch (error) {
        console.error(`[${prefix}] clean-up step failed: ${describeError(error)}`);
      }
    }
  })();
  return cleaningUp;
}

export function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return code ? String(code) : String(error);
}

/** Runs a benchmark's main, then the clean-up whatever happened, and exits. */
export async function runBench(name: string, main: () => Promise<void>): Promise<never> {
  prefix = name;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      log(`${signal} received, cleaning up…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    console.error(`[${prefix}] ✖ ${describeError(error)}`);
    if (process.env.BENCH_DEBUG === "1" && error instanceof Error) console.error(error.stack);
    exitCode = 1;
    failed = true;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

// ───────────── Database ─────────────

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface BenchDatabase {
  name: string;
  url: string;
}

/**
 * A fresh database `bench_<label>_<stamp>` on the server of DATABASE_URL
 * (default the local PostgreSQL), migrated with the portal's own runner.
 * Dropped at clean-up unless BENCH_KEEP_DB=1.
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL;
  const name = `bench_${label}_${STAMP}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  onCleanup(async () => {
    if (process.env.BENCH_KEEP_DB === "1") {
      log(`BENCH_KEEP_DB=1: kept database ${name}.`);
      return;
    }
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    log(`dropped database ${name}.`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  const benchUrl = url.toString();
  const raw = await openRawDatabase({ kind: "postgres", url: benchUrl });
  try {
    await applyMigrations(raw);
  } finally {
    await raw.close();
  }
  log(`database ${name} created and migrated (${url.host}).`);
  return { name, url: benchUrl };
}

/**
 * A plain pg client on the bench database, closed at clean-up. With the
 * portal's session settings (JIT off), so the hand-written statements run
 * under the same planner settings as the product's.
 */
export async function connectSql(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: POSTGRES_SESSION_OPTIONS });
  await client.connect();
  onCleanup(() => client.end());
  return client;
}

// ───────────── Timing and figures ─────────────

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const fmtInt = (value: number) => Math.round(value).toLocaleString("en-US");
export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtRatio = (value: number) => `${value.toFixed(2)}×`;

export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
}

export function machineLine(): string {
  return `${os.cpus().length} cores, load average (1/5/15 min) ${loadAverage()}`;
}

/** Prints rows as an aligned text table; the first row is the header. */
export function printTable(title: string, rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  console.log(`\n${title}`);
  console.log(line(rows[0]!));
  console.log(widths.map((width) => "─".repeat(width)).join("  "));
  for (const row of rows.slice(1)) console.log(line(row));
}

export const verdict = (met: boolean) => (met ? "MET" : "MISSED");

// ───────────── CPU accounting (Linux /proc) ─────────────

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far (0 if it is gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): state is field 3; utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine so far (all cores). */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}
