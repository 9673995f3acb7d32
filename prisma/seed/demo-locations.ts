import { tz } from "@date-fns/tz";
import { addYears, format } from "date-fns";
import type { LocationLicenceStatus, LocationSector } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { instantIn, isoDateToDb, todayIn } from "../../src/lib/dates";
import { addDaysIso } from "../../src/lib/dates";
import { generateLicenceKey } from "../../src/server/locations/licence-key";
import { licenceExpirySchedule } from "../../src/server/locations/expiry-schedule";
import { licenceNoticeSeries } from "../../src/server/locations/run-location-licence-lifecycle";
import { createNotice } from "../../src/server/notifications/create-notice";
import { recordAuditEvent } from "../../src/server/audit/record-audit-event";
import type { AuditAction } from "../../src/lib/labels";

const utc = tz("UTC");

interface LocationSpec {
  account: string;
  name: string;
  address: string;
  sector: LocationSector;
  rooms?: number;
  /** External ids of the account's access points configured on it. */
  accessPoints?: string[];
  licence?: {
    status: LocationLicenceStatus;
    years: number;
    units: number;
    modules: string[];
    /** Start date, in days from today (negative = past). */
    startsIn?: number;
    provisionedDaysAgo?: number;
    deniedReason?: string;
  };
}

const SPECS: LocationSpec[] = [
  {
    account: "Hotel Mar Azul",
    name: "Mar Azul Beach Resort",
    address: "Passeig Marítim 12, 46011 Valencia",
    sector: "HOSPITALITY",
    rooms: 120,
    accessPoints: Array.from({ length: 12 }, (_, i) => `mar-azul-ap-${i + 1}`),
    // Started a year ago minus 20 days: it ends in 20 days ("ending in the next 30 days").
    licence: { status: "IN_USE", years: 1, units: 150, modules: ["GUEST", "PMS", "SOCIAL_LOGIN"], startsIn: -345, provisionedDaysAgo: 350 },
  },
  {
    account: "Harbor Community Bank",
    name: "Harbor HQ Branch",
    address: "200 Harbor Boulevard, Portland",
    sector: "OFFICE",
    licence: { status: "PENDING_START", years: 3, units: 20, modules: ["GUEST", "CAPTIVE_PORTAL"], provisionedDaysAgo: 2 },
  },
  {
    account: "Harbor Community Bank",
    name: "Harbor Marina Kiosk",
    address: "Pier 4, Portland Marina",
    sector: "RETAIL",
    licence: { status: "PENDING_PROVISION", years: 2, units: 4, modules: ["GUEST"] },
  },
  {
    account: "Atlas Engineering",
    name: "Atlas Head Office",
    address: "14 Kingsway, London",
    sector: "OFFICE",
    licence: { status: "ACCESS_DENIED", years: 2, units: 30, modules: ["GUEST", "ANALYTICS"], startsIn: -200, provisionedDaysAgo: 205, deniedReason: "Unpaid invoices INV-2026-118 and INV-2026-131" },
  },
  {
    account: "Beacon Pharmacy",
    name: "Beacon Pharmacy Downtown",
    address: "3 Market Square, Leeds",
    sector: "RETAIL",
    licence: { status: "CONTRACT_FINALIZED", years: 1, units: 6, modules: ["GUEST", "MARKETING"], startsIn: -375, provisionedDaysAgo: 380 },
  },
  {
    account: "Pacific Rim Hotels",
    name: "Pacific Rim Waikiki",
    address: "2335 Kalākaua Avenue, Honolulu",
    sector: "HOSPITALITY",
    rooms: 300,
    licence: { status: "IN_USE", years: 5, units: 320, modules: ["GUEST", "PMS", "ANALYTICS", "MARKETING"], startsIn: -400, provisionedDaysAgo: 402 },
  },
  { account: "Cedar Grove Schools", name: "Cedar Grove Campus", address: "1 School Lane, York", sector: "EDUCATION" },
  {
    account: "Prairie Wind Energy",
    name: "Prairie Wind Control Room",
    address: "900 Turbine Road, Amarillo",
    sector: "OFFICE",
    licence: { status: "IN_USE", years: 2, units: 10, modules: ["GUEST"], startsIn: -100, provisionedDaysAgo: 101 },
  },
];

/** The MSSP and distributor above an account (the licence's partner/integrator and distributor). */
async function chainOf(db: DbTx, accountId: string) {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const ids = account.path.split("/").filter(Boolean);
  const ancestors = await db.account.findMany({ where: { id: { in: ids } } });
  const byDepth = ids.map((id) => ancestors.find((candidate) => candidate.id === id)!);
  const distributor = byDepth.find((candidate) => candidate.kind === "DISTRIBUTOR")!;
  const partner = [...byDepth].reverse().find((candidate) => candidate.kind === "MSSP")!;
  return { account, distributor, partner };
}

/**
 * Locations and location licences in every status, with access points from the
 * demo telemetry, their history and the expiry notices already sent — so the
 * Locations, Licenses and Notifications pages have something true to show.
 */
export async function seedDemoLocations(db: DbTx, now = new Date()): Promise<void> {
  for (const spec of SPECS) {
    const owner = await db.account.findFirstOrThrow({ where: { name: spec.account } });
    const { account, distributor, partner } = await chainOf(db, owner.id);
    const today = todayIn(account.billingTimezone, now);
    const location = await db.location.create({
      data: { accountId: account.id, name: spec.name, address: spec.address, sector: spec.sector, rooms: spec.rooms ?? 0 },
    });
    if (spec.accessPoints?.length) {
      await db.device.updateMany({ where: { accountId: account.id, externalId: { in: spec.accessPoints } }, data: { locationId: location.id } });
    }
    const licence = spec.licence;
    if (!licence) continue;
    const startsOn = licence.startsIn !== undefined ? addDaysIso(today, licence.startsIn) : null;
    const endsOn = startsOn ? format(addYears(utc(new Date(`${startsOn}T00:00:00Z`)), licence.years), "yyyy-MM-dd") : null;
    const provisionedOn = licence.provisionedDaysAgo !== undefined ? addDaysIso(today, -licence.provisionedDaysAgo) : null;
    const hospitality = spec.sector === "HOSPITALITY";
    const createdOn = addDaysIso(provisionedOn ?? today, -3);
    const row = await db.locationLicence.create({
      data: {
        accountId: account.id,
        key: generateLicenceKey(),
        locationId: location.id,
        partnerAccountId: partner.id,
        distributorAccountId: distributor.id,
        years: licence.years,
        payment: licence.years > 1 ? "ANNUAL" : "MONTHLY",
        maxAccessPoints: hospitality ? null : licence.units,
        maxRooms: hospitality ? licence.units : null,
        modules: licence.modules,
        status: licence.status,
        provisionedAt: provisionedOn ? new Date(`${provisionedOn}T09:30:00Z`) : null,
        provisionedOn: provisionedOn ? isoDateToDb(provisionedOn) : null,
        startsOn: startsOn ? isoDateToDb(startsOn) : null,
        endsOn: endsOn ? isoDateToDb(endsOn) : null,
        deniedAt: licence.deniedReason ? new Date(now.getTime() - 6 * 86_400_000) : null,
        deniedReason: licence.deniedReason ?? null,
        createdBy: "dana.distributor@northwind.example",
        createdAt: new Date(`${createdOn}T10:00:00Z`),
      },
    });
    const history: { action: AuditAction; after: Record<string, unknown> }[] = [
      { action: "licence.generated", after: { status: "PENDING_PROVISION", location: spec.name, years: licence.years } },
      ...(provisionedOn ? [{ action: "licence.provisioned" as const, after: { status: "PENDING_START", provisionedOn } }] : []),
      ...(startsOn ? [{ action: "licence.started" as const, after: { status: "IN_USE", startsOn, endsOn } }] : []),
      ...(licence.status === "CONTRACT_FINALIZED" ? [{ action: "licence.finalized" as const, after: { status: "CONTRACT_FINALIZED", endsOn } }] : []),
      ...(licence.deniedReason ? [{ action: "licence.access_denied" as const, after: { status: "ACCESS_DENIED", reason: licence.deniedReason } }] : []),
    ];
    for (const event of history) {
      await recordAuditEvent(db, { system: "seed" }, { accountId: account.id, action: event.action, objectType: "location_licence", objectId: row.id, after: event.after });
    }
    // Expiry notices that have come due, as the daily route would have sent them.
    if (endsOn && (licence.status === "IN_USE" || licence.status === "CONTRACT_FINALIZED")) {
      const schedule = licenceExpirySchedule({ key: row.key, endsOn, locationName: spec.name, organisationName: account.name, distributorName: distributor.name });
      for (const step of schedule.filter((candidate) => candidate.dueOn <= today)) {
        // Sent by the daily run early on the due day, never after now.
        const sentAt = new Date(Math.min(now.getTime(), instantIn(step.dueOn, account.billingTimezone, 0, 35).getTime()));
        const { notice } = await createNotice(db, {
          accountId: account.id,
          key: `${licenceNoticeSeries(row.id)}:${step.code}`,
          kind: "licence.expiry",
          title: step.title,
          body: step.body,
          link: `/a/${account.id}/licences/${row.id}`,
          email: true,
          recipientAccountIds: [account.id, partner.id],
          now: sentAt,
        });
        await db.notice.update({ where: { id: notice.id }, data: { status: "SENT", sentAt, attempts: 1, nextAttemptAt: null } });
      }
    }
  }
}
