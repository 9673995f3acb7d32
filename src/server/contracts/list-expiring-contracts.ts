import "server-only";
import type { DbTx } from "@/server/db";
import { ABOUT_TO_EXPIRE_DAYS } from "./contract-rules";

export interface ExpiringContract {
  id: string;
  number: number;
  accountId: string;
  accountName: string;
  serviceName: string;
  type: string;
  expiresOn: Date;
  daysLeft: number;
}

/**
 * Live contracts of this account and the accounts below it that expire within
 * 30 days, each judged in its own account's timezone (dashboard card). The
 * account is one the caller already holds in reach (`getAccountInReach`).
 */
export function listExpiringContracts(
  db: DbTx,
  options: { account: { path: string }; now?: Date; limit?: number },
): Promise<ExpiringContract[]> {
  const now = options.now ?? new Date();
  const prefix = `${options.account.path}%`;
  return db.$queryRaw<ExpiringContract[]>`
    SELECT c.id::text, c.number, a.id::text AS "accountId", a.name AS "accountName", s.name AS "serviceName",
           c.type::text AS type, c.expires_on AS "expiresOn",
           (c.expires_on - (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date)::int AS "daysLeft"
    FROM contracts c
    JOIN accounts a ON a.id = c.account_id
    JOIN services s ON s.id = c.service_id
    WHERE a.path LIKE ${prefix}
      AND c.canceled_at IS NULL AND c.archived_at IS NULL AND c.expires_on IS NOT NULL
      AND c.expires_on >= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
      AND c.expires_on - (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date <= ${ABOUT_TO_EXPIRE_DAYS}
    ORDER BY c.expires_on, a.name
    LIMIT ${options.limit ?? 10}`;
}
