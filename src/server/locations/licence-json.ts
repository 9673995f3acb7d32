import { z } from "zod";
import "zod-openapi";
import { dbDateToIso } from "@/lib/dates";
import { LICENCE_MODULE_CODES } from "@/lib/labels";
import type { LicenceData } from "./get-licence-data";
import type { LicenceRow } from "./list-licences";

/* Location licences as the API answers them (docs/api.md#location-licences, docs/location-licences.md). */

export const LICENCE_STATUSES = ["PENDING_PROVISION", "PENDING_START", "IN_USE", "CONTRACT_FINALIZED", "ACCESS_DENIED"] as const;

const day = (date: Date | null) => (date ? dbDateToIso(date) : null);

const summaryFields = {
  id: z.guid(),
  key: z.string().meta({ description: "The licence key, as on its PDF.", example: "7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5E" }),
  accountId: z.guid().meta({ description: "The organisation: the location's account." }),
  organization: z.string(),
  location: z.string().meta({ description: "The location's name." }),
  modules: z.array(z.enum(LICENCE_MODULE_CODES)),
  maxAccessPoints: z.int().nonnegative().nullable().meta({ description: "Access points allowed (null for a hospitality location, licensed by rooms)." }),
  maxRooms: z.int().nonnegative().nullable().meta({ description: "Rooms allowed (hospitality only)." }),
  status: z.enum(LICENCE_STATUSES),
  startsOn: z.iso.date().nullable().meta({ description: "The local day of the 5th connection (or a renewal's first day)." }),
  endsOn: z.iso.date().nullable().meta({ description: "The last day of service: start + years, same calendar day." }),
};

export const licenceSummarySchema = z.object(summaryFields).meta({ id: "LocationLicenceSummary" });

export function licenceSummaryJson(row: LicenceRow): z.input<typeof licenceSummarySchema> {
  return {
    id: row.id,
    key: row.key,
    accountId: row.accountId,
    organization: row.organization,
    location: row.locationName,
    modules: row.modules as (typeof LICENCE_MODULE_CODES)[number][],
    maxAccessPoints: row.maxAccessPoints,
    maxRooms: row.maxRooms,
    status: row.status,
    startsOn: day(row.startsOn),
    endsOn: day(row.endsOn),
  };
}

export const licenceSchema = z
  .object({
    ...summaryFields,
    locationId: z.guid(),
    partner: z.object({ id: z.guid(), name: z.string() }).meta({ description: "The partner/integrator." }),
    distributor: z.object({ id: z.guid(), name: z.string() }),
    years: z.int().min(1).max(5),
    payment: z.enum(["MONTHLY", "ANNUAL"]),
    provisionedOn: z.iso.date().nullable().meta({ description: "The local day the key was sent to the location (Send Key)." }),
    inUse: z.object({ accessPoints: z.int().nonnegative(), rooms: z.int().nonnegative() }).meta({ description: "Access points configured on the location and rooms, once the key was sent." }),
    deniedReason: z.string().nullable().meta({ description: "The contractual cause while ACCESS_DENIED." }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "LocationLicence" });

export function licenceJson(data: LicenceData): z.input<typeof licenceSchema> {
  const { licence } = data;
  return {
    ...licenceSummaryJson({ ...licence, organization: licence.account.name, locationName: licence.location.name }),
    locationId: licence.locationId,
    partner: { id: licence.partnerAccountId, name: licence.partner.name },
    distributor: { id: licence.distributorAccountId, name: licence.distributor.name },
    years: licence.years,
    payment: licence.payment,
    provisionedOn: day(licence.provisionedOn),
    inUse: data.inUse,
    deniedReason: licence.status === "ACCESS_DENIED" ? licence.deniedReason : null,
    createdAt: licence.createdAt.toISOString(),
  };
}
