import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { FIRST_PAGE, STALE_PAGE_NOTICE, TOTAL_CAP, decodeCursor, encodeCursor, type CursorField, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { cte, withCtes, type CteChain } from "@/server/db/with-ctes";
import {
  livePackageMonthSql,
  packageUsageReport,
  resolvePackageReportMonth,
  type PackageReportMonth,
  type PackageUsageCounts,
  type PackageUsageReport,
} from "./get-package-usage";
import { isStorableText } from "@/lib/input-schemas";

export type PackageSeatKind = "END_USER" | "STANDALONE_ENDPOINT";

/** One line of the Usage/Report detail: a billed or silent seat of a package in the month. */
export interface PackageSeatRow {
  packageId: string;
  sku: string;
  packageName: string;
  serviceName: string;
  /** The end user's id, or the standalone device's id. */
  seatId: string;
  kind: PackageSeatKind;
  billed: boolean;
  /** Devices active in the month behind the seat (0 when silent). */
  devices: number;
  /** YYYY-MM-DD, local days of the account; null when silent. */
  firstActiveDay: string | null;
  lastActiveDay: string | null;
  /** null once the record was purged (only for a month not rolled up when the purge ran). */
  externalId: string | null;
  name: string | null;
  email: string | null;
}

export interface PackageSeatFilters {
  packageId?: string;
  status?: "billed" | "silent";
  /** Part of the name, email or external id. */
  q?: string;
}

/**
 * Where a month's detail comes from: "rolled-up" = the seat lines stored with
 * the month's totals (final months); "live" = computed now with the same SQL
 * as the live totals (a month not final, or final but not rolled up yet);
 * "recomputed" = a month rolled up before seat lines were kept, computed from
 * the daily activity and assignment history now: a record purged since then
 * has lost its identity (shown as "Purged …"), its assignments (so an active
 * user falls to the base package) and, when silent, its line — so it may not
 * add up to the stored totals, which stay the billed figures.
 */
export type PackageSeatSource = "rolled-up" | "live" | "recomputed";

export interface PackageSeats {
  month: string;
  final: boolean;
  source: PackageSeatSource;
}

/** A month's lines and totals as SQL; `totalsCountLines`: month_usage counts exactly the lines of `seats`. */
interface SeatsSql {
  sql: CteChain<"seats" | "month_usage">;
  totalsCountLines: boolean;
}

/**
 * The `seats(package_id, seat_id, kind, billed, devices, first_day, last_day, external_id, name, email)` CTE of
 * the month, and `month_usage(package_id, billed_seats, paired_users, standalone_endpoints, silent_not_billed)`:
 * the stored totals of a rolled-up month, else the live totals counted from the very lines of `seats`, so a
 * page that shows both computes the live month once.
 */
async function seatsSource(db: DbTx, target: PackageReportMonth): Promise<PackageSeats & SeatsSql> {
  const { account, monthStart, month } = target;
  const [rolled] = await db.$queryRaw<{ packages: number; seats: number; lines: boolean }[]>`
    SELECT count(*)::int AS packages, COALESCE(sum(billed_seats + silent_not_billed), 0)::int AS seats,
           EXISTS (SELECT 1 FROM usage_monthly_package_seats s
                   WHERE s.account_id = ${account.id}::uuid AND s.month = ${monthStart}::date) AS lines
    FROM usage_monthly_packages WHERE account_id = ${account.id}::uuid AND month = ${monthStart}::date`;
  const final = (rolled?.packages ?? 0) > 0;
  const storedUsage = cte("month_usage", Prisma.sql`
    SELECT package_id, billed_seats, paired_users, standalone_endpoints, silent_not_billed
    FROM usage_monthly_packages WHERE account_id = ${account.id}::uuid AND month = ${monthStart}::date`);
  if (final && (rolled!.lines || rolled!.seats === 0)) {
    return {
      month,
      final,
      source: "rolled-up",
      totalsCountLines: false,
      sql: withCtes(cte("seats", Prisma.sql`
        SELECT package_id, seat_id, kind::text AS kind, billed, devices, first_active_day AS first_day,
               last_active_day AS last_day, external_id, name, email
        FROM usage_monthly_package_seats WHERE account_id = ${account.id}::uuid AND month = ${monthStart}::date`)).and(storedUsage),
    };
  }
  return {
    month,
    final,
    source: final ? "recomputed" : "live",
    // The live totals are counted from these very lines (pk_usage); a recomputed month keeps its billed ones.
    totalsCountLines: !final,
    sql: livePackageMonthSql(target)
      .and(cte("seats", Prisma.sql`
      SELECT package_id, seat_id, kind, billed, devices, first_day, last_day, external_id, name, email FROM pk_detail`, ["pk_detail"]))
      // A recomputed month keeps its stored (billed) totals; an open month counts its own lines.
      .and(final ? storedUsage : cte("month_usage", Prisma.sql`
      SELECT package_id, billed_seats, paired_users, standalone_endpoints, silent_not_billed FROM pk_usage`, ["pk_usage"])),
  };
}

/** The lines `filters` keeps (no search), as counted by the month's totals: billed, silent or both, capped like a count. */
function usageTotalSql(filters: PackageSeatFilters): Prisma.Sql {
  const counted = filters.status === "billed" ? Prisma.sql`u.billed_seats`
    : filters.status === "silent" ? Prisma.sql`u.silent_not_billed`
    : Prisma.sql`u.billed_seats + u.silent_not_billed`;
  // As filterSql: a package the month does not hold counts every package.
  const onePackage = filters.packageId
    ? Prisma.sql`(u.package_id = ${filters.packageId}::uuid OR NOT EXISTS (SELECT 1 FROM month_usage h WHERE h.package_id = ${filters.packageId}::uuid))`
    : Prisma.sql`true`;
  return Prisma.sql`(SELECT LEAST(COALESCE(sum(${counted}), 0), ${TOTAL_CAP + 1}) FROM month_usage u WHERE ${onePackage})`;
}

function filterSql(filters: PackageSeatFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`true`];
  // A package the customer does not hold this month (an old link, another month's) shows every package.
  if (filters.packageId) {
    parts.push(Prisma.sql`(s.package_id = ${filters.packageId}::uuid
      OR NOT EXISTS (SELECT 1 FROM month_usage u WHERE u.package_id = ${filters.packageId}::uuid))`);
  }
  if (filters.status) parts.push(filters.status === "billed" ? Prisma.sql`s.billed` : Prisma.sql`NOT s.billed`);
  // Text no seat can hold (a NUL, a lone surrogate) matches none; PostgreSQL would refuse it.
  if (filters.q && !isStorableText(filters.q)) parts.push(Prisma.sql`FALSE`);
  else if (filters.q) {
    const q = filters.q.toLowerCase();
    parts.push(Prisma.sql`(strpos(lower(COALESCE(s.name, '')), ${q}) > 0 OR strpos(lower(COALESCE(s.email, '')), ${q}) > 0
                           OR strpos(lower(COALESCE(s.external_id, '')), ${q}) > 0)`);
  }
  return Prisma.join(parts, " AND ");
}

/** Package by package (service, SKU), billed before silent, users before endpoints, then by external id. */
const ORDER_COLUMNS = [Prisma.sql`l."serviceName"`, Prisma.sql`l.sku`, Prisma.sql`NOT l.billed`, Prisma.sql`l.kind`, Prisma.sql`COALESCE(l."externalId", '')`, Prisma.sql`l."seatId"`];
const ORDER_KEY = Prisma.join(ORDER_COLUMNS);

/** A line's place in that order, as a cursor carries it. */
type SeatKey = [serviceName: string, sku: string, silent: number, kind: string, externalId: string, seatId: string];
const SEAT_KEY_FIELDS: CursorField[] = [
  { type: "string" },
  { type: "string" },
  { type: "int" },
  { type: { enum: ["END_USER", "STANDALONE_ENDPOINT"] } },
  { type: "string" },
  { type: "uuid" },
];
const SEAT_SORT = "seat.asc";

function keyOf(row: PackageSeatRow): SeatKey {
  return [row.serviceName, row.sku, row.billed ? 0 : 1, row.kind, row.externalId ?? "", row.seatId];
}

function keySql(key: SeatKey): Prisma.Sql {
  return Prisma.sql`(${key[0]}, ${key[1]}, ${key[2] === 1}, ${key[3]}, ${key[4]}, ${key[5]}::uuid)`;
}

/**
 * One query over the month's lines (the live source is computed once per call):
 * the lines after (or, reading backwards, before) a key, as JSON so an empty
 * page still answers; with `count`, the lines in all counted up to the cap and
 * the lines before `countBefore`, likewise capped.
 */
async function queryLines(
  db: DbTx,
  { sql: source, totalsCountLines }: SeatsSql,
  options: { filters: PackageSeatFilters; after?: SeatKey; before?: SeatKey; backwards?: boolean; limit: number; count?: boolean; usage?: boolean },
): Promise<{ total: number; before: number; rows: PackageSeatRow[]; usage: PackageUsageCounts[] }> {
  const position = options.after
    ? Prisma.sql`AND (${ORDER_KEY}) > ${keySql(options.after)}`
    : options.before
      ? Prisma.sql`AND (${ORDER_KEY}) < ${keySql(options.before)}`
      : Prisma.empty;
  const backwards = options.backwards ?? Boolean(options.before);
  const orderBy = backwards ? Prisma.join(ORDER_COLUMNS.map((column) => Prisma.sql`${column} DESC`)) : ORDER_KEY;
  const lines = cte("lines", Prisma.sql`
      SELECT s.package_id AS "packageId", p.sku, p.name AS "packageName", sv.name AS "serviceName",
             s.seat_id AS "seatId", s.kind, s.billed, s.devices,
             to_char(s.first_day, 'YYYY-MM-DD') AS "firstActiveDay", to_char(s.last_day, 'YYYY-MM-DD') AS "lastActiveDay",
             s.external_id AS "externalId", s.name, s.email
      FROM seats s
      JOIN packages p ON p.id = s.package_id
      JOIN services sv ON sv.id = p.service_id
      WHERE ${filterSql(options.filters)}`, ["seats"]);
  // The lines up to the cursor (a middle page's position), capped like the total.
  const upTo = options.after
    ? Prisma.sql`(${ORDER_KEY}) <= ${keySql(options.after)}`
    : options.before
      ? Prisma.sql`(${ORDER_KEY}) < ${keySql(options.before)}`
      : null;
  // Without a search, the lines a filter keeps are counted by the month's totals when those count
  // these very lines (a live month): no pass over the lines just to count them.
  const total = !options.count ? Prisma.sql`0`
    : totalsCountLines && !options.filters.q ? usageTotalSql(options.filters)
    : Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM lines LIMIT ${TOTAL_CAP + 1}) capped)`;
  const [result] = await db.$queryRaw<{ total: number; before: number; rows: PackageSeatRow[]; usage: PackageUsageCounts[] | null }[]>(source.and(lines).select(Prisma.sql`
    SELECT ${options.usage ? Prisma.sql`(SELECT json_agg(to_json(u)) FROM month_usage u)` : Prisma.sql`NULL::json`} AS usage,
           ${total}::int AS total,
           ${options.count && upTo ? Prisma.sql`(SELECT count(*) FROM (SELECT 1 FROM lines l WHERE ${upTo} LIMIT ${TOTAL_CAP + 1}) capped)` : Prisma.sql`0`}::int AS before,
           -- The page in order: a top-N sort of the lines, then json_agg in the same order (a
           -- row_number() window here sorted every line of the month in full).
           COALESCE((SELECT json_agg(to_json(l) ORDER BY ${orderBy}) FROM (
             SELECT l.* FROM lines l
             WHERE true ${position}
             ORDER BY ${orderBy} LIMIT ${options.limit}) l), '[]'::json) AS rows`));
  const rows = result?.rows ?? [];
  return { total: result?.total ?? 0, before: result?.before ?? 0, rows: backwards ? rows.reverse() : rows, usage: result?.usage ?? [] };
}

function checkFilters(filters: PackageSeatFilters): PackageSeatFilters {
  // A package id from a URL: malformed = a package this customer does not hold.
  if (filters.packageId !== undefined && !isUuid(filters.packageId)) throw notFound("Package");
  return { ...filters, q: filters.q?.trim().slice(0, 200) || undefined };
}

/**
 * A page of the Usage/Report detail of a customer's month: every billed seat
 * and every silent one, per package, from the same lines the totals count.
 * Paged by key like every list (docs/lists.md).
 */
export async function listPackageSeats(
  db: DbTx,
  options: SeatPageOptions,
): Promise<PackageSeats & { page: Page<PackageSeatRow> }> {
  const target = await resolvePackageReportMonth(db, options);
  const { page, usage: _usage, ...meta } = await seatPage(db, target, options, false);
  return { ...meta, page };
}

interface SeatPageOptions {
  actor: Actor;
  accountId: string;
  month?: string | null;
  now?: Date;
  filters?: PackageSeatFilters;
  page?: PageRequest;
  pageSize: number;
}

/**
 * The whole Usage/Report page of a month: the totals per package and a page of the detail,
 * from one statement, so an open month's seats are computed once, not once for the totals
 * and again for the detail. A package filter naming a package not held that month shows all.
 */
export async function getPackageReportPage(
  db: DbTx,
  options: SeatPageOptions,
): Promise<{ report: PackageUsageReport; detail: PackageSeats & { page: Page<PackageSeatRow> }; packageFilter: string | undefined }> {
  const target = await resolvePackageReportMonth(db, options);
  const { page, usage, ...meta } = await seatPage(db, target, options, true);
  const report = await packageUsageReport(db, target, usage, meta.final);
  const packageId = options.filters?.packageId;
  return { report, detail: { ...meta, page }, packageFilter: report.packages.some((p) => p.packageId === packageId) ? packageId : undefined };
}

async function seatPage(
  db: DbTx,
  target: PackageReportMonth,
  options: SeatPageOptions,
  withUsage: boolean,
): Promise<PackageSeats & { page: Page<PackageSeatRow>; usage: PackageUsageCounts[] }> {
  const filters = checkFilters(options.filters ?? {});
  const { sql, totalsCountLines, ...meta } = await seatsSource(db, target);
  const source: SeatsSql = { sql, totalsCountLines };
  const request = options.page ?? FIRST_PAGE;
  const { pageSize } = options;
  const cursorOf = (row: PackageSeatRow) => encodeCursor(SEAT_SORT, keyOf(row));
  const key = request.kind === "after" || request.kind === "before" ? (decodeCursor(request.cursor, SEAT_SORT, SEAT_KEY_FIELDS) as SeatKey | null) : null;
  let notice: string | null = key === null && (request.kind === "after" || request.kind === "before") ? STALE_PAGE_NOTICE : null;

  let found = await queryLines(db, source, {
    filters,
    limit: pageSize + 1,
    count: true,
    usage: withUsage,
    ...(key && request.kind === "after" ? { after: key } : key && request.kind === "before" ? { before: key } : request.kind === "last" ? { backwards: true } : {}),
  });
  let mode: "first" | "last" | "after" | "before" = key ? (request.kind as "after" | "before") : request.kind === "last" ? "last" : "first";
  if ((mode === "after" && found.rows.length === 0) || (mode === "before" && found.rows.length <= pageSize)) {
    // Gone past either end: the first page, with a word when nothing was left there.
    if (found.rows.length === 0) notice = STALE_PAGE_NOTICE;
    found = { ...(await queryLines(db, source, { filters, limit: pageSize + 1, count: true })), usage: found.usage };
    mode = "first";
  }
  const more = found.rows.length > pageSize;
  const rows = mode === "first" || mode === "after" ? found.rows.slice(0, pageSize) : more ? found.rows.slice(1) : found.rows;
  const totalCapped = found.total > TOTAL_CAP;
  const total = totalCapped ? TOTAL_CAP : found.total;
  const hasNext = mode === "first" || mode === "after" ? more : mode === "before";
  const hasPrev = mode === "first" ? false : mode === "after" ? true : more;
  // One query per page: the position comes with the rows (lines up to the cursor).
  let offset: number | null = mode === "first" ? 0 : null;
  if (offset === null && !hasNext && !totalCapped) offset = Math.max(0, total - rows.length);
  if (offset === null && found.before <= TOTAL_CAP) offset = mode === "after" ? found.before : Math.max(0, found.before - rows.length);
  const page: Page<PackageSeatRow> = {
    rows,
    total,
    totalCapped,
    pageSize,
    offset,
    next: hasNext && rows.length > 0 ? cursorOf(rows.at(-1)!) : null,
    prev: hasPrev && rows.length > 0 && offset !== 0 ? cursorOf(rows[0]!) : null,
    notice,
  };
  return { ...meta, page, usage: found.usage };
}

/** Lines per query of an export: each page of a live month recomputes it, so pages are large. */
export const SEAT_EXPORT_PAGE = 5000;

/**
 * Every line of the detail for an export. Reach, permission and input are
 * checked before this returns; the lines are then read in keyset pages as the
 * streamed file asks for them.
 */
export async function openPackageSeats(
  db: DbTx,
  options: { actor: Actor; accountId: string; month?: string | null; now?: Date; filters?: PackageSeatFilters; pageSize?: number },
): Promise<PackageSeats & { rows: AsyncGenerator<PackageSeatRow> }> {
  const filters = checkFilters(options.filters ?? {});
  const target = await resolvePackageReportMonth(db, options);
  const { sql, totalsCountLines, ...meta } = await seatsSource(db, target);
  const source: SeatsSql = { sql, totalsCountLines };
  const limit = options.pageSize ?? SEAT_EXPORT_PAGE;
  async function* rows(): AsyncGenerator<PackageSeatRow> {
    let after: SeatKey | undefined;
    for (;;) {
      const page = await queryLines(db, source, { filters, after, limit });
      yield* page.rows;
      if (page.rows.length < limit) return;
      after = keyOf(page.rows[page.rows.length - 1]!);
    }
  }
  return { ...meta, rows: rows() };
}
