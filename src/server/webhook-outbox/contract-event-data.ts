import type { Contract } from "@/generated/prisma/client";
import { contractLabel } from "@/lib/contract-label";
import { dbDateToIso } from "@/lib/dates";

/** A contract in an event's `data` (docs/webhooks.md#payloads): ids, codes and ISO dates, as the API names them. */
export function contractEventData(contract: Contract, service?: { code: string; name: string }) {
  return {
    id: contract.id,
    contractId: contractLabel(contract.number),
    accountId: contract.accountId,
    ...(service ? { service: service.code, serviceName: service.name } : {}),
    type: contract.type,
    status: contract.status,
    quantityThreshold: contract.quantity,
    registrationDate: dbDateToIso(contract.registeredOn),
    expiresOn: contract.expiresOn ? dbDateToIso(contract.expiresOn) : null,
    canceledAt: contract.canceledAt?.toISOString() ?? null,
  };
}
