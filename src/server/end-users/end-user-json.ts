import { z } from "zod";
import "zod-openapi";
import type { EndUserRow } from "./list-end-users";

/** The API's representation of an end user (docs/api.md#devices-and-end-users): the End users list row. */
export const endUserSchema = z
  .object({
    id: z.guid(),
    accountId: z.guid().meta({ description: "The customer account whose end user it is." }),
    name: z.string().meta({ example: "Alice Martin" }),
    email: z.string().nullable(),
    externalId: z.string().meta({ description: "Unique in the account.", example: "alice.martin" }),
    source: z.string().meta({ description: "How the end user came: added by an admin, imported, or from telemetry.", example: "admin" }),
    groups: z.array(z.string()).meta({ description: "Names of the user groups they belong to." }),
    subscriptions: z.array(z.string()).meta({ description: "Names of the packages assigned to them now." }),
    pairedDevices: z.int().meta({ description: "How many devices are paired to them." }),
    lastSeenAt: z.iso.datetime().nullable().meta({ description: "Their own seat's or any paired device's last telemetry." }),
  })
  .meta({ id: "EndUser" });
export type EndUserJson = z.infer<typeof endUserSchema>;

export function endUserJson(row: EndUserRow): EndUserJson {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    email: row.email,
    externalId: row.externalId,
    source: row.source,
    groups: row.groups,
    subscriptions: row.subscriptions,
    pairedDevices: row.pairedDevices,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}
