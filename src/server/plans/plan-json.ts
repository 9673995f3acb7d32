import { z } from "zod";
import "zod-openapi";
import type { PlanRow } from "./list-plans";

const accountRef = z.object({ id: z.guid(), name: z.string() });

/** The API's representation of a plan (docs/api.md#plans-and-gateways): the Plans list row. */
export const planSchema = z
  .object({
    id: z.guid(),
    name: z.string().meta({ example: "Retail branches" }),
    licenceType: z.enum(["SUBSCRIPTION", "PAYG"]),
    owner: accountRef.meta({ description: "The partner account the plan belongs to." }),
    sharedWith: accountRef.nullable().meta({ description: "The direct child account the plan is shared with, if any; its PAYG contract is the one that counts." }),
    gatewayCount: z.int(),
    gatewaysOnOldFirmware: z.int().meta({ description: "Gateways following the plan on firmware below R82.00.00: they stay on subscription when the plan is on PAYG." }),
  })
  .meta({ id: "Plan" });
export type PlanJson = z.infer<typeof planSchema>;

export function planJson(row: PlanRow): PlanJson {
  return {
    id: row.id,
    name: row.name,
    licenceType: row.licenceType,
    owner: row.owner,
    sharedWith: row.sharedWith,
    gatewayCount: row.gatewayCount,
    gatewaysOnOldFirmware: row.oldFirmwareCount,
  };
}
