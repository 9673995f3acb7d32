import type { ContractRow } from "./list-contracts";

/** The API's representation of a contract. */
export function contractJson(row: ContractRow) {
  return {
    id: row.id,
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
  };
}
