import { z } from "zod";
import "zod-openapi";
import type { DeviceRow } from "./list-devices";

/** The API's representation of a device (docs/api.md#devices-and-end-users): the Devices list row. */
export const deviceSchema = z
  .object({
    id: z.guid(),
    externalId: z.string().meta({ description: "The device id telemetry reports it by.", example: "EP-7781" }),
    name: z.string().nullable(),
    kind: z.enum(["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"]),
    account: z.object({ id: z.guid(), name: z.string() }).meta({ description: "The account it belongs to." }),
    pairedTo: z
      .object({ id: z.guid(), name: z.string().meta({ description: "The end user's name, or their external id when they have none." }) })
      .nullable()
      .meta({ description: "The end user it is paired to; null for a standalone device." }),
    gatewayName: z.string().nullable().meta({ description: "The gateway it reports through, if any." }),
    registeredBy: z.string().meta({ description: "`telemetry` when its first event created it, `admin` when an admin registered it first.", example: "telemetry" }),
    firstSeenAt: z.iso.datetime().nullable(),
    lastSeenAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Device" });
export type DeviceJson = z.infer<typeof deviceSchema>;

export function deviceJson(row: DeviceRow): DeviceJson {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    kind: row.kind,
    account: { id: row.accountId, name: row.accountName },
    pairedTo: row.endUserId ? { id: row.endUserId, name: row.endUser ?? "" } : null,
    gatewayName: row.gatewayName,
    registeredBy: row.registeredBy,
    firstSeenAt: row.firstSeenAt?.toISOString() ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}
