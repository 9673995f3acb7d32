/**
 * Bench data written with set-based SQL (fast, and independent of the code
 * under test): an account tree, PAYG contracts, an API key, daily activity.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { generateApiKey } from "../../../src/server/api-keys/api-key-format";
import type { Actor } from "../../../src/server/auth/reach";

export const QSM_SERVICE = "quantum-spark-management";

export interface BenchTree {
  distributorId: string;
  msspId: string;
  msspPath: string;
  childIds: string[];
}

/**
 * Distributor → MSSP → `children` customer accounts, all in UTC, created
 * `createdAt` (metering starts at an account's creation day).
 */
export async function createTree(sql: pg.Client, options: { children: number; createdAt: Date }): Promise<BenchTree> {
  const distributorId = randomUUID();
  const msspId = randomUUID();
  const distributorPath = `/${distributorId}/`;
  const msspPath = `${distributorPath}${msspId}/`;
  await sql.query(
    `INSERT INTO accounts (id, name, kind, parent_id, path, depth, created_at, updated_at) VALUES
       ($1, 'Bench Distributor', 'DISTRIBUTOR', NULL, $2, 0, $5, now()),
       ($3, 'Bench MSSP', 'MSSP', $1, $4, 1, $5, now())`,
    [distributorId, distributorPath, msspId, msspPath, options.createdAt],
  );
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO accounts (id, name, kind, parent_id, path, depth, created_at, updated_at)
     SELECT id, 'Bench Customer ' || lpad(n::text, 5, '0'), 'CUSTOMER', $1, $2 || id::text || '/', 2, $4, now()
     FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(1, $3::int) AS n) s
     RETURNING id`,
    [msspId, msspPath, options.children, options.createdAt],
  );
  return { distributorId, msspId, msspPath, childIds: rows.map((row) => row.id) };
}

/** An API key of the account, inserted as createApiKey would store it; returns the full key. */
export async function insertApiKey(sql: pg.Client, accountId: string): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await sql.query(
    `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, created_by) VALUES (gen_random_uuid(), $1, 'bench', $2, $3, 'bench')`,
    [accountId, prefix, secretHash],
  );
  return key;
}

/** One open-ended PAYG contract of the service per account, registered on `registeredOn` (yyyy-mm-dd). */
export async function insertPaygContracts(
  sql: pg.Client,
  options: { accountIds: string[]; serviceCode: string; registeredOn: string; quantity?: number },
): Promise<string> {
  const { rows } = await sql.query<{ service_id: string; package_id: string }>(
    `SELECT s.id AS service_id, p.id AS package_id FROM services s JOIN packages p ON p.service_id = s.id
     WHERE s.code = $1 ORDER BY p.is_default DESC, p.sku LIMIT 1`,
    [options.serviceCode],
  );
  const service = rows[0];
  if (!service) throw new Error(`Service ${options.serviceCode} is not in the catalogue (was it seeded?).`);
  await sql.query(
    `INSERT INTO contracts (id, account_id, service_id, package_id, type, quantity, registered_on, updated_at)
     SELECT gen_random_uuid(), a, $2, $3, 'PAYG', $4, $5::date, now() FROM unnest($1::uuid[]) AS a`,
    [options.accountIds, service.service_id, service.package_id, options.quantity ?? 10_000, options.registeredOn],
  );
  await sql.query(
    `INSERT INTO account_services (account_id, service_id, activated_by) SELECT a, $2, 'bench' FROM unnest($1::uuid[]) AS a`,
    [options.accountIds, service.service_id],
  );
  return service.service_id;
}

/**
 * Daily activity straight into device_daily_activity: `devicesPerAccount`
 * gateways per account (device ids derived from account and number, so the
 * same device comes back every day), active on each day of [firstDay, lastDay],
 * written in day order as ingestion would.
 */
export async function insertDailyActivity(
  sql: pg.Client,
  options: { accountIds: string[]; devicesPerAccount: number; firstDay: string; lastDay: string; payg?: boolean },
): Promise<number> {
  const result = await sql.query(
    `INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
     SELECT a.id, d::date,
            md5(a.id::text || ':' || n)::uuid,
            d + interval '8 hours', d + interval '17 hours', 12, 'GATEWAY', NULL, $5
     FROM unnest($1::uuid[]) AS a(id)
     CROSS JOIN generate_series($3::date, $4::date, interval '1 day') AS d
     CROSS JOIN generate_series(1, $2::int) AS n
     -- Day by day, as ingestion writes them (each day's rows arrive during that day),
     -- so a day's rows share pages as they do in production.
     ORDER BY d, a.id, n`,
    [options.accountIds, options.devicesPerAccount, options.firstDay, options.lastDay, options.payg ?? true],
  );
  return result.rowCount ?? 0;
}

/** An ADMIN actor of one account, as an API key or a signed-in admin would be. */
export function adminActor(accountId: string, accountPath: string): Actor {
  return { userId: null, email: "bench@example.test", name: "Bench", grants: [{ accountId, accountPath, role: "ADMIN" }] };
}
