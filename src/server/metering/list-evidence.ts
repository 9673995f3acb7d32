import { Prisma } from "@/generated/prisma/client";
import { isoDateToDb } from "@/lib/dates";
import { invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { kindMatchesUnit } from "./device-service-match";

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

/**
 * The evidence behind a day's count: every device of the service's kind that
 * was active that day, with first and last seen. Read from the daily activity
 * (a billing record), so purged devices still show, by their internal id.
 */
export async function listEvidence(
  db: DbTx,
  options: { actor: Actor; accountId: string; serviceId: string; day: string },
): Promise<{ serviceName: string; day: string; rows: EvidenceRow[] }> {
  const { account, role } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(role, "usage:read");
  if (!isUuid(options.serviceId)) throw notFound("Service");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.day)) throw invalid("Choose a day as YYYY-MM-DD.", { day: ["Use the form YYYY-MM-DD."] });
  const service = await db.service.findUnique({ where: { id: options.serviceId }, select: { name: true } });
  if (!service) throw notFound("Service");
  const rows = await db.$queryRaw<EvidenceRow[]>`
    SELECT act.device_id::text AS "deviceId", dv.external_id AS "externalId", act.kind::text AS kind,
           act.first_seen_at AS "firstSeenAt", act.last_seen_at AS "lastSeenAt", act.events, act.payg,
           COALESCE(eu.name, eu.external_id) AS "endUser"
    FROM device_daily_activity act
    JOIN services sv ON sv.id = ${options.serviceId}::uuid
    LEFT JOIN devices dv ON dv.id = act.device_id
    LEFT JOIN end_users eu ON eu.id = act.end_user_id
    WHERE act.account_id = ${account.id}::uuid AND act.day = ${isoDateToDb(options.day)}
      AND ${kindMatchesUnit(Prisma.sql`act.kind::text`, Prisma.sql`sv.unit::text`)}
    ORDER BY dv.external_id NULLS LAST, act.device_id`;
  return { serviceName: service.name, day: options.day, rows };
}
