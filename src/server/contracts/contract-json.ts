import { z } from "zod";
import "zod-openapi";
import type { ContractRow } from "./list-contracts";

/** The API's representation of a contract (docs/api.md#contracts). */
export const contractSchema = z
  .object({
    id: z.guid(),
    accountId: z.guid(),
    contractId: z.string().meta({ description: "The contract's number as the portal shows it.", example: "CT-000042" }),
    service: z.string().meta({ example: "Quantum Spark Management" }),
    serviceStatus: z.enum(["ACTIVE", "REQUIRES_ACTIVATION"]),
    type: z.enum(["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"]),
    source: z.enum(["PORTAL", "USER_CENTER"]),
    status: z.enum(["ACTIVE", "ABOUT_TO_EXPIRE", "EXPIRED", "CANCELED"]),
    package: z.string().meta({ description: "The package's SKU.", example: "QSM-MGMT-STD" }),
    addOns: z.array(z.string()).meta({ description: "SKUs of the AddOns on the contract now." }),
    quantityThreshold: z.int(),
    registrationDate: z.iso.date(),
    expiresOn: z.iso.date().nullable(),
    userCenterId: z.string().nullable(),
    archived: z.boolean(),
    atExpiry: z.enum(["CONVERT", "EXPIRE"]).optional().meta({ description: "A trial's action at its end." }),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: "Contract" });
export type ContractJson = z.infer<typeof contractSchema>;

export function contractJson(row: ContractRow): ContractJson {
  return {
    id: row.id,
    accountId: row.accountId,
    contractId: row.contractId,
    service: row.serviceName,
    serviceStatus: row.serviceStatus,
    type: row.type,
    source: row.source,
    status: row.status,
    package: row.packageSku,
    addOns: row.addOns.map((addOn) => addOn.sku),
    quantityThreshold: row.quantity,
    registrationDate: row.registeredOn,
    expiresOn: row.expiresOn,
    userCenterId: row.userCenterId,
    archived: row.archived,
    ...(row.trialExpiryAction ? { atExpiry: row.trialExpiryAction } : {}),
    cancelReason: row.cancelReason,
  };
}
