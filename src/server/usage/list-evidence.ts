import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { cursorSort, decodeCursor, encodeCursor } from "@/lib/list-params";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { DATE_WINDOW_MESSAGE, isBoundedDay } from "@/lib/input-schemas";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { KINDS_OF_UNIT } from "./device-service-match";

export interface EvidenceRow {
  deviceId: string;
  externalId: string | null;
  kind: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  events: number;
  payg: boolean;
  endUser: string | null;
}

/** Rows per query: a page costs one index range, memory stays flat whatever the day's size. */
export const EVIDENCE_PAGE = 2000;

export interface Evidence {
  serviceName: string;
  day: string;
  /** Every device of the day, by device id (purged devices last, by internal id), read page by page. */
  rows: AsyncGenerator<EvidenceRow>;
}

/** The two reads of a day's evidence, after reach, permission and input are checked. */
interface EvidenceReader {
  serviceName: string;
  day: string;
  /** Devices of the account in external-id order, after `afterExternal`. */
  devices(afterExternal: string | null, limit: number): Promise<EvidenceRow[]>;
  /** Activity of devices purged since (no device row left), by internal id, after `afterId`. */
  purged(afterId: string | null, limit: number): Promise<EvidenceRow[]>;
}

async function evidenceReader(db: DbTx, options: { actor: Actor; accountId: string; serviceId: string; day: string }): Promise<EvidenceReader> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "usage:read", account);
  if (!isUuid(options.serviceId)) throw notFound("Service");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.day)) throw invalid("Choose a day as YYYY-MM-DD.", { day: ["Use the form YYYY-MM-DD."] });
  if (!isBoundedDay(options.day)) throw invalid(`"day" must be a real calendar day. ${DATE_WINDOW_MESSAGE}`, { day: [DATE_WINDOW_MESSAGE] });
  const service = await db.service.findUnique({ where: { id: options.serviceId }, select: { name: true, unit: true } });
  if (!service) throw notFound("Service");
  const day = isoDateToDb(options.day);
  const columns = Prisma.sql`
    act.device_id::text AS "deviceId", act.kind::text AS kind, act.first_seen_at AS "firstSeenAt",
    act.last_seen_at AS "lastSeenAt", act.events, act.payg, COALESCE(eu.name, eu.external_id) AS "endUser"`;
  // The kinds as a constant list (not a join on services): the planner then sees how
  // many rows a page really has and walks the index instead of sorting the day. One
  // parameter per kind, not an array parameter: the embedded PGlite adapter sends an
  // array as a plain string ("malformed array literal").
  const kinds = Prisma.join(KINDS_OF_UNIT[service.unit].map((kind) => Prisma.sql`${kind}::"DeviceKind"`));
  const matches = Prisma.sql`act.kind IN (${kinds})`;
  return {
    serviceName: service.name,
    day: options.day,
    // The (account_id, external_id) index walks the devices, each looked up in the day's activity by primary key.
    devices: (afterExternal, limit) => db.$queryRaw<EvidenceRow[]>`
        SELECT ${columns}, dv.external_id AS "externalId"
        FROM devices dv
        JOIN device_daily_activity act ON act.account_id = dv.account_id AND act.day = ${day} AND act.device_id = dv.id
        LEFT JOIN end_users eu ON eu.id = act.end_user_id
        WHERE dv.account_id = ${account.id}::uuid AND ${matches}
          ${afterExternal === null ? Prisma.empty : Prisma.sql`AND dv.external_id > ${afterExternal}`}
        ORDER BY dv.external_id
        LIMIT ${limit}`,
    purged: (afterId, limit) => db.$queryRaw<EvidenceRow[]>`
        SELECT ${columns}, NULL::text AS "externalId"
        FROM device_daily_activity act
        LEFT JOIN end_users eu ON eu.id = act.end_user_id
        WHERE act.account_id = ${account.id}::uuid AND act.day = ${day} AND ${matches}
          AND NOT EXISTS (SELECT 1 FROM devices dv WHERE dv.id = act.device_id AND dv.account_id = act.account_id)
          ${afterId === null ? Prisma.empty : Prisma.sql`AND act.device_id > ${afterId}::uuid`}
        ORDER BY act.device_id
        LIMIT ${limit}`,
  };
}

/**
 * The evidence behind a day's count: every device of the service's kind that
 * was active that day, with first and last seen. Read from the daily activity
 * (a billing record), so purged devices still show, by their internal id.
 * Reach, permission and input are checked before this returns; the rows are
 * then pulled by keyset pages as the caller (a streamed export) asks for them.
 */
export async function openEvidence(
  db: DbTx,
  options: { actor: Actor; accountId: string; serviceId: string; day: string; pageSize?: number },
): Promise<Evidence> {
  const reader = await evidenceReader(db, options);
  const pageSize = options.pageSize ?? EVIDENCE_PAGE;

  async function* rows(): AsyncGenerator<EvidenceRow> {
    let afterExternal: string | null = null;
    for (;;) {
      const page = await reader.devices(afterExternal, pageSize);
      yield* page;
      if (page.length < pageSize) break;
      afterExternal = page[page.length - 1]!.externalId;
    }
    let afterId: string | null = null;
    for (;;) {
      const page = await reader.purged(afterId, pageSize);
      yield* page;
      if (page.length < pageSize) break;
      afterId = page[page.length - 1]!.deviceId;
    }
  }

  return { serviceName: reader.serviceName, day: reader.day, rows: rows() };
}

// A page's cursor names the last row shown: a device by its external id, or a purged device by its id.
const DEVICES_SORT = "evidence.devices";
const PURGED_SORT = "evidence.purged";

function evidenceCursorOf(row: EvidenceRow): string {
  return row.externalId === null ? encodeCursor(PURGED_SORT, [row.deviceId]) : encodeCursor(DEVICES_SORT, [row.externalId]);
}

/**
 * One page of a day's evidence in the order of openEvidence (the API's list, docs/api.md#usage):
 * `cursor` is the `next` of the previous page; one this list did not give is refused naming it.
 */
export async function listEvidencePage(
  db: DbTx,
  options: { actor: Actor; accountId: string; serviceId: string; day: string; cursor?: string; pageSize: number },
): Promise<{ serviceName: string; day: string; rows: EvidenceRow[]; next: string | null }> {
  const reader = await evidenceReader(db, options);
  const { cursor, pageSize } = options;
  const sort = cursor ? cursorSort(cursor) : null;
  const after = cursor ? decodeCursor(cursor, sort ?? "", sort === PURGED_SORT ? [{ type: "uuid" }] : [{ type: "string" }]) : null;
  if (cursor && (after === null || (sort !== DEVICES_SORT && sort !== PURGED_SORT))) {
    throw invalid("That cursor is not one this list gave.", { cursor: ["Pass the nextCursor of the previous page, unchanged."] });
  }
  // One more than the page, to know whether another follows.
  let rows: EvidenceRow[] = [];
  if (sort !== PURGED_SORT) rows = await reader.devices((after?.[0] as string | undefined) ?? null, pageSize + 1);
  if (rows.length <= pageSize) rows = [...rows, ...(await reader.purged(sort === PURGED_SORT ? (after![0] as string) : null, pageSize + 1 - rows.length))];
  const shown = rows.slice(0, pageSize);
  return { serviceName: reader.serviceName, day: reader.day, rows: shown, next: rows.length > pageSize ? evidenceCursorOf(shown.at(-1)!) : null };
}

/** The evidence as one array, for the evidence page. */
export async function listEvidence(
  db: DbTx,
  options: { actor: Actor; accountId: string; serviceId: string; day: string },
): Promise<{ serviceName: string; day: string; rows: EvidenceRow[] }> {
  const evidence = await openEvidence(db, options);
  const rows: EvidenceRow[] = [];
  for await (const row of evidence.rows) rows.push(row);
  return { serviceName: evidence.serviceName, day: evidence.day, rows };
}
