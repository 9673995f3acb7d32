import type { PointsEntryKind } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { instantIn, isoDateToDb, todayIn } from "../../src/lib/dates";
import { firstOfMonth, firstOfNextMonth, quoteMonthlyExchange } from "../../src/lib/pool-proration";
import { recordAuditEvent } from "../../src/server/audit/record-audit-event";
import { addDaysIso, termLastDay } from "../../src/lib/dates";

const DAY = 86_400_000;

/**
 * Licence pools for the demo (docs/pools-and-points.md): Northwind's price tiers; Bluewave's
 * annual pools bought in blocks and assigned (Atlas Engineering's licences sit
 * idle, Harbor's are partly used); a points ledger; a monthly pool whose last
 * renewal was short (Cedar Grove lost 5 devices) and whose next one will be
 * short too unless Bluewave exchanges more points.
 */
export async function seedDemoPools(db: DbTx, now = new Date()): Promise<void> {
  const byName = (name: string) => db.account.findFirstOrThrow({ where: { name } });
  const [northwind, bluewave, harbor, atlas, riverside, beacon, cedar] = await Promise.all(
    ["Northwind Distribution", "Bluewave Security", "Harbor Community Bank", "Atlas Engineering", "Riverside Dental", "Beacon Pharmacy", "Cedar Grove Schools"].map(byName),
  );
  const dana = { userId: (await db.user.findUniqueOrThrow({ where: { email: "dana.distributor@northwind.example" } })).id, email: "dana.distributor@northwind.example" };
  const mia = { userId: (await db.user.findUniqueOrThrow({ where: { email: "mia.admin@bluewave.example" } })).id, email: "mia.admin@bluewave.example" };
  const ad360 = await db.service.findUniqueOrThrow({ where: { code: "adaptive-defense-360" } });
  const epp = await db.service.findUniqueOrThrow({ where: { code: "endpoint-protection-plus" } });
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  // Price tiers per licence and year.
  const tiers = [
    [ad360.id, 10, 3000], [ad360.id, 50, 2700], [ad360.id, 100, 2400],
    [epp.id, 10, 1800], [epp.id, 50, 1600],
  ] as const;
  await db.poolPriceTier.createMany({ data: tiers.map(([serviceId, minQuantity, unitPriceCents]) => ({ accountId: northwind!.id, serviceId, minQuantity, unitPriceCents, createdAt: ago(120) })) });

  // Annual pools: blocks bought, then assigned.
  const pools = [
    { service: ad360, years: 1, bought: [[100, 2400, 90]] as const, assigned: [[harbor!, 40, 75], [atlas!, 15, 20]] as const },
    { service: ad360, years: 3, bought: [[50, 2700, 60]] as const, assigned: [[riverside!, 10, 45]] as const },
    { service: epp, years: 1, bought: [[20, 1800, 10]] as const, assigned: [] as const },
  ];
  for (const spec of pools) {
    const bought = spec.bought.reduce((sum, [quantity]) => sum + quantity, 0);
    const assigned = spec.assigned.reduce((sum, [, quantity]) => sum + quantity, 0);
    const pool = await db.annualPool.create({ data: { accountId: bluewave!.id, serviceId: spec.service.id, years: spec.years, available: bought - assigned } });
    for (const [quantity, unitPriceCents, daysAgo] of spec.bought) {
      const totalCents = BigInt(quantity * unitPriceCents * spec.years);
      const order = await db.poolOrder.create({ data: { accountId: bluewave!.id, poolId: pool.id, quantity, tierMinQuantity: quantity >= 100 ? 100 : quantity >= 50 ? 50 : 10, unitPriceCents, totalCents, orderedBy: mia.email, createdAt: ago(daysAgo) } });
      await recordAuditEvent(db, mia, { accountId: bluewave!.id, action: "pool.block_bought", objectType: "pool_order", objectId: order.id, after: { product: spec.service.name, years: spec.years, quantity, unitPriceCents, totalCents } });
    }
    for (const [client, quantity, daysAgo] of spec.assigned) {
      const startsOn = todayIn(client.billingTimezone, ago(daysAgo));
      const endsOn = termLastDay(startsOn, spec.years);
      const assignment = await db.poolAssignment.create({
        data: { accountId: bluewave!.id, poolId: pool.id, clientAccountId: client.id, quantity, initialQuantity: quantity, startsOn: isoDateToDb(startsOn), endsOn: isoDateToDb(endsOn), assignedBy: mia.email, createdAt: ago(daysAgo) },
      });
      for (const accountId of [bluewave!.id, client.id]) {
        await recordAuditEvent(db, mia, { accountId, action: "pool.licences_assigned", objectType: "pool_assignment", objectId: assignment.id, after: { product: spec.service.name, years: spec.years, client: client.name, quantity, startsOn, endsOn } });
      }
    }
  }

  // Points and the monthly pool, in Bluewave's months.
  const zone = bluewave!.billingTimezone;
  const today = todayIn(zone, now);
  const month = firstOfMonth(today);
  // Local instants of the partner's days, never after now (the demo may be seeded minutes into a month).
  const localAt = (day: string, hours: number, minutes = 0) => new Date(Math.min(now.getTime(), instantIn(day, zone, hours, minutes).getTime()));
  const renewedAt = localAt(month, 0, 5);
  const lastMonthDay = addDaysIso(month, -6);
  let balance = 0;
  const ledger = async (kind: PointsEntryKind, delta: number, reason: string, createdAt: Date, actor: { userId: string; email: string } | null, extra: { devices?: number; licences?: number; remainingDays?: number } = {}) => {
    balance += delta;
    await db.pointsEntry.create({
      data: { accountId: bluewave!.id, kind, delta, balanceAfter: balance, reason, actorUserId: actor?.userId ?? null, actorLabel: actor?.email ?? "system:pool-renewal", serviceId: kind === "CREDIT" ? null : ad360.id, createdAt, ...extra },
    });
  };
  await ledger("CREDIT", 300, "MSSP Points allocation for the quarter", ago(70), dana);
  await ledger("EXCHANGE", -120, `Exchange for the renewal on ${month}: 40 licence(s) of ${ad360.name}`, localAt(lastMonthDay, 10), mia, { devices: 40, licences: 40 });
  const midMonth = addDaysIso(month, 9);
  const prorated = quoteMonthlyExchange({ today: midMonth, devices: 5, pricePerLicence: ad360.pointsPerLicence ?? 3 });
  const nextFirst = firstOfNextMonth(today);
  if (midMonth < today) {
    await ledger("EXCHANGE", -prorated.points, `Exchange: ${prorated.licences} licence(s) of ${ad360.name} protecting 5 device(s) for ${prorated.remainingDays} day(s) until ${nextFirst} (${prorated.protectionDays} protection days)`, localAt(midMonth, 10), mia, { devices: 5, licences: prorated.licences, remainingDays: prorated.remainingDays });
  }
  await ledger("EXCHANGE", -60, `Exchange for the renewal on ${nextFirst}: 20 licence(s) of ${ad360.name}`, new Date(Math.max(renewedAt.getTime(), now.getTime() - 0.1 * DAY)), mia, { devices: 20, licences: 20 });
  await db.pointsBalance.create({ data: { accountId: bluewave!.id, balance } });

  const monthly = await db.monthlyPool.create({
    data: { accountId: bluewave!.id, serviceId: ad360.id, month: isoDateToDb(month), availableDevices: midMonth < today ? 5 : 0, renewalLicences: 20, autoExchange: false, createdAt: ago(100) },
  });
  // Renewal order: Harbor has explicit priority 1, then oldest first (Beacon, Cedar).
  const clients = [
    { client: harbor!, before: 12, after: 12, priority: 1, since: 95 },
    { client: beacon!, before: 18, after: 18, priority: null, since: 80 },
    { client: cedar!, before: 15, after: 10, priority: null, since: 50 },
  ];
  const renewal = await db.monthlyRenewal.create({
    data: { accountId: bluewave!.id, poolId: monthly.id, month: isoDateToDb(month), neededLicences: 45, renewedLicences: 40, shortfall: 5, createdAt: renewedAt },
  });
  for (const [index, spec] of clients.entries()) {
    const assignment = await db.monthlyAssignment.create({
      data: { accountId: bluewave!.id, poolId: monthly.id, clientAccountId: spec.client.id, devices: spec.after, priority: spec.priority, createdAt: ago(spec.since) },
    });
    await db.monthlyRenewalLine.create({
      data: { accountId: bluewave!.id, renewalId: renewal.id, clientAccountId: spec.client.id, position: index + 1, needed: spec.before, renewed: spec.after, discounted: spec.before - spec.after },
    });
    if (spec.before !== spec.after) {
      await recordAuditEvent(db, { system: "pool-renewal" }, { accountId: spec.client.id, action: "pool.monthly_renewal_short", objectType: "monthly_assignment", objectId: assignment.id, before: { devices: spec.before }, after: { devices: spec.after, discounted: spec.before - spec.after, month, product: ad360.name } });
    }
  }
  await db.renewalShortfallNotice.createMany({
    data: [
      {
        accountId: bluewave!.id,
        renewalId: renewal.id,
        message: `Renewal of ${ad360.name} on ${month}: 45 licence(s) needed, 40 renewed. 5 device(s) of 1 client(s) lost protection (${cedar!.name}: 5). Exchange points to protect them again.`,
        needed: 45,
        renewed: 40,
        discounted: 5,
        createdAt: renewedAt,
      },
      {
        accountId: cedar!.id,
        renewalId: renewal.id,
        message: `Renewal of ${ad360.name} on ${month}: 10 of your 15 device(s) were renewed by ${bluewave!.name}; 5 lost protection. Contact ${bluewave!.name} to protect them again.`,
        needed: 15,
        renewed: 10,
        discounted: 5,
        createdAt: renewedAt,
      },
    ],
  });
}
