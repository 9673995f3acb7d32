/**
 * `npm run bench:meter`: times daily metering (meterDays) and the monthly
 * roll-up (rollUpMonths) on a throwaway database, each against one
 * hand-written SQL statement doing the same counting in the same run, and
 * checks that both give the same numbers.
 *
 * Data (set-based SQL, straight into device_daily_activity): 1,000 customer
 * accounts under one MSSP, each with an open-ended PAYG contract of
 * quantum-spark-management, and 100 gateways each (100,000 devices, kind
 * GATEWAY, payg) active every day of June 2025.
 *  1. one day (2025-06-01, 100,000 device-days): meterDays with `now` four
 *     days later, so exactly that day is final;
 *  2. the other 29 days are added (3,000,000 device-days in the month) and
 *     metered (catch-up, timed for information), then rollUpMonths rolls June up.
 *
 * Targets: metering one day < 2 s, roll-up of 3 M device-days < 10 s, each
 * within 2× of the hand-written SQL.
 *
 * Env: BENCH_ACCOUNTS (1000), BENCH_DEVICES_PER_ACCOUNT (100), BENCH_REPEAT (3:
 * each timing is the median of that many runs, product and SQL alternating),
 * BENCH_EXPLAIN=1 (print the EXPLAIN ANALYZE of the product's slowest
 * statement even when the targets are met), BENCH_KEEP_DB=1, DATABASE_URL
 * (server to create the database on; default local PostgreSQL).
 */
import type pg from "pg";
import { seedCatalogue } from "../../prisma/seed/catalogue";
import { meterDays } from "../../src/server/metering/meter-days";
import { rollUpMonths } from "../../src/server/metering/roll-up-months";
import { createTree, insertDailyActivity, insertPaygContracts, QSM_SERVICE } from "./lib/fixtures";
import {
  connectSql,
  createBenchDatabase,
  envNumber,
  fmtInt,
  fmtMs,
  fmtRatio,
  log,
  machineLine,
  median,
  printTable,
  runBench,
  timed,
  verdict,
} from "./lib/harness";
import { benchPrisma, explainAnalyze, slowestStatement, type BenchPrisma, type LoggedQuery } from "./lib/prisma";

const MONTH = "2025-06-01";
const FIRST_DAY = "2025-06-01";
const LAST_DAY = "2025-06-30";
/** 4 days after the first day: its late window has closed, the next day's has not. */
const NOW_ONE_DAY = new Date("2025-06-05T12:00:00Z");
/** 4 days after the month's last day: every June day is final, the month can roll up. */
const NOW_MONTH = new Date("2025-07-04T12:00:00Z");

interface Comparison {
  product: number[];
  sql: number[];
  slowest?: LoggedQuery;
}

/** Times the product call and the hand-written statement `repeat` times each, alternating, resetting before every run. */
async function compare(
  bench: BenchPrisma,
  repeat: number,
  steps: { reset: () => Promise<void>; product: () => Promise<unknown>; sql: () => Promise<unknown> },
): Promise<Comparison> {
  const result: Comparison = { product: [], sql: [] };
  for (let run = 0; run < repeat; run++) {
    const order = run % 2 === 0 ? (["product", "sql"] as const) : (["sql", "product"] as const);
    for (const which of order) {
      await steps.reset();
      if (which === "product") {
        bench.reset();
        const { ms } = await timed(steps.product);
        result.product.push(ms);
        const slowest = slowestStatement(bench.queries);
        if (slowest && (!result.slowest || slowest.durationMs > result.slowest.durationMs)) result.slowest = slowest;
      } else {
        result.sql.push((await timed(steps.sql)).ms);
      }
    }
  }
  return result;
}

async function mismatches(sql: pg.Client, query: string, params: unknown[]): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${query}) m`, params);
  return rows[0]!.n;
}

await runBench("bench:meter", async () => {
  const accounts = envNumber("BENCH_ACCOUNTS", 1000);
  const perAccount = envNumber("BENCH_DEVICES_PER_ACCOUNT", 100);
  const repeat = envNumber("BENCH_REPEAT", 3);
  const devices = accounts * perAccount;
  log(machineLine());

  const database = await createBenchDatabase("meter");
  const sql = await connectSql(database.url);
  const bench = benchPrisma(database.url);
  await seedCatalogue(bench.prisma);
  const tree = await createTree(sql, { children: accounts, createdAt: new Date("2025-01-01T00:00:00Z") });
  const serviceId = await insertPaygContracts(sql, { accountIds: tree.childIds, serviceCode: QSM_SERVICE, registeredOn: FIRST_DAY });
  await sql.query(`CREATE TABLE bench_usage_daily (account_id uuid, service_id uuid, day date, active_devices int, payg_device_days int,
                   PRIMARY KEY (account_id, service_id, day))`);
  await sql.query(`CREATE TABLE bench_usage_monthly (account_id uuid, service_id uuid, month date, payg_device_days int, monthly_active_seats int,
                   PRIMARY KEY (account_id, service_id, month))`);

  // ── 1. One final day ──
  const { ms: loadDayMs, result: dayRows } = await timed(() =>
    insertDailyActivity(sql, { accountIds: tree.childIds, devicesPerAccount: perAccount, firstDay: FIRST_DAY, lastDay: FIRST_DAY }),
  );
  await sql.query("ANALYZE");
  log(`${fmtInt(accounts)} accounts, ${fmtInt(dayRows)} device-days on ${FIRST_DAY} written in ${fmtMs(loadDayMs)}.`);

  // The same counts as meterDays for one day: per account with a live contract of the service,
  // gateways active that day and those on PAYG, as one statement.
  const handDay = `
    INSERT INTO bench_usage_daily (account_id, service_id, day, active_devices, payg_device_days)
    SELECT c.account_id, c.service_id, $1::date, count(a.device_id)::int, (count(a.device_id) FILTER (WHERE a.payg))::int
    FROM contracts c
    LEFT JOIN device_daily_activity a ON a.account_id = c.account_id AND a.day = $1::date AND a.kind = 'GATEWAY'
    WHERE c.service_id = $2 AND c.registered_on <= $1::date AND (c.expires_on IS NULL OR c.expires_on >= $1::date)
    GROUP BY c.account_id, c.service_id`;
  let meteredOneDay = 0;
  const oneDay = await compare(bench, repeat, {
    reset: async () => {
      await sql.query("DELETE FROM usage_daily; DELETE FROM metering_watermarks; TRUNCATE bench_usage_daily");
    },
    product: async () => (meteredOneDay = await meterDays(bench.prisma, { now: NOW_ONE_DAY })),
    sql: () => sql.query(handDay, [FIRST_DAY, serviceId]),
  });
  // Leave both results in place for the check (the last run reset one of them).
  await sql.query("DELETE FROM usage_daily; DELETE FROM metering_watermarks; TRUNCATE bench_usage_daily");
  meteredOneDay = await meterDays(bench.prisma, { now: NOW_ONE_DAY });
  await sql.query(handDay, [FIRST_DAY, serviceId]);
  const dayCheck = await mismatches(
    sql,
    `(SELECT account_id, service_id, day, active_devices, payg_device_days FROM usage_daily
      EXCEPT SELECT account_id, service_id, day, active_devices, payg_device_days FROM bench_usage_daily)
     UNION ALL
     (SELECT account_id, service_id, day, active_devices, payg_device_days FROM bench_usage_daily
      EXCEPT SELECT account_id, service_id, day, active_devices, payg_device_days FROM usage_daily)`,
    [],
  );
  const { rows: dayTotals } = await sql.query<{ rows: number; active: number; payg: number }>(
    `SELECT count(*)::int AS rows, COALESCE(sum(active_devices), 0)::int AS active, COALESCE(sum(payg_device_days), 0)::int AS payg FROM usage_daily`,
  );
  const dayOk = dayCheck === 0 && meteredOneDay === accounts && dayTotals[0]!.active === dayRows;
  console.log(
    `CHECK meter one day: ${dayOk ? "OK" : "MISMATCH"} — meterDays wrote ${fmtInt(meteredOneDay)} rows (${fmtInt(dayTotals[0]!.active)} active, ` +
      `${fmtInt(dayTotals[0]!.payg)} PAYG device-days); rows differing from the hand-written SQL: ${dayCheck}`,
  );

  // ── 2. The whole month ──
  const { ms: loadMonthMs, result: moreRows } = await timed(() =>
    insertDailyActivity(sql, { accountIds: tree.childIds, devicesPerAccount: perAccount, firstDay: "2025-06-02", lastDay: LAST_DAY }),
  );
  await sql.query("ANALYZE");
  const monthRows = dayRows + moreRows;
  log(`${fmtInt(moreRows)} more device-days written in ${fmtMs(loadMonthMs)} (${fmtInt(monthRows)} in June).`);

  bench.reset();
  const { ms: catchUpMs, result: caughtUp } = await timed(() => meterDays(bench.prisma, { now: NOW_MONTH }));
  log(`meterDays catch-up of the other 29 days (${fmtInt(moreRows)} device-days): ${fmtInt(caughtUp)} rows in ${fmtMs(catchUpMs)}.`);

  const handMonth = `
    INSERT INTO bench_usage_monthly (account_id, service_id, month, payg_device_days, monthly_active_seats)
    SELECT a.account_id, $2::uuid, $1::date, (count(*) FILTER (WHERE a.payg))::int, count(DISTINCT a.device_id)::int
    FROM device_daily_activity a
    WHERE a.day >= $1::date AND a.day < ($1::date + interval '1 month')::date AND a.kind = 'GATEWAY'
    GROUP BY a.account_id`;
  let rolled = 0;
  const rollUp = await compare(bench, repeat, {
    reset: async () => {
      await sql.query("DELETE FROM usage_monthly; TRUNCATE bench_usage_monthly");
    },
    product: async () => (rolled = await rollUpMonths(bench.prisma, { now: NOW_MONTH })),
    sql: () => sql.query(handMonth, [MONTH, serviceId]),
  });
  await sql.query("DELETE FROM usage_monthly; TRUNCATE bench_usage_monthly");
  rolled = await rollUpMonths(bench.prisma, { now: NOW_MONTH });
  await sql.query(handMonth, [MONTH, serviceId]);
  const monthCheck = await mismatches(
    sql,
    `(SELECT account_id, service_id, month, payg_device_days, monthly_active_seats FROM usage_monthly
      EXCEPT SELECT account_id, service_id, month, payg_device_days, monthly_active_seats FROM bench_usage_monthly)
     UNION ALL
     (SELECT account_id, service_id, month, payg_device_days, monthly_active_seats FROM bench_usage_monthly
      EXCEPT SELECT account_id, service_id, month, payg_device_days, monthly_active_seats FROM usage_monthly)`,
    [],
  );
  const { rows: monthTotals } = await sql.query<{ days: number; seats: number }>(
    `SELECT COALESCE(sum(payg_device_days), 0)::int AS days, COALESCE(sum(monthly_active_seats), 0)::int AS seats FROM usage_monthly`,
  );
  const monthOk = monthCheck === 0 && rolled === accounts && monthTotals[0]!.days === monthRows;
  console.log(
    `CHECK roll-up: ${monthOk ? "OK" : "MISMATCH"} — rollUpMonths wrote ${fmtInt(rolled)} rows (${fmtInt(monthTotals[0]!.days)} PAYG device-days, ` +
      `${fmtInt(monthTotals[0]!.seats)} monthly active seats); rows differing from the hand-written SQL: ${monthCheck}`,
  );

  // ── Summary ──
  const dayMs = median(oneDay.product);
  const daySql = median(oneDay.sql);
  const rollMs = median(rollUp.product);
  const rollSql = median(rollUp.sql);
  const dayMet = dayMs < 2000 && dayMs <= 2 * daySql;
  const rollMet = rollMs < 10_000 && rollMs <= 2 * rollSql;
  printTable(`bench:meter — ${fmtInt(accounts)} accounts, ${fmtInt(devices)} devices; median of ${repeat} (${machineLine()})`, [
    ["step", "device-days", "product", "hand-written SQL", "ratio", "target", "result"],
    ["meterDays, one final day", fmtInt(dayRows), fmtMs(dayMs), fmtMs(daySql), fmtRatio(dayMs / daySql), "< 2 s, ≤ 2×", verdict(dayMet)],
    ["rollUpMonths, June", fmtInt(monthRows), fmtMs(rollMs), fmtMs(rollSql), fmtRatio(rollMs / rollSql), "< 10 s, ≤ 2×", verdict(rollMet)],
    ["meterDays catch-up, 29 days (info)", fmtInt(moreRows), fmtMs(catchUpMs), "—", "—", "—", "—"],
  ]);
  console.log(`all runs (ms): meterDays ${oneDay.product.map((ms) => ms.toFixed(0)).join(", ")} | SQL ${oneDay.sql.map((ms) => ms.toFixed(0)).join(", ")}`);
  console.log(`               rollUpMonths ${rollUp.product.map((ms) => ms.toFixed(0)).join(", ")} | SQL ${rollUp.sql.map((ms) => ms.toFixed(0)).join(", ")}`);
  console.log(`checks: meter one day ${dayOk ? "OK" : "MISMATCH"}, roll-up ${monthOk ? "OK" : "MISMATCH"}`);

  const explainAll = process.env.BENCH_EXPLAIN === "1";
  for (const [label, comparison, met] of [
    ["meterDays", oneDay, dayMet],
    ["rollUpMonths", rollUp, rollMet],
  ] as const) {
    if ((met && !explainAll) || !comparison.slowest) continue;
    // Re-run against the state the statement saw: nothing metered / rolled up yet.
    if (label === "meterDays") {
      await sql.query("DELETE FROM usage_daily; DELETE FROM metering_watermarks");
    } else {
      await sql.query("DELETE FROM usage_monthly");
    }
    console.log(`\nEXPLAIN ANALYZE of ${label}'s slowest statement (${fmtMs(comparison.slowest.durationMs)} when timed):`);
    console.log(await explainAnalyze(sql, comparison.slowest));
  }
  if (!dayOk || !monthOk) throw new Error("The product's counts differ from the hand-written SQL (see CHECK lines).");
});
