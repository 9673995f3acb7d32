import { randomUUID } from "node:crypto";
import type { DeviceKind, Prisma } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { addDaysIso, instantIn, isoDateToDb, todayIn } from "../../src/lib/dates";
import { firmwareRank, parseFirmware } from "../../src/server/plans/firmware-version";
import { effectiveLicenceType } from "../../src/server/gateways/effective-licence-type";

const WEEKS = 6;

/** A small deterministic generator, so every demo looks the same. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface DeviceSpec {
  externalId: string;
  kind: DeviceKind;
  gatewayId?: string;
  payg?: boolean;
  endUserId?: string;
  /** Days before today from which the device reports (a new customer starts mid-month). */
  startsDaysAgo?: number;
  /** Days before today after which it goes silent. */
  silentSinceDaysAgo?: number;
  weekdayRate: number;
  weekendRate: number;
}

async function gatewayDevices(db: DbTx, accountId: string): Promise<DeviceSpec[]> {
  const gateways = await db.gateway.findMany({ where: { accountId }, include: { plan: true } });
  return gateways.map((gateway, index) => ({
    externalId: gateway.serialNumber,
    kind: "GATEWAY",
    gatewayId: gateway.id,
    payg:
      effectiveLicenceType({
        lockedToPlan: gateway.lockedToPlan,
        ownLicenceType: gateway.ownLicenceType,
        firmwareVersion: gateway.firmwareVersion,
        planLicenceType: gateway.plan?.licenceType ?? null,
      }) === "PAYG",
    silentSinceDaysAgo: index === 4 ? 9 : undefined,
    weekdayRate: 0.97,
    weekendRate: index % 2 ? 0.3 : 0.85,
  }));
}

/**
 * When a device was first and last seen on a local day of its account (docs/time-and-days.md):
 * gateways, access points and phones are up around the clock, laptops and kiosks in local working hours (from 07:00–09:59 for
 * 6–16 hours). Both stay inside the local day, so evidence read on the account's clock
 * always shows first seen before last seen, on every day including DST changes.
 */
/** Kinds that report around the clock (a gateway, an access point, a user's phone). */
const ALWAYS_ON = new Set<DeviceKind>(["GATEWAY", "ACCESS_POINT", "USER_SEAT"]);

function seenDuring(day: string, timezone: string, kind: DeviceKind, next: () => number) {
  const local = (hours: number, minutes: number, seconds = 0) => instantIn(day, timezone, hours, minutes, seconds);
  const dayStart = local(0, 0);
  const dayEnd = local(23, 59, 59);
  if (ALWAYS_ON.has(kind)) {
    return { dayStart, first: local(0, Math.floor(next() * 10), Math.floor(next() * 60)), last: local(23, 50 + Math.floor(next() * 9), Math.floor(next() * 60)) };
  }
  const first = local(7 + Math.floor(next() * 3), Math.floor(next() * 60));
  const last = new Date(Math.min(dayEnd.getTime(), first.getTime() + (6 + next() * 10) * 3_600_000));
  return { dayStart, first, last };
}

/**
 * Weeks of realistic daily activity: weekday patterns, devices going silent, a
 * new customer starting mid-month, users with paired devices and standalone
 * endpoints. Written as daily activity (what ingestion produces).
 */
export async function seedDemoTelemetry(db: DbTx, now = new Date()): Promise<void> {
  const next = random(20261122);
  const byName = async (name: string) => db.account.findFirstOrThrow({ where: { name } });

  const harbor = await byName("Harbor Community Bank");
  const users = Array.from({ length: 24 }, (_, i) => ({
    id: randomUUID(),
    accountId: harbor.id,
    externalId: `hcb-user-${String(i + 1).padStart(3, "0")}`,
    name: ["Ava Brooks", "Liam Patel", "Noah Kim", "Emma Rossi", "Olivia Chen", "Mason Diaz"][i % 6]! + ` ${i + 1}`,
    email: `user${i + 1}@harborbank.example`,
  }));
  await db.endUser.createMany({ data: users });
  const harborDevices: DeviceSpec[] = [
    ...(await gatewayDevices(db, harbor.id)),
    ...users.flatMap((user, i) => [
      { externalId: `${user.externalId}-laptop`, kind: "ENDPOINT" as const, endUserId: user.id, weekdayRate: 0.93, weekendRate: 0.15, silentSinceDaysAgo: i === 3 ? 20 : undefined },
      ...(i % 3 === 0 ? [{ externalId: `${user.externalId}-phone`, kind: "USER_SEAT" as const, endUserId: user.id, weekdayRate: 0.9, weekendRate: 0.6 }] : []),
    ]),
    ...Array.from({ length: 5 }, (_, i) => ({ externalId: `hcb-kiosk-${i + 1}`, kind: "ENDPOINT" as const, weekdayRate: 0.99, weekendRate: 0.99 })),
  ];

  // A new customer mid-month: a PAYG gateway contract and two gateways from ten days ago.
  const riverside = await byName("Riverside Dental");
  const qsm = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" }, include: { packages: true } });
  const riversideToday = todayIn(riverside.billingTimezone, now);
  await db.contract.create({
    data: {
      accountId: riverside.id,
      serviceId: qsm.id,
      packageId: qsm.packages.find((p) => p.sku === "QSM-MGMT-PAYG")!.id,
      type: "PAYG",
      quantity: 5,
      registeredOn: isoDateToDb(addDaysIso(riversideToday, -10)),
      status: "ACTIVE",
    },
  });
  await db.accountService.create({ data: { accountId: riverside.id, serviceId: qsm.id, activatedBy: "system:seed" } });
  for (const serial of ["SPK900001", "SPK900002"]) {
    await db.gateway.create({
      data: {
        accountId: riverside.id,
        name: `riverside-${serial.slice(-2)}`,
        serialNumber: serial,
        firmwareVersion: "R82.10",
        firmwareRank: firmwareRank(parseFirmware("R82.10")!),
        lockedToPlan: false,
        ownLicenceType: "PAYG",
        lastSeenAt: new Date(now.getTime() - 300_000),
      },
    });
  }
  const riversideDevices = (await gatewayDevices(db, riverside.id)).map((device) => ({ ...device, startsDaysAgo: 10, silentSinceDaysAgo: undefined }));

  const prairie = await byName("Prairie Wind Energy");
  const atlas = await byName("Atlas Engineering");
  const marAzul = await byName("Hotel Mar Azul");
  const plan: [typeof harbor, DeviceSpec[]][] = [
    [harbor, harborDevices],
    [riverside, riversideDevices],
    [prairie, await gatewayDevices(db, prairie.id)],
    [atlas, await gatewayDevices(db, atlas.id)],
    [marAzul, Array.from({ length: 12 }, (_, i) => ({ externalId: `mar-azul-ap-${i + 1}`, kind: "ACCESS_POINT" as const, weekdayRate: 1, weekendRate: 1, silentSinceDaysAgo: i === 11 ? 5 : undefined }))],
  ];

  for (const [account, devices] of plan) {
    const today = todayIn(account.billingTimezone, now);
    const rows: Prisma.DeviceDailyActivityCreateManyInput[] = [];
    for (const spec of devices) {
      const deviceId = randomUUID();
      let first: Date | null = null;
      let last: Date | null = null;
      for (let ago = WEEKS * 7; ago >= 0; ago -= 1) {
        if (spec.startsDaysAgo !== undefined && ago > spec.startsDaysAgo) continue;
        if (spec.silentSinceDaysAgo !== undefined && ago < spec.silentSinceDaysAgo) continue;
        const day = addDaysIso(today, -ago);
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        const rate = weekday === 0 || weekday === 6 ? spec.weekendRate : spec.weekdayRate;
        // An always-on device that still reports is up today: the current month always has usage
        // (gateways on PAYG, paired users' phones), even on its 1st just after midnight.
        const upToday = ago === 0 && ALWAYS_ON.has(spec.kind);
        if (next() > rate && !upToday) continue;
        const seen = seenDuring(day, account.billingTimezone, spec.kind, next);
        // Today is seen only up to now (at 00:30 local, a device seen "from 07:00" has not been seen yet).
        if (ago === 0 && seen.first > now) {
          if (!upToday) continue;
          seen.first = new Date(Math.max(seen.dayStart.getTime(), now.getTime() - 60_000));
        }
        const firstSeen = seen.first;
        const lastSeen = ago === 0 ? new Date(Math.min(now.getTime(), seen.last.getTime())) : seen.last;
        rows.push({
          accountId: account.id,
          day: isoDateToDb(day),
          deviceId,
          firstSeenAt: firstSeen,
          lastSeenAt: lastSeen,
          events: 20 + Math.floor(next() * 400),
          kind: spec.kind,
          endUserId: spec.endUserId ?? null,
          payg: spec.payg ?? false,
        });
        first ??= firstSeen;
        last = lastSeen;
      }
      await db.device.create({
        data: {
          id: deviceId,
          accountId: account.id,
          externalId: spec.externalId,
          kind: spec.kind,
          gatewayId: spec.gatewayId ?? null,
          endUserId: spec.endUserId ?? null,
          firstSeenAt: first,
          lastSeenAt: last,
        },
      });
    }
    await db.deviceDailyActivity.createMany({ data: rows });
  }
}
