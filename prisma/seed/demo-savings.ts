import { randomUUID } from "node:crypto";
import type { Prisma } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { addDaysIso, addMonthsIso, instantIn, isoDateToDb, todayIn } from "../../src/lib/dates";
import { effectiveLicenceType } from "../../src/server/gateways/effective-licence-type";

/** Days of history the savings demo reaches back: more than a year, so a whole window is complete. */
const HISTORY_DAYS = 420;

/**
 * Savings to show on first start (docs/money.md#advice): Maple Street Bakery has run two gateways on
 * Pay-As-You-Go for over a year (a one-year subscription of its PAYG package would have cost less),
 * and Beacon Pharmacy's Guest WiFi subscription of 12 access points never had more than 4 active.
 * Bluewave's customer list gets the subscription price of the PAYG package (advice compares the two
 * prices of one package); nothing is added where a price already exists. The daily run that follows
 * the seed meters the history and computes the advice.
 */
export async function seedDemoSavings(db: DbTx, now: Date): Promise<void> {
  const byName = (name: string) => db.account.findFirstOrThrow({ where: { name }, select: { id: true, billingTimezone: true } });
  const bluewave = await byName("Bluewave Security");
  const maple = await byName("Maple Street Bakery");
  const beacon = await byName("Beacon Pharmacy");

  const book = await db.priceBook.findFirst({ where: { accountId: bluewave.id, defaultKey: { not: null } }, include: { prices: true } });
  if (book && !book.prices.some((price) => price.sku === "QSM-MGMT-PAYG" && price.kind === "SUBSCRIPTION_MONTH")) {
    const from = addMonthsIso(`${todayIn(bluewave.billingTimezone, now).slice(0, 7)}-01`, -12);
    await db.price.create({
      data: { accountId: bluewave.id, priceBookId: book.id, sku: "QSM-MGMT-PAYG", kind: "SUBSCRIPTION_MONTH", fromMonth: isoDateToDb(from), unitPriceMinor: 950, createdBy: "demo seed" },
    });
  }

  // Maple: a PAYG contract of the gateway service for over a year, and its gateways on the PAYG plan reporting.
  const qsm = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" }, include: { packages: true } });
  const mapleToday = todayIn(maple.billingTimezone, now);
  await db.contract.create({
    data: {
      accountId: maple.id,
      serviceId: qsm.id,
      packageId: qsm.packages.find((p) => p.sku === "QSM-MGMT-PAYG")!.id,
      type: "PAYG",
      quantity: 5,
      registeredOn: isoDateToDb(addDaysIso(mapleToday, -HISTORY_DAYS)),
      status: "ACTIVE",
    },
  });
  await db.accountService.upsert({
    where: { accountId_serviceId: { accountId: maple.id, serviceId: qsm.id } },
    create: { accountId: maple.id, serviceId: qsm.id, activatedBy: "system:seed" },
    update: {},
  });
  const gateways = await db.gateway.findMany({ where: { accountId: maple.id }, include: { plan: true }, orderBy: { name: "asc" } });
  const rows: Prisma.DeviceDailyActivityCreateManyInput[] = [];
  for (const [index, gateway] of gateways.entries()) {
    const payg =
      effectiveLicenceType({
        lockedToPlan: gateway.lockedToPlan,
        ownLicenceType: gateway.ownLicenceType,
        firmwareVersion: gateway.firmwareVersion,
        planLicenceType: gateway.plan?.licenceType ?? null,
      }) === "PAYG";
    const device = await db.device.create({
      data: { id: randomUUID(), accountId: maple.id, externalId: gateway.serialNumber, kind: "GATEWAY", gatewayId: gateway.id, firstSeenAt: now, lastSeenAt: now },
    });
    for (let ago = HISTORY_DAYS; ago >= 1; ago--) {
      // The first gateway misses a day in nine, the others report on weekdays and every other Saturday.
      const day = addDaysIso(mapleToday, -ago);
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      const up = index === 0 ? ago % 9 !== 0 : weekday !== 0 && (weekday !== 6 || ago % 14 < 7);
      if (up) rows.push(activity(maple, day, device.id, "GATEWAY", payg));
    }
  }

  // Beacon: four access points for its Guest WiFi subscription of 12 (registered 100 days ago).
  const beaconToday = todayIn(beacon.billingTimezone, now);
  for (let ap = 1; ap <= 4; ap++) {
    const device = await db.device.create({
      data: { id: randomUUID(), accountId: beacon.id, externalId: `beacon-ap-${ap}`, kind: "ACCESS_POINT", firstSeenAt: now, lastSeenAt: now },
    });
    for (let ago = 100; ago >= 1; ago--) rows.push(activity(beacon, addDaysIso(beaconToday, -ago), device.id, "ACCESS_POINT", false));
  }
  await db.deviceDailyActivity.createMany({ data: rows, skipDuplicates: true });
}

function activity(account: { id: string; billingTimezone: string }, day: string, deviceId: string, kind: "GATEWAY" | "ACCESS_POINT", payg: boolean): Prisma.DeviceDailyActivityCreateManyInput {
  return {
    accountId: account.id,
    day: isoDateToDb(day),
    deviceId,
    firstSeenAt: instantIn(day, account.billingTimezone, 0, 5),
    lastSeenAt: instantIn(day, account.billingTimezone, 23, 50),
    events: 48,
    kind,
    payg,
  };
}
