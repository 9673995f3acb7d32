/**
 * bench:pages data: the demo tenants (prisma/seed, for the small things every page
 * shows: price tiers, a shared plan, groups…) and, beside them under the demo
 * distributor, a large MSSP written with set-based SQL — no per-row round trips.
 * Every date is relative to the real clock (the server runs on it).
 */
import type pg from "pg";
import type { PrismaClient } from "../../../src/generated/prisma/client";
import { seedDatabase } from "../../../prisma/seed/seed-database";
import { hashPassword } from "../../../src/server/auth/password";
import { firmwareRank, parseFirmware } from "../../../src/server/plans/firmware-version";
import { runDailyJobs } from "../../../src/server/jobs/run-daily-jobs";
import { fmtInt, fmtMs, log, timed } from "./harness";

export const BENCH_PASSWORD = "Bench-pages-2026!";

export interface PagesScale {
  /** Customers of the large MSSP (the first is the 8,000-device one). */
  customers: number;
  /** MSSPs in all (the large one included); the others get `smallCustomers` each. */
  mssps: number;
  smallCustomers: number;
  bigCustomerEndpoints: number;
  bigCustomerPaired: number;
  bigCustomerEndUsers: number;
  /** Per other customer of the large MSSP. */
  endpoints: number;
  paired: number;
  endUsers: number;
  gatewaysPerCustomer: number;
  gatewaysPerPlan: number;
  locationsPerCustomer: number;
  contractsPerCustomer: number;
  auditEvents: number;
  activityDays: number;
  /** Share (%) of devices active on a given day. */
  activityDensity: number;
}

export const DEFAULT_SCALE: PagesScale = {
  customers: 1000,
  mssps: 20,
  smallCustomers: 10,
  bigCustomerEndpoints: 7_980,
  bigCustomerPaired: 4_000,
  bigCustomerEndUsers: 3_000,
  endpoints: 72,
  paired: 46,
  endUsers: 37,
  gatewaysPerCustomer: 20,
  gatewaysPerPlan: 10,
  locationsPerCustomer: 5,
  contractsPerCustomer: 10,
  auditEvents: 1_000_000,
  activityDays: 90,
  activityDensity: 50,
};

/** What the bench needs to know about the data it made (ids for URLs, sizes for the last pages). */
export interface PagesData {
  distributorId: string;
  msspId: string;
  bigCustomerId: string;
  customerId: string;
  users: { role: string; email: string; accountId: string }[];
  ids: Record<string, string>;
}

const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const { ms, result } = await timed(work);
  const rows = typeof result === "number" ? ` (${fmtInt(result)} rows)` : "";
  log(`  ${label}${rows}: ${fmtMs(ms)}`);
  return result;
};

const count = async (sql: pg.Client, text: string, params: unknown[] = []) => (await sql.query(text, params)).rowCount ?? 0;

export async function fillPagesDatabase(sql: pg.Client, prisma: PrismaClient, scale: PagesScale, now: Date): Promise<PagesData> {
  await step("demo seed (catalogue and demo tenants)", () => seedDatabase(prisma, { demo: true, now }));
  const today = now.toISOString().slice(0, 10);
  const { rows: dist } = await sql.query<{ id: string; path: string }>(`SELECT id, path FROM accounts WHERE kind = 'DISTRIBUTOR' ORDER BY created_at LIMIT 1`);
  const distributor = dist[0]!;
  // Accounts exist a little before the activity starts: metering catches up from their creation day.
  const created = new Date(now.getTime() - (scale.activityDays + 5) * 86_400_000);

  // ── Accounts: 20 MSSPs under the distributor; the first has `customers` customers.
  await step("accounts", async () => {
    await sql.query(
      `CREATE TEMP TABLE bench_mssp AS
       SELECT n, id, $2 || id::text || '/' AS path FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n) s`,
      [scale.mssps, distributor.path],
    );
    await sql.query(
      `INSERT INTO accounts (id, name, kind, parent_id, path, depth, created_at, updated_at)
       SELECT id, CASE WHEN n = 1 THEN 'Bench Large MSSP' ELSE 'Bench MSSP ' || lpad(n::text, 2, '0') END, 'MSSP', $1, path, 1, $2, now() FROM bench_mssp`,
      [distributor.id, created],
    );
    await sql.query(
      `CREATE TEMP TABLE bench_customer AS
       SELECT m.n AS mssp_n, c.n, c.id, m.id AS mssp_id, m.path || c.id::text || '/' AS path
       FROM bench_mssp m
       CROSS JOIN LATERAL (SELECT n, gen_random_uuid() AS id FROM generate_series(1, CASE WHEN m.n = 1 THEN $1::int ELSE $2::int END) n) c`,
      [scale.customers, scale.smallCustomers],
    );
    await sql.query(`CREATE UNIQUE INDEX ON bench_customer (id); CREATE INDEX ON bench_customer (mssp_n, n)`);
    return count(
      sql,
      `INSERT INTO accounts (id, name, kind, parent_id, path, depth, created_at, updated_at)
       SELECT id, CASE WHEN mssp_n = 1 AND n = 1 THEN 'Bench Big Customer'
                       ELSE (ARRAY['Acme','Birch','Cobalt','Delta','Ember','Falcon','Granite','Harbor','Iris','Juniper'])[1 + n % 10]
                            || ' ' || (ARRAY['Logistics','Dental','Partners','Retail','Schools','Foods','Energy','Legal','Clinic','Hotels'])[1 + (n / 10) % 10]
                            || ' ' || mssp_n || '-' || lpad(n::text, 4, '0') END,
              'CUSTOMER', mssp_id, path, 2, $1, now()
       FROM bench_customer ORDER BY mssp_n, n`,
      [created],
    );
  });
  const ids = await sql.query<{ mssp: string; big: string; other: string }>(
    `SELECT (SELECT id FROM bench_mssp WHERE n = 1) AS mssp,
            (SELECT id FROM bench_customer WHERE mssp_n = 1 AND n = 1) AS big,
            (SELECT id FROM bench_customer WHERE mssp_n = 1 AND n = 2) AS other`,
  );
  const { mssp: msspId, big: bigCustomerId, other: customerId } = ids.rows[0]!;
  // The large MSSP's customers, with their sizes.
  await sql.query(
    `CREATE TEMP TABLE bench_large AS
     SELECT n, id,
            CASE WHEN n = 1 THEN $1::int ELSE $4::int END AS endpoints,
            CASE WHEN n = 1 THEN $2::int ELSE $5::int END AS paired,
            CASE WHEN n = 1 THEN $3::int ELSE $6::int END AS end_users
     FROM bench_customer WHERE mssp_n = 1`,
    [scale.bigCustomerEndpoints, scale.bigCustomerPaired, scale.bigCustomerEndUsers, scale.endpoints, scale.paired, scale.endUsers],
  );
  await sql.query(`CREATE UNIQUE INDEX ON bench_large (n)`);

  // ── Users: one per kind of user the bench signs in as, plus staff on the large MSSP.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users = [
    { role: "distributor admin", email: "bench.distributor@bench.example", accountId: distributor.id, dbRole: "ADMIN" },
    { role: "MSSP admin", email: "bench.mssp@bench.example", accountId: msspId, dbRole: "ADMIN" },
    { role: "customer admin", email: "bench.customer@bench.example", accountId: bigCustomerId, dbRole: "ADMIN" },
    { role: "MSSP viewer", email: "bench.viewer@bench.example", accountId: msspId, dbRole: "VIEWER" },
  ];
  await step("users", async () => {
    for (const user of users) {
      await sql.query(
        `WITH u AS (INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id)
         INSERT INTO memberships (id, account_id, user_id, role, updated_at) SELECT gen_random_uuid(), $4, u.id, $5::"Role", now() FROM u`,
        [user.email, `Bench ${user.role}`, passwordHash, user.accountId, user.dbRole],
      );
    }
    await sql.query(
      `WITH u AS (
         INSERT INTO users (id, email, name, password_hash, updated_at)
         SELECT gen_random_uuid(), 'staff' || n || '@bench.example', 'Staff member ' || n, $1, now() FROM generate_series(1, 200) n RETURNING id)
       INSERT INTO memberships (id, account_id, user_id, role, updated_at) SELECT gen_random_uuid(), $2, u.id, 'VIEWER', now() FROM u`,
      [passwordHash, msspId],
    );
    return 204;
  });

  // ── Contracts: per customer of the large MSSP, a PAYG gateway contract, a DefensX subscription and others.
  await step("contracts", async () => {
    await sql.query(
      `CREATE TEMP TABLE bench_contract_kind AS
       SELECT * FROM (VALUES
         (1, 'quantum-spark-management', 'QSM-MGMT-PAYG', 'PAYG', -150, NULL),
         (2, 'defensx-web-security', 'DX-CORE', 'SUBSCRIPTION', -150, 365),
         (3, 'harmony-browse', 'HB-STD', 'SUBSCRIPTION', -300, 365),
         (4, 'harmony-email-collaboration', 'HEC-BASIC', 'SUBSCRIPTION', -340, 365),
         (5, 'adaptive-defense-360', 'AD360-STD', 'SUBSCRIPTION', -200, 365),
         (6, 'endpoint-protection-plus', 'EPP-STD', 'SUBSCRIPTION', -500, 365),
         (7, 'guest-wifi', 'GW-AP', 'SUBSCRIPTION', -100, 730),
         (8, 'harmony-browse', 'HB-STD', 'EVALUATION', -420, 30),
         (9, 'harmony-email-collaboration', 'HEC-ADV', 'EVALUATION', -20, 30),
         (10, 'adaptive-defense-360', 'AD360-STD', 'EVALUATION', -60, 30)
       ) v(k, code, sku, type, registered, days)`,
    );
    const written = await count(
      sql,
      `INSERT INTO contracts (id, account_id, service_id, package_id, type, subscription_reference, quantity, registered_on, expires_on, status, updated_at)
       SELECT gen_random_uuid(), c.id, s.id, pk.id, k.type::"ContractType",
              CASE WHEN k.type = 'SUBSCRIPTION' THEN 'SO-' || c.n || '-' || k.k END,
              CASE WHEN k.type = 'PAYG' THEN 10000 ELSE 25 + (c.n % 7) * 25 END,
              $1::date + k.registered - (c.n % 20),
              CASE WHEN k.days IS NULL THEN NULL ELSE $1::date + k.registered - (c.n % 20) + k.days - 1 END,
              'ACTIVE', now()
       FROM bench_large c
       JOIN bench_contract_kind k ON k.k <= $2::int
       JOIN services s ON s.code = k.code JOIN packages pk ON pk.sku = k.sku
       ORDER BY c.n, k.k`,
      [today, scale.contractsPerCustomer],
    );
    await sql.query(
      `INSERT INTO contracts (id, account_id, service_id, package_id, type, quantity, registered_on, status, updated_at)
       SELECT gen_random_uuid(), $1, s.id, pk.id, 'PAYG', 100000, $2::date - 180, 'ACTIVE', now()
       FROM services s JOIN packages pk ON pk.sku = 'QSM-MGMT-PAYG' WHERE s.code = 'quantum-spark-management'`,
      [msspId, today],
    );
    await sql.query(
      `INSERT INTO account_services (account_id, service_id, activated_by)
       SELECT DISTINCT account_id, service_id, 'bench' FROM contracts c JOIN bench_large b ON b.id = c.account_id
       UNION SELECT $1::uuid, id, 'bench' FROM services WHERE code = 'quantum-spark-management'`,
      [msspId],
    );
    return written + 1;
  });

  // ── Plans and gateways: 2,000 plans of the large MSSP, 20 gateways per customer, 10 per plan.
  const ranks = { new: firmwareRank(parseFirmware("R82.10")!), old: firmwareRank(parseFirmware("R81.20")!) };
  await step("plans", () =>
    count(
      sql,
      `INSERT INTO plans (id, account_id, service_id, name, license_type, updated_at)
       SELECT gen_random_uuid(), $1, s.id, 'Plan ' || lpad(n::text, 4, '0'), CASE WHEN n % 2 = 0 THEN 'PAYG' ELSE 'SUBSCRIPTION' END::"LicenseType", now()
       FROM services s, generate_series(1, $2::int) n WHERE s.code = 'quantum-spark-management'`,
      [msspId, Math.ceil((scale.customers * scale.gatewaysPerCustomer) / scale.gatewaysPerPlan)],
    ),
  );
  await step("gateways", () =>
    count(
      sql,
      `INSERT INTO gateways (id, account_id, plan_id, name, serial_number, firmware_version, firmware_rank, last_seen_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.id, pl.id, 'gw-' || c.n || '-' || lpad(k::text, 2, '0'),
              'BNC' || lpad(((c.n - 1) * $1 + k)::text, 7, '0'),
              CASE WHEN k % 5 = 0 THEN 'R81.20' ELSE 'R82.10' END, CASE WHEN k % 5 = 0 THEN $3::int ELSE $2::int END,
              $4::timestamptz - make_interval(hours => (c.n + k) % 48), $5, now()
       FROM bench_large c CROSS JOIN generate_series(1, $1::int) k
       JOIN plans pl ON pl.account_id = $6 AND pl.name = 'Plan ' || lpad((((c.n - 1) * $1 + k - 1) / $7 + 1)::text, 4, '0')
       ORDER BY c.n, k`,
      [scale.gatewaysPerCustomer, ranks.new, ranks.old, now, created, msspId, scale.gatewaysPerPlan],
    ),
  );

  // ── End users and devices: gateways report as devices; endpoints, some paired to end users.
  await step("end users", () =>
    count(
      sql,
      `INSERT INTO end_users (id, account_id, external_id, name, email, source, last_seen_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.id, 'eu-' || c.n || '-' || k,
              (ARRAY['Ana','Ben','Chloe','David','Elena','Farid','Grace','Hugo','Ines','Jonas'])[1 + k % 10] || ' '
                || (ARRAY['Garcia','Smith','Novak','Rossi','Kim','Dubois','Silva','Weber','Khan','Olsen'])[1 + (k / 10) % 10] || ' ' || k,
              'user' || k || '@customer' || c.n || '.example', CASE WHEN k % 3 = 0 THEN 'import' ELSE 'admin' END,
              $1::timestamptz - make_interval(hours => k % 200), $2, now()
       FROM bench_large c CROSS JOIN LATERAL generate_series(1, c.end_users) k ORDER BY c.n, k`,
      [now, created],
    ),
  );
  await step("devices (gateways)", () =>
    count(
      sql,
      `INSERT INTO devices (id, account_id, external_id, kind, name, gateway_id, registered_by, first_seen_at, last_seen_at, created_at)
       SELECT gen_random_uuid(), g.account_id, g.serial_number, 'GATEWAY', g.name, g.id, 'telemetry', $1, g.last_seen_at, $1
       FROM gateways g JOIN bench_large c ON c.id = g.account_id ORDER BY g.serial_number`,
      [created],
    ),
  );
  await step("devices (endpoints)", () =>
    count(
      sql,
      `INSERT INTO devices (id, account_id, external_id, kind, name, end_user_id, registered_by, first_seen_at, last_seen_at, created_at)
       SELECT gen_random_uuid(), c.id, 'ep-' || c.n || '-' || k, 'ENDPOINT',
              (ARRAY['Laptop','Desktop','Phone','Tablet'])[1 + k % 4] || ' ' || k, eu.id, 'telemetry', $2,
              $1::timestamptz - make_interval(hours => (c.n * 7 + k) % 500), $2
       FROM bench_large c CROSS JOIN LATERAL generate_series(1, c.endpoints) k
       LEFT JOIN end_users eu ON k <= c.paired AND eu.account_id = c.id AND eu.external_id = 'eu-' || c.n || '-' || (1 + (k - 1) % c.end_users)
       ORDER BY c.n, k`,
      [now, created],
    ),
  );

  // ── Groups and subscriptions held (DefensX): every end user holds Core, a tenth Core+ too.
  await step("groups and package assignments", async () => {
    await sql.query(
      `INSERT INTO user_groups (id, account_id, name, description, updated_at)
       SELECT gen_random_uuid(), c.id, g.name, g.description, now() FROM bench_large c
       CROSS JOIN (VALUES ('Everyone', 'All staff'), ('Power users', 'Core+'), ('Contractors', 'External staff')) g(name, description)`,
    );
    await sql.query(
      `INSERT INTO user_group_members (account_id, group_id, end_user_id)
       SELECT eu.account_id, g.id, eu.id FROM end_users eu JOIN bench_large c ON c.id = eu.account_id
       JOIN user_groups g ON g.account_id = eu.account_id AND g.name = 'Everyone'`,
    );
    await sql.query(
      `INSERT INTO group_subscriptions (account_id, group_id, package_id, attached_by)
       SELECT g.account_id, g.id, pk.id, 'bench' FROM user_groups g JOIN bench_large c ON c.id = g.account_id
       JOIN packages pk ON pk.sku = CASE g.name WHEN 'Everyone' THEN 'DX-CORE' ELSE 'DX-CORE-PLUS' END WHERE g.name <> 'Contractors'`,
    );
    return count(
      sql,
      `INSERT INTO package_assignments (account_id, end_user_id, package_id, assigned_at, open_package_id)
       SELECT eu.account_id, eu.id, pk.id, $1::timestamptz - interval '100 days', pk.id
       FROM end_users eu JOIN bench_large c ON c.id = eu.account_id
       JOIN packages pk ON pk.sku = 'DX-CORE' OR (pk.sku = 'DX-CORE-PLUS' AND eu.external_id LIKE '%0')`,
      [now],
    );
  });

  // ── Daily activity: each device active on about `activityDensity` % of the last `activityDays`
  // days, written day by day (as ingestion writes them).
  await step(`daily activity (${scale.activityDays} days)`, async () => {
    await sql.query(
      `CREATE TEMP TABLE bench_activity_device AS
       SELECT d.account_id, d.id, d.kind, d.end_user_id, (d.kind = 'GATEWAY' AND pl.license_type = 'PAYG' AND g.firmware_rank >= $1) AS payg
       FROM devices d JOIN bench_large c ON c.id = d.account_id
       LEFT JOIN gateways g ON g.id = d.gateway_id LEFT JOIN plans pl ON pl.id = g.plan_id`,
      [ranks.new - 1000],
    );
    let rows = 0;
    for (let back = scale.activityDays - 1; back >= 0; back--) {
      rows += await count(
        sql,
        `INSERT INTO device_daily_activity (account_id, day, device_id, first_seen_at, last_seen_at, events, kind, end_user_id, payg)
         SELECT account_id, $1::date - $2::int, id, ($1::date - $2::int) + interval '8 hours', ($1::date - $2::int) + interval '17 hours', 12, kind, end_user_id, payg
         FROM bench_activity_device WHERE abs(hashtext(id::text || $2::text)) % 100 < $3`,
        [today, back, scale.activityDensity],
      );
    }
    return rows;
  });

  // ── Locations and location licences.
  await step("locations", () =>
    count(
      sql,
      `INSERT INTO locations (id, account_id, name, address, sector, rooms, updated_at)
       SELECT gen_random_uuid(), c.id, 'Site ' || k, k || ' Bench Street, City ' || c.n,
              (ARRAY['HOSPITALITY','RETAIL','EDUCATION','HEALTHCARE','OFFICE','PUBLIC_VENUE','OTHER'])[1 + (c.n + k) % 7]::"LocationSector",
              CASE WHEN (c.n + k) % 7 = 0 THEN 40 ELSE 0 END, now()
       FROM bench_large c CROSS JOIN generate_series(1, $1::int) k`,
      [scale.locationsPerCustomer],
    ),
  );
  await step("location licences", () =>
    count(
      sql,
      `INSERT INTO location_licences (id, account_id, key, location_id, partner_account_id, distributor_account_id, years, payment,
                                      max_access_points, max_rooms, modules, status, provisioned_at, provisioned_on, starts_on, ends_on, created_by, created_at, updated_at)
       SELECT gen_random_uuid(), l.account_id, upper(substr(md5(l.id::text), 1, 25)), l.id, $1, $2, 1 + h % 3,
              CASE WHEN h % 2 = 0 THEN 'ANNUAL' ELSE 'MONTHLY' END::"LicencePayment",
              CASE WHEN l.sector = 'HOSPITALITY' THEN NULL ELSE 10 END, CASE WHEN l.sector = 'HOSPITALITY' THEN 40 END,
              CASE WHEN h % 3 = 0 THEN ARRAY['GUEST','ANALYTICS'] ELSE ARRAY['CAPTIVE_PORTAL'] END,
              CASE WHEN h % 4 = 0 THEN 'PENDING_PROVISION' ELSE 'IN_USE' END::"LocationLicenceStatus",
              CASE WHEN h % 4 = 0 THEN NULL ELSE $3::timestamptz - make_interval(days => 30 + h % 300) END,
              CASE WHEN h % 4 = 0 THEN NULL ELSE ($3::timestamptz - make_interval(days => 30 + h % 300))::date END,
              CASE WHEN h % 4 = 0 THEN NULL ELSE ($3::timestamptz - make_interval(days => 28 + h % 300))::date END,
              CASE WHEN h % 4 = 0 THEN NULL ELSE (($3::timestamptz - make_interval(days => 28 + h % 300))::date + make_interval(years => 1 + h % 3))::date - 1 END,
              'bench', $3::timestamptz - make_interval(days => 40 + h % 300), now()
       FROM (SELECT l.*, abs(hashtext(l.id::text)) AS h FROM locations l JOIN bench_large c ON c.id = l.account_id) l`,
      [msspId, distributor.id, now],
    ),
  );

  // ── Audit trail: a million events over the last year, oldest first; a tenth on the big customer.
  await step("audit events", () =>
    count(
      sql,
      `INSERT INTO audit_events (account_id, actor_user_id, actor_label, action, object_type, object_id, before, after, created_at)
       SELECT acc, NULL, (ARRAY['bench.mssp@bench.example','bench.customer@bench.example','system','staff1@bench.example'])[1 + n % 4],
              a.action, a.object_type, md5(n::text)::uuid::text,
              CASE WHEN a.action LIKE '%updated' THEN jsonb_build_object('quantity', n % 100, 'priceCents', (n % 977) * 100) END,
              jsonb_build_object('name', 'Object ' || n, 'quantity', n % 100 + 1, 'priceCents', (n % 991) * 100),
              at
       FROM (
         SELECT n,
                CASE WHEN n % 10 = 0 THEN $2::uuid
                     WHEN n % 10 IN (1, 2) THEN $3::uuid
                     WHEN n % 10 = 3 THEN $4::uuid
                     ELSE (SELECT id FROM bench_large WHERE bench_large.n = 2 + (s.n / 10) % ($5::int - 1)) END AS acc,
                $1::timestamptz - make_interval(secs => (($6::int - n)::float8 * 31536000.0 / $6::int)) AS at
         FROM generate_series(1, $6::int) AS s(n)
       ) e
       CROSS JOIN LATERAL (SELECT (ARRAY['contract.created','contract.updated','device.paired','gateway.registered','plan.updated','user.invited','end_user.created','pool.licences_assigned'])[1 + e.n % 8] AS action,
                                  (ARRAY['contract','contract','device','gateway','plan','user','end_user','pool_assignment'])[1 + e.n % 8] AS object_type) a
       ORDER BY at`,
      [now, bigCustomerId, msspId, distributor.id, scale.customers, scale.auditEvents],
    ),
  );

  // ── Notices (in-app list and outbox).
  await step("notices", async () => {
    const written = await count(
      sql,
      `INSERT INTO notices (id, account_id, key, kind, title, body, link, email, recipients, status, sent_at, created_at)
       SELECT gen_random_uuid(), acc, 'bench-' || n, 'contract.about_to_expire', 'Contract CT-' || (100000 + n) || ' expires soon',
              'A subscription contract ends in ' || (1 + n % 30) || ' days. Renew it to keep the service.', NULL,
              n % 3 = 0, '{}', CASE WHEN n % 3 = 0 THEN 'SENT' ELSE 'IN_APP' END::"NoticeStatus",
              CASE WHEN n % 3 = 0 THEN $1::timestamptz - make_interval(hours => n) END, $1::timestamptz - make_interval(hours => n)
       FROM (SELECT g.n, CASE WHEN g.n <= 500 THEN $2::uuid WHEN g.n <= 1000 THEN $3::uuid
                            ELSE (SELECT id FROM bench_large b WHERE b.n = 2 + g.n % ($4::int - 1)) END AS acc
             FROM generate_series(1, 1000 + 10 * $4::int) AS g(n)) s`,
      [now, msspId, bigCustomerId, scale.customers],
    );
    await sql.query(
      `INSERT INTO notice_reads (notice_id, user_id, account_id)
       SELECT n.id, u.id, n.account_id FROM notices n JOIN memberships m ON m.account_id = n.account_id JOIN users u ON u.id = m.user_id
       WHERE u.email LIKE 'bench.%' AND n.key LIKE 'bench-%' AND abs(hashtext(n.key)) % 2 = 0`,
    );
    return written;
  });

  // ── Pools and points of the large MSSP.
  await step("pools and points", async () => {
    await sql.query(
      `INSERT INTO annual_pools (id, account_id, service_id, years, available, updated_at)
       SELECT gen_random_uuid(), $1, s.id, y, 5000, now() FROM services s CROSS JOIN generate_series(1, 3) y
       WHERE s.code IN ('adaptive-defense-360', 'endpoint-protection-plus')`,
      [msspId],
    );
    await sql.query(
      `INSERT INTO pool_orders (id, account_id, pool_id, quantity, tier_min_quantity, unit_price_cents, total_cents, ordered_by, created_at)
       SELECT gen_random_uuid(), $1, p.id, 1000 + k * 500, 100, 2400, (1000 + k * 500) * 2400 * p.years, 'bench.mssp@bench.example', $2::timestamptz - make_interval(days => k * 30)
       FROM annual_pools p CROSS JOIN generate_series(1, 4) k WHERE p.account_id = $1`,
      [msspId, now],
    );
    await sql.query(
      `INSERT INTO pool_assignments (id, account_id, pool_id, client_account_id, quantity, initial_quantity, starts_on, ends_on, assigned_by, created_at, updated_at)
       SELECT gen_random_uuid(), $1, p.id, c.id, 5 + c.n % 20, 5 + c.n % 20,
              $2::date - (c.n % 300), ($2::date - (c.n % 300) + make_interval(years => p.years))::date - 1, 'bench.mssp@bench.example', $3, now()
       FROM bench_large c JOIN annual_pools p ON p.account_id = $1 AND p.years = 1 + c.n % 3
       JOIN services s ON s.id = p.service_id AND s.code = CASE WHEN c.n % 2 = 0 THEN 'adaptive-defense-360' ELSE 'endpoint-protection-plus' END`,
      [msspId, today, now],
    );
    await sql.query(`INSERT INTO points_balances (account_id, balance, updated_at) VALUES ($1, 250000, now())`, [msspId]);
    await sql.query(
      `INSERT INTO points_entries (account_id, kind, delta, balance_after, reason, actor_label, created_at)
       SELECT $1, CASE WHEN n % 5 = 0 THEN 'EXCHANGE' ELSE 'CREDIT' END::"PointsEntryKind", CASE WHEN n % 5 = 0 THEN -30 ELSE 100 END,
              1000 + n * 50, CASE WHEN n % 5 = 0 THEN 'Monthly licences for a client' ELSE 'Points bought' END, 'bench.mssp@bench.example',
              $2::timestamptz - make_interval(hours => 5000 - n)
       FROM generate_series(1, 5000) n`,
      [msspId, now],
    );
    await sql.query(
      `INSERT INTO monthly_pools (id, account_id, service_id, month, available_devices, renewal_licences, updated_at)
       SELECT gen_random_uuid(), $1, s.id, date_trunc('month', $2::date)::date, 200, 0, now() FROM services s WHERE s.code = 'adaptive-defense-360'`,
      [msspId, today],
    );
    return count(
      sql,
      `INSERT INTO monthly_assignments (id, account_id, pool_id, client_account_id, devices, updated_at)
       SELECT gen_random_uuid(), $1, p.id, c.id, 1 + c.n % 10, now() FROM bench_large c JOIN monthly_pools p ON p.account_id = $1 WHERE c.n % 2 = 1`,
      [msspId],
    );
  });
  await sql.query("ANALYZE");

  // ── The product's own daily run: meters every final day (catch-up), rolls up months and package
  // months, contract lifecycle, notices, retention purge; it writes the Jobs page's latest run.
  await step("runDailyJobs (metering catch-up, roll-ups, lifecycle)", async () => {
    const outcome = await runDailyJobs(prisma as never, { now });
    if (outcome.outcome === "failed") throw new Error(`runDailyJobs failed: ${outcome.run.error ?? "?"}`);
    return Number((await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM usage_daily`)).rows[0]!.n);
  });
  // A year of earlier daily runs for the Jobs page, shaped like today's.
  await step("job history", () =>
    count(
      sql,
      `INSERT INTO job_runs (id, job, period, status, attempt, started_at, heartbeat_at, finished_at, progress, counts)
       SELECT gen_random_uuid(), r.job, to_char(r.started_at - make_interval(days => k), 'YYYY-MM-DD'), 'SUCCEEDED', 1,
              r.started_at - make_interval(days => k), r.started_at - make_interval(days => k), r.finished_at - make_interval(days => k), r.progress, r.counts
       FROM job_runs r CROSS JOIN generate_series(1, 365) k WHERE r.job = 'meter'
       ON CONFLICT DO NOTHING`,
    ),
  );
  await step("VACUUM ANALYZE", async () => (await sql.query("VACUUM (ANALYZE)"), 0));

  const detail = await sql.query<Record<string, string>>(
    `SELECT
       (SELECT id::text FROM contracts WHERE account_id = $2 ORDER BY number LIMIT 1) AS contract,
       (SELECT id::text FROM end_users WHERE account_id = $2 ORDER BY external_id LIMIT 1) AS end_user,
       (SELECT id::text FROM gateways WHERE account_id = $2 ORDER BY name LIMIT 1) AS gateway,
       (SELECT id::text FROM user_groups WHERE account_id = $2 AND name = 'Everyone') AS group_everyone,
       (SELECT id::text FROM location_licences WHERE account_id = $2 ORDER BY created_at LIMIT 1) AS licence,
       (SELECT id::text FROM locations WHERE account_id = $2 ORDER BY name LIMIT 1) AS location,
       (SELECT id::text FROM plans WHERE account_id = $1 ORDER BY name LIMIT 1) AS plan,
       (SELECT id::text FROM packages WHERE sku = 'DX-CORE') AS package`,
    [msspId, bigCustomerId],
  );
  return {
    distributorId: distributor.id,
    msspId,
    bigCustomerId,
    customerId,
    users: users.map(({ role, email, accountId }) => ({ role, email, accountId })),
    ids: detail.rows[0]!,
  };
}
