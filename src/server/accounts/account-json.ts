import { z } from "zod";
import "zod-openapi";
import { dbDateToIso } from "@/lib/dates";
import type { ChildAccountRow } from "./list-child-accounts";

/** The API's representation of an account (docs/api.md#accounts): the Manage Accounts row. */
export const accountSchema = z
  .object({
    id: z.guid(),
    parentId: z.guid().nullable().meta({ description: "The account directly above; null for a top account." }),
    name: z.string().meta({ example: "Northwind Security" }),
    kind: z.enum(["DISTRIBUTOR", "MSSP", "CUSTOMER"]),
    status: z.enum(["ACTIVE", "IN_TRIAL", "INACTIVE"]),
    trialEndsOn: z.iso.date().nullable().meta({ description: "The trial's last day, for an account in trial." }),
    userCenterId: z.string().nullable(),
    billingTimezone: z.string().meta({ description: "IANA timezone its days and months are counted in.", example: "Europe/Madrid" }),
    createdAt: z.iso.datetime(),
    childCount: z.int().meta({ description: "Accounts directly below it." }),
    userCount: z.int().meta({ description: "People with a membership on it." }),
  })
  .meta({ id: "Account" });
export type AccountJson = z.infer<typeof accountSchema>;

export function accountJson(row: ChildAccountRow): AccountJson {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    status: row.status,
    trialEndsOn: row.trialEndsOn ? dbDateToIso(row.trialEndsOn) : null,
    userCenterId: row.userCenterId,
    billingTimezone: row.billingTimezone,
    createdAt: row.createdAt.toISOString(),
    childCount: row.childCount,
    userCount: row.userCount,
  };
}
