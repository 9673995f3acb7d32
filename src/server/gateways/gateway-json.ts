import { z } from "zod";
import "zod-openapi";
import type { GatewayRow } from "./list-gateways";

/** The API's representation of a gateway (docs/api.md#plans-and-gateways): the Gateways list row. */
export const gatewaySchema = z
  .object({
    id: z.guid(),
    name: z.string().meta({ example: "Madrid branch" }),
    serialNumber: z.string().meta({ description: "The gateway's device id.", example: "SN-4F2A9C01" }),
    account: z.object({ id: z.guid(), name: z.string() }).meta({ description: "The account that owns the gateway." }),
    plan: z.object({ id: z.guid(), name: z.string() }).nullable(),
    firmwareVersion: z.string().meta({ example: "R82.10" }),
    lastSeenAt: z.iso.datetime().nullable(),
    status: z.enum(["ONLINE", "OFFLINE", "NEVER_SEEN"]).meta({ description: "ONLINE when it reported in the last 15 minutes." }),
    lockedToPlan: z.boolean().meta({ description: "True while it follows its plan's licence type; false when it has its own." }),
    licenceType: z.enum(["SUBSCRIPTION", "PAYG"]).meta({ description: "The licence type it is actually on: PAYG never applies below firmware R82.00.00." }),
  })
  .meta({ id: "Gateway" });
export type GatewayJson = z.infer<typeof gatewaySchema>;

export function gatewayJson(row: GatewayRow): GatewayJson {
  return {
    id: row.id,
    name: row.name,
    serialNumber: row.serialNumber,
    account: { id: row.accountId, name: row.accountName },
    plan: row.planId ? { id: row.planId, name: row.planName ?? "" } : null,
    firmwareVersion: row.firmwareVersion,
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
    status: row.status,
    lockedToPlan: row.lockedToPlan,
    licenceType: row.licenceType,
  };
}
