/**
 * `npm run bench:meter`: times daily metering (meterDays) and the monthly
 * roll-up (rollUpMonths) on a throwaway database, each against one
 * hand-written SQL statement doing the same work in the same run (the same
 * rules: contract spans, cancel days, account creation and status history;
 * the same writes: the day's row and its seats in the seat store), and
 * checks that both give the same numbers — the month's seats also against a
 * recount over the raw activity.
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
import { benchPrisma, explainStatement, isStatementTimeout, slowestStatement, type BenchPrisma, type LoggedQuery } from "./lib/prisma";

const MONTH = "2025-06-01";
const FIRST_DAY = "2025-06-01";
const LAST_DAY = "2025-06-30";
/** 4 days after the first day: its late window has closed, the next day's has not. */
const NOW_ONE_DAY = new Date("2025-06-05T12:00:00Z");
/** 4 days after the month's last day: every June day is final, the month can roll up. */
const NOW_MONTH = new Date("2025-07-04T12:00:00Z");
/** Cap per product statement, so a pathological plan ends the run with a figure (a lower bound) instead of hanging it. */
const STATEMENT_TIMEOUT_S = envNumber("BENCH_STATEMENT_TIMEOUT_S", 120);

interface Comparison {
  product: number[];
  sql: number[];
  slowest?: LoggedQuery;
  /** The product hit the statement timeout (its figure is then a lower bound). */
  timedOut: boolean;
}

/**
 * Times the product call and the hand-written statement `repeat` times each,
 * alternating which goes first, resetting before every run. A product run that
 * hits the statement timeout ends the repeats.
 */
async function compare(
  bench: BenchPrisma,
  repeat: number,
  steps: { reset: () => Promise<void>; product: () => Promise<unknown>; sql: () => Promise<unknown> },
): Promise<Comparison> {
  const result: Comparison = { product: [], sql: [], timedOut: false };
  for (let run = 0; run < repeat && !result.timedOut; run++) {
    const order = run % 2 === 0 ? (["product", "sql"] as const) : (["sql", "product"] as const);
    for (const which of order) {
      await steps.reset();
      if (which === "sql") {
        result.sql.push((await timed(steps.sql)).ms);
        continue;
      }
      bench.reset();
      const started = performance.now();
      try {
        await steps.product();
      } catch (error) {
        if (!isStatementTimeout(error)) throw error;
        result.timedOut = true;
        log(`the product's statement hit the ${STATEMENT_TIMEOUT_S} s statement timeout.`);
      }
      result.product.push(performance.now() - started);
      const slowest = slowestStatement(bench.queries);
      if (slowest && (!result.slowest || slowest.durationMs > result.slowest.durationMs)) result.slowest = slowest;
    }
  }
  return result;
}

async function mismatches(sql: pg.Client, query: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${query}) m`);
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
  const bench = benchPrisma(database.url, { statementTimeoutMs: STATEMENT_TIMEOUT_S * 1000 });
  await seedCatalogue(bench.prisma);
  const tree = await createTree(sql, { children: accounts, createdAt: new Date("2025-01-01T00:00:00Z") });
  const serviceId = await insertPaygContracts(sql, { accountIds: tree.childIds, serviceCode: QSM_SERVICE, registeredOn: FIRST_DAY });
  // The hand-written statements write tables with the product's keys and foreign keys: the same work.
  await sql.query(`CREATE TABLE bench_usage_daily (account_id uuid REFERENCES accounts, service_id uuid REFERENCES services, day date,
                   active_devices int, payg_device_days int, PRIMARY KEY (account_id, service_id, day))`);
  await sql.query(`CREATE TABLE bench_usage_monthly (account_id uuid REFERENCES accounts, service_id uuid REFERENCES services, month date, payg_device_days int, monthly_active_seats int,
                   correction_days int, PRIMARY KEY (account_id, service_id, month))`);
  await sql.query(`CREATE TABLE bench_usage_seats (account_id uuid REFERENCES accounts, service_id uuid, month date, seat_id uuid, first_day date,
                   PRIMARY KEY (account_id, service_id, month, seat_id))`);
  await sql.query(`CREATE TABLE bench_usage_seat_counts (account_id uuid REFERENCES accounts, service_id uuid REFERENCES services, month date, seats int,
                   PRIMARY KEY (account_id, service_id, month))`);
  const resetProduct = "DELETE FROM usage_daily; DELETE FROM metering_watermarks; DELETE FROM usage_seats; DELETE FROM usage_seat_counts";
  const resetHand = "TRUNCATE bench_usage_daily, bench_usage_seats, bench_usage_seat_counts";

  // ── 1. One final day ──
  const { ms: loadDayMs, result: dayRows } = await timed(() =>
    insertDailyActivity(sql, { accountIds: tree.childIds, devicesPerAccount: perAccount, firstDay: FIRST_DAY, lastDay: FIRST_DAY }),
  );
  await sql.query("ANALYZE");
  log(`${fmtInt(accounts)} accounts, ${fmtInt(dayRows)} device-days on ${FIRST_DAY} written in ${fmtMs(loadDayMs)}.`);

  // meterDays' work for one day, by hand, for this one service: the same rules — a live
  // contract that day (registered, not expired, not canceled before it in the account's
  // timezone, the account already created), billable unless the status period the account's last status change
  // before that day began is INACTIVE (account_status_periods), PAYG device-days from PAYG gateways under a PAYG
  // contract — and the same writes: the day's row, and its seats into the month's seat store
  // with the count raised by the seats inserted. (Watermarks are left out: 1,000 tiny rows.)
  const handDay = `
    WITH live AS (
      SELECT c.account_id, c.service_id, bool_or(c.type = 'PAYG') AS payg, a.billing_timezone AS tz
      FROM contracts c JOIN accounts a ON a.id = c.account_id
      WHERE c.service_id = $2 AND c.registered_on <= $1::date AND (c.expires_on IS NULL OR c.expires_on >= $1::date)
        AND (c.canceled_at IS NULL OR (c.canceled_at AT TIME ZONE a.billing_timezone)::date >= $1::date)
        AND (a.created_at AT TIME ZONE a.billing_timezone)::date <= $1::date
      GROUP BY c.account_id, c.service_id, a.billing_timezone
    ), st AS (
      SELECT l.*, NOT COALESCE((SELECT p.status = 'INACTIVE' FROM account_status_periods p
                                WHERE p.account_id = l.account_id AND (p.started_at AT TIME ZONE l.tz)::date < $1::date
                                ORDER BY p.started_at DESC, p.id DESC LIMIT 1), false) AS billable
      FROM live l
    ), day_rows AS (
      INSERT INTO bench_usage_daily (account_id, service_id, day, active_devices, payg_device_days)
      SELECT st.account_id, st.service_id, $1::date, count(a.device_id)::int, (count(a.device_id) FILTER (WHERE st.payg AND a.payg))::int
      FROM st LEFT JOIN device_daily_activity a ON st.billable AND a.account_id = st.account_id AND a.day = $1::date AND a.kind = 'GATEWAY'
      GROUP BY st.account_id, st.service_id
      ON CONFLICT DO NOTHING
      RETURNING account_id
    ), seats AS (
      INSERT INTO bench_usage_seats (account_id, service_id, month, seat_id, first_day)
      SELECT st.account_id, st.service_id, date_trunc('month', $1::date)::date, COALESCE(a.end_user_id, a.device_id), $1::date
      FROM st JOIN device_daily_activity a ON a.account_id = st.account_id AND a.day = $1::date AND a.kind = 'GATEWAY'
      WHERE st.billable
      GROUP BY 1, 2, 3, 4
      ON CONFLICT DO NOTHING
      RETURNING account_id, service_id, month
    )
    INSERT INTO bench_usage_seat_counts AS c (account_id, service_id, month, seats)
    SELECT account_id, service_id, month, count(*)::int FROM seats GROUP BY 1, 2, 3
    ON CONFLICT (account_id, service_id, month) DO UPDATE SET seats = c.seats + EXCLUDED.seats`;
  const oneDay = await compare(bench, repeat, {
    reset: async () => {
      await sql.query(`${resetProduct}; ${resetHand}`);
    },
    product: () => meterDays(bench.prisma, { now: NOW_ONE_DAY }),
    sql: () => sql.query(handDay, [FIRST_DAY, serviceId]),
  });
  const dayMet = !oneDay.timedOut && median(oneDay.product) < 2000 && median(oneDay.product) <= 2 * median(oneDay.sql);
  await explainIfSlow("meterDays", oneDay, dayMet, async () => {
    await sql.query(resetProduct);
  });
  // Both results side by side for the check (the last timed run reset one of them).
  await sql.query(`${resetProduct}; ${resetHand}`);
  await sql.query(handDay, [FIRST_DAY, serviceId]);
  let dayCheck = "not checked (the product timed out)";
  let dayOk = false;
  if (!oneDay.timedOut) {
    const metered = await meterDays(bench.prisma, { now: NOW_ONE_DAY });
    const differing = await mismatches(
      sql,
      `(SELECT account_id, service_id, day, active_devices, payg_device_days FROM usage_daily
        EXCEPT SELECT account_id, service_id, day, active_devices, payg_device_days FROM bench_usage_daily)
       UNION ALL
       (SELECT account_id, service_id, day, active_devices, payg_device_days FROM bench_usage_daily
        EXCEPT SELECT account_id, service_id, day, active_devices, payg_device_days FROM usage_daily)
       UNION ALL
       (SELECT account_id, service_id, month, seats, NULL::int FROM usage_seat_counts EXCEPT SELECT account_id, service_id, month, seats, NULL::int FROM bench_usage_seat_counts)
       UNION ALL
       (SELECT account_id, service_id, month, seats, NULL::int FROM bench_usage_seat_counts EXCEPT SELECT account_id, service_id, month, seats, NULL::int FROM usage_seat_counts)`,
    );
    const { rows } = await sql.query<{ active: number; payg: number }>(
      `SELECT COALESCE(sum(active_devices), 0)::int AS active, COALESCE(sum(payg_device_days), 0)::int AS payg FROM usage_daily`,
    );
    dayOk = differing === 0 && metered === accounts && rows[0]!.active === dayRows;
    dayCheck =
      `${dayOk ? "OK" : "MISMATCH"} — meterDays wrote ${fmtInt(metered)} rows (${fmtInt(rows[0]!.active)} active, ` +
      `${fmtInt(rows[0]!.payg)} PAYG device-days); rows (days and seat counts) differing from the hand-written SQL: ${differing}`;
  } else {
    // The month step needs the first day metered: the hand-written rows stand in for it.
    await sql.query(`INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
                     SELECT account_id, service_id, day, active_devices, payg_device_days, true, true FROM bench_usage_daily`);
    await sql.query(`INSERT INTO metering_watermarks (account_id, service_id, last_day) SELECT account_id, service_id, day FROM bench_usage_daily`);
  }
  console.log(`CHECK meter one day: ${dayCheck}`);

  // ── 2. The whole month ──
  const { ms: loadMonthMs, result: moreRows } = await timed(() =>
    insertDailyActivity(sql, { accountIds: tree.childIds, devicesPerAccount: perAccount, firstDay: "2025-06-02", lastDay: LAST_DAY }),
  );
  await sql.query("ANALYZE");
  const monthRows = dayRows + moreRows;
  log(`${fmtInt(moreRows)} more device-days written in ${fmtMs(loadMonthMs)} (${fmtInt(monthRows)} in June).`);

  // As the daily job does: meter the days, then roll up straight away (no ANALYZE in between).
  const { ms: catchUpMs, result: caughtUp } = await timed(() => meterDays(bench.prisma, { now: NOW_MONTH }));
  log(`meterDays catch-up of the other 29 days (${fmtInt(moreRows)} device-days): ${fmtInt(caughtUp)} rows in ${fmtMs(catchUpMs)}.`);

  // rollUpMonths' work by hand: per (account, service) metered in the month, Σ of the daily
  // PAYG device-days, the month's stored seat count and its corrections, in one statement.
  const handMonth = `
    INSERT INTO bench_usage_monthly (account_id, service_id, month, payg_device_days, monthly_active_seats, correction_days)
    SELECT d.account_id, d.service_id, $1::date, d.days, COALESCE(sc.seats, 0), COALESCE(cr.days, 0)
    FROM (SELECT account_id, service_id, sum(payg_device_days)::int AS days FROM usage_daily
          WHERE day >= $1::date AND day < ($1::date + interval '1 month')::date GROUP BY 1, 2) d
    LEFT JOIN usage_seat_counts sc ON sc.account_id = d.account_id AND sc.service_id = d.service_id AND sc.month = $1::date
    LEFT JOIN (SELECT account_id, service_id, sum(delta)::int AS days FROM usage_corrections
               WHERE day >= $1::date AND day < ($1::date + interval '1 month')::date GROUP BY 1, 2) cr
      ON cr.account_id = d.account_id AND cr.service_id = d.service_id
    ON CONFLICT DO NOTHING`;
  // And the seats once more straight from the 3 M activity rows, untimed: the store must agree.
  const oracleSeats = `
    SELECT a.account_id, $2::uuid AS service_id, $1::date AS month, count(DISTINCT COALESCE(a.end_user_id, a.device_id))::int AS seats
    FROM device_daily_activity a
    WHERE a.day >= $1::date AND a.day < ($1::date + interval '1 month')::date AND a.kind = 'GATEWAY'
    GROUP BY a.account_id`;
  const rollUp = await compare(bench, repeat, {
    // Both tables emptied the same way before every run: a DELETE would leave the product's table
    // and index to grow dead rows run after run while the hand-written one starts clean.
    reset: async () => {
      await sql.query("TRUNCATE usage_monthly, bench_usage_monthly");
    },
    product: () => rollUpMonths(bench.prisma, { now: NOW_MONTH }),
    sql: () => sql.query(handMonth, [MONTH]),
  });
  const rollMet = !rollUp.timedOut && median(rollUp.product) < 10_000 && median(rollUp.product) <= 2 * median(rollUp.sql);
  await explainIfSlow("rollUpMonths", rollUp, rollMet, async () => {
    await sql.query("DELETE FROM usage_monthly");
  });
  await sql.query("TRUNCATE usage_monthly, bench_usage_monthly");
  await sql.query(handMonth, [MONTH]);
  let monthCheck = "not checked (the product timed out)";
  let monthOk = false;
  if (!rollUp.timedOut) {
    const rolled = await rollUpMonths(bench.prisma, { now: NOW_MONTH });
    const differing = await mismatches(
      sql,
      `(SELECT account_id, service_id, month, payg_device_days, monthly_active_seats, correction_days FROM usage_monthly
        EXCEPT SELECT account_id, service_id, month, payg_device_days, monthly_active_seats, correction_days FROM bench_usage_monthly)
       UNION ALL
       (SELECT account_id, service_id, month, payg_device_days, monthly_active_seats, correction_days FROM bench_usage_monthly
        EXCEPT SELECT account_id, service_id, month, payg_device_days, monthly_active_seats, correction_days FROM usage_monthly)`,
    );
    // Seats recounted from the raw activity, independent of the seat store both statements read.
    const seatsDiffering = await mismatches(
      sql,
      `(SELECT account_id, service_id, month, monthly_active_seats FROM usage_monthly EXCEPT ${oracleSeats.replaceAll("$1", `'${MONTH}'`).replaceAll("$2", `'${serviceId}'`)})
       UNION ALL
       (${oracleSeats.replaceAll("$1", `'${MONTH}'`).replaceAll("$2", `'${serviceId}'`)} EXCEPT SELECT account_id, service_id, month, monthly_active_seats FROM usage_monthly)`,
    );
    const { rows } = await sql.query<{ days: number; seats: number }>(
      `SELECT COALESCE(sum(payg_device_days), 0)::int AS days, COALESCE(sum(monthly_active_seats), 0)::int AS seats FROM usage_monthly`,
    );
    monthOk = differing === 0 && seatsDiffering === 0 && rolled === accounts && rows[0]!.days === monthRows;
    monthCheck =
      `${monthOk ? "OK" : "MISMATCH"} — rollUpMonths wrote ${fmtInt(rolled)} rows (${fmtInt(rows[0]!.days)} PAYG device-days, ` +
      `${fmtInt(rows[0]!.seats)} monthly active seats); rows differing from the hand-written SQL: ${differing}; ` +
      `seat counts differing from a recount over the raw activity: ${seatsDiffering}`;
  }
  console.log(`CHECK roll-up: ${monthCheck}`);

  // ── Summary ──
  const figure = (comparison: Comparison) => `${comparison.timedOut ? "> " : ""}${fmtMs(median(comparison.product))}`;
  const ratio = (comparison: Comparison) =>
    `${comparison.timedOut ? "> " : ""}${fmtRatio(median(comparison.product) / median(comparison.sql))}`;
  printTable(`bench:meter — ${fmtInt(accounts)} accounts, ${fmtInt(devices)} devices; median of ${repeat} runs`, [
    ["step", "device-days", "product", "hand-written SQL", "ratio", "target", "result"],
    ["meterDays, one final day", fmtInt(dayRows), figure(oneDay), fmtMs(median(oneDay.sql)), ratio(oneDay), "< 2 s, ≤ 2×", verdict(dayMet)],
    ["rollUpMonths, June", fmtInt(monthRows), figure(rollUp), fmtMs(median(rollUp.sql)), ratio(rollUp), "< 10 s, ≤ 2×", verdict(rollMet)],
    ["meterDays catch-up, 29 days (info)", fmtInt(moreRows), fmtMs(catchUpMs), "—", "—", "—", "—"],
  ]);
  const runs = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(", ");
  console.log(`runs (ms): meterDays ${runs(oneDay.product)} | SQL ${runs(oneDay.sql)}; rollUpMonths ${runs(rollUp.product)} | SQL ${runs(rollUp.sql)}`);
  console.log(`checks: meter one day ${dayOk ? "OK" : oneDay.timedOut ? "not run" : "MISMATCH"}, roll-up ${monthOk ? "OK" : rollUp.timedOut ? "not run" : "MISMATCH"}`);
  console.log(`machine: ${machineLine()}`);
  if ((!oneDay.timedOut && !dayOk) || (!rollUp.timedOut && !monthOk)) {
    throw new Error("The product's counts differ from the hand-written SQL (see CHECK lines).");
  }

  /**
   * When a target is missed (or BENCH_EXPLAIN=1): the plan of the product's
   * slowest statement, re-run on the state it saw — with ANALYZE unless it
   * timed out, in which case the plan alone is shown.
   */
  async function explainIfSlow(label: string, comparison: Comparison, met: boolean, resetState: () => Promise<void>): Promise<void> {
    if ((met && process.env.BENCH_EXPLAIN !== "1") || !comparison.slowest) return;
    await resetState();
    const analyze = !comparison.slowest.failed;
    console.log(
      `\nEXPLAIN${analyze ? " (ANALYZE, BUFFERS)" : " (no ANALYZE: it timed out)"} of ${label}'s slowest statement ` +
        `(${fmtMs(comparison.slowest.durationMs)} when timed):`,
    );
    console.log(await explainStatement(sql, comparison.slowest, analyze));
  }
});
