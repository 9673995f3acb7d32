import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { addDaysIso, dbDateToIso, todayIn } from "@/lib/dates";
import { firstOfMonth } from "@/lib/pool-proration";
import { loadActor } from "@/server/auth/load-actor";
import type { Actor } from "@/server/auth/reach";
import { createPrismaClient } from "@/server/db/create-prisma-client";
import { IN_MEMORY_PGLITE } from "@/server/db/database-target";
import { applyMigrations } from "@/server/db/migrate/apply-migrations";
import { PGLITE_EXTENSIONS } from "@/server/db/pglite-extensions";
import { getUsageReport, listPackageSeats } from "@/server/usage";
import { seedAndReport } from "../../../scripts/lib/seed-and-report";

/**
 * The demo, seeded and metered as `npm run db:seed` does, at instants where a
 * date-dependent demo breaks (docs/time-and-days.md): late evening and just
 * after midnight in New York and Kiritimati, the 1st of a month, 29 February and
 * both New York DST change days. Each instant gets its own in-memory database;
 * the checks are what the end-to-end journeys rely on.
 */

const NEW_YORK = "America/New_York";
const INSTANTS: [string, string][] = [
  ["23:30 on 31 January in New York (month end)", "2027-02-01T04:30:00Z"],
  ["00:30 on 1 March in New York (the 1st, EST)", "2027-03-01T05:30:00Z"],
  ["23:30 on 30 June in Kiritimati (UTC+14)", "2027-06-30T09:30:00Z"],
  ["00:30 on 1 July in Kiritimati (the 1st; still 30 June in New York)", "2027-06-30T10:30:00Z"],
  ["29 February 2028, noon in New York", "2028-02-29T17:00:00Z"],
  ["03:30 on 14 March 2027 in New York (just after the spring DST jump)", "2027-03-14T07:30:00Z"],
  ["01:30 EDT on 7 November 2027 in New York (the repeated hour)", "2027-11-07T05:30:00Z"],
];

let template: PGlite;

beforeAll(async () => {
  // Migrated once; every instant seeds a clone of it.
  template = new PGlite({ extensions: PGLITE_EXTENSIONS });
  await applyMigrations({
    target: { kind: "pglite", dataDir: IN_MEMORY_PGLITE },
    pglite: template,
    exec: async (sql) => void (await template.exec(sql)),
    query: async (sql, params) => (await template.query(sql, params)).rows as never[],
    close: () => template.close(),
  });
}, 120_000);

afterAll(async () => {
  await template?.close();
});

async function seededAt(now: Date): Promise<{ prisma: PrismaClient; close: () => Promise<void> }> {
  const pglite = (await template.clone()) as PGlite;
  const prisma = createPrismaClient({ kind: "pglite", dataDir: IN_MEMORY_PGLITE }, pglite);
  const log = console.log;
  console.log = () => {};
  try {
    await seedAndReport(prisma, { demo: true, now });
  } finally {
    console.log = log;
  }
  return { prisma, close: async () => { await prisma.$disconnect(); await pglite.close(); } };
}

async function actorOf(prisma: PrismaClient, email: string): Promise<Actor> {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  return (await loadActor(prisma, user.id))!;
}

describe.each(INSTANTS)("the demo seeded at %s", (_label, instant) => {
  const now = new Date(instant);
  let prisma: PrismaClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ prisma, close } = await seededAt(now));
  }, 240_000);
  afterAll(async () => close?.());

  const account = (name: string) => prisma.account.findFirstOrThrow({ where: { name } });

  it("gives the customer's usage report devices with PAYG usage in the current local month", async () => {
    const harbor = await account("Harbor Community Bank");
    expect(harbor.billingTimezone).toBe(NEW_YORK);
    const carla = await actorOf(prisma, "carla.admin@harborbank.example");
    const report = await getUsageReport(prisma, { actor: carla, accountId: harbor.id, now });
    expect(report.month).toBe(todayIn(NEW_YORK, now).slice(0, 7));
    const qsm = report.services.find((service) => service.serviceName === "Quantum Spark Management");
    expect(qsm?.deviceDays).toBeGreaterThan(0);
    expect(qsm?.days.some((day) => day.active > 0 && day.paygDevices > 0)).toBe(true);
  });

  it("keeps every sighting inside its local day and not after now, first seen before last seen", async () => {
    const rows = await prisma.$queryRaw<{ bad: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE
               (act.first_seen_at AT TIME ZONE a.billing_timezone)::date <> act.day
            OR (act.last_seen_at AT TIME ZONE a.billing_timezone)::date <> act.day
            OR act.first_seen_at > act.last_seen_at
            OR act.last_seen_at > ${now}::timestamptz)::int AS bad,
             count(*)::int AS total
      FROM device_daily_activity act JOIN accounts a ON a.id = act.account_id`;
    expect(rows[0]!.total).toBeGreaterThan(0);
    expect(rows[0]!.bad).toBe(0);
  });

  it("bills a paired user of the Trading desk in the current month under Core and Core+", async () => {
    const harbor = await account("Harbor Community Bank");
    const mia = await actorOf(prisma, "mia.admin@bluewave.example");
    const seats = await listPackageSeats(prisma, { actor: mia, accountId: harbor.id, now, filters: { q: "hcb-user-001" }, pageSize: 50 });
    const ava = seats.page.rows.filter((row) => row.externalId === "hcb-user-001");
    expect(ava.filter((row) => row.billed).map((row) => row.sku)).toEqual(expect.arrayContaining(["DX-CORE", "DX-CORE-PLUS"]));
  });

  it("has contracts in the statuses the journeys expect", async () => {
    const contracts = await prisma.contract.findMany({ include: { account: true, service: true } });
    const status = (accountName: string, service: string, type: string) =>
      contracts.filter((c) => c.account.name === accountName && c.service.code === service && c.type === type).map((c) => c.status).sort();
    expect(status("Bluewave Security", "harmony-browse", "NFR")).toEqual(["ACTIVE"]);
    expect(status("Harbor Community Bank", "quantum-spark-management", "PAYG")).toEqual(["ACTIVE"]);
    // Trials that end within weeks: running, and about to expire.
    expect(status("Harbor Community Bank", "defensx-web-security", "TRIAL")).toEqual(["ABOUT_TO_EXPIRE"]);
    expect(status("Harbor Community Bank", "defensx-web-security", "SUBSCRIPTION")).toEqual(["ACTIVE"]);
    expect(status("Harbor Community Bank", "endpoint-protection-plus", "TRIAL")).toEqual(["EXPIRED"]);
    expect(status("Harbor Community Bank", "harmony-email-collaboration", "PAYG")).toEqual(["CANCELED"]);
    expect(status("Hotel Mar Azul", "guest-wifi", "TRIAL")).toEqual(["ABOUT_TO_EXPIRE"]);
    // Trials end after today, counted in each account's own days.
    for (const trial of await prisma.account.findMany({ where: { status: "IN_TRIAL" } })) {
      expect(dbDateToIso(trial.trialEndsOn!) > todayIn(trial.billingTimezone, now), trial.name).toBe(true);
    }
  });

  it("has the hotel licence ending within 30 days, with its '1 month' notice already sent", async () => {
    const marAzul = await account("Hotel Mar Azul");
    const today = todayIn(marAzul.billingTimezone, now);
    const licence = await prisma.locationLicence.findFirstOrThrow({ where: { accountId: marAzul.id } });
    expect(licence.status).toBe("IN_USE");
    const endsOn = dbDateToIso(licence.endsOn!);
    expect(endsOn > today && endsOn <= addDaysIso(today, 30)).toBe(true);
    const notices = await prisma.notice.findMany({ where: { accountId: marAzul.id, kind: "licence.expiry" } });
    expect(notices.map((n) => n.title)).toContainEqual(expect.stringMatching(/^Licence .* ends in 1 month/));
    expect(notices.every((n) => n.sentAt! <= now)).toBe(true);
  });

  it("shows money on first start: Northwind's and Bluewave's price books and two final months of their statements", async () => {
    for (const [seller, prefix] of [["Northwind Distribution", "NW"], ["Bluewave Security", "BW"]] as const) {
      const sellerAccount = await account(seller);
      expect(await prisma.price.count({ where: { accountId: sellerAccount.id } }), seller).toBeGreaterThan(0);
      const finals = await prisma.statement.findMany({ where: { sellerAccountId: sellerAccount.id, status: "FINAL" } });
      const months = [...new Set(finals.map((statement) => dbDateToIso(statement.month).slice(0, 7)))].sort();
      expect(months.length, seller).toBeGreaterThanOrEqual(2);
      // Final months are past months of the seller, each numbered with the seller's prefix, and priced.
      expect(months.at(-1)! < todayIn(sellerAccount.billingTimezone, now).slice(0, 7), seller).toBe(true);
      expect(finals.every((statement) => statement.number?.startsWith(`${prefix}-`)), seller).toBe(true);
      expect(finals.some((statement) => statement.totalMinor > 0n), seller).toBe(true);
      // The latest final month was drafted mid-month first: its page shows what changed since the draft.
      const latest = finals.filter((statement) => dbDateToIso(statement.month).startsWith(months.at(-1)!));
      expect(latest.some((statement) => statement.draftTotalMinor !== null), seller).toBe(true);
    }
    // Bluewave's points credit (300 points, 70 days back) is a line of Northwind's statement of its month: 300 × EUR 0.10.
    const northwind = await account("Northwind Distribution");
    const bluewave = await account("Bluewave Security");
    const credit = await prisma.pointsEntry.findFirstOrThrow({ where: { accountId: bluewave.id, kind: "CREDIT" } });
    const creditMonth = todayIn(bluewave.billingTimezone, credit.createdAt).slice(0, 7);
    const lines = await prisma.statementLine.findMany({
      where: { sku: "POINTS", statement: { sellerAccountId: northwind.id, accountId: bluewave.id, month: new Date(`${creditMonth}-01T00:00:00Z`) } },
      select: { quantityE4: true, unitPriceMinor: true, amountMinor: true, statement: { select: { status: true } } },
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.quantityE4 === 3_000_000n && line.unitPriceMinor === 10n && line.amountMinor === 3_000n)).toBe(true);
  });

  it("has the partner's monthly pool in its current month with the renewal data the pools journey reads", async () => {
    const bluewave = await account("Bluewave Security");
    const month = firstOfMonth(todayIn(bluewave.billingTimezone, now));
    const pool = await prisma.monthlyPool.findFirstOrThrow({ where: { accountId: bluewave.id }, include: { assignments: true, renewals: true } });
    expect(dbDateToIso(pool.month)).toBe(month);
    // "40 licences needed, 20 covered — 20 short."
    expect(pool.assignments.reduce((sum, a) => sum + a.devices, 0)).toBe(40);
    expect(pool.renewalLicences).toBe(20);
    expect(pool.renewals.map((r) => [dbDateToIso(r.month), r.createdAt <= now])).toEqual([[month, true]]);
    const ledger = await prisma.pointsEntry.findMany({ where: { accountId: bluewave.id }, orderBy: { createdAt: "asc" } });
    expect(ledger.every((entry) => entry.createdAt <= now)).toBe(true);
    expect(ledger.at(-1)!.balanceAfter).toBe((await prisma.pointsBalance.findUniqueOrThrow({ where: { accountId: bluewave.id } })).balance);
  });
});
