import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { dbDateToIso, todayIn } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { format } from "date-fns";
import { tz } from "@date-fns/tz";
import type { ContractFacts } from "./contract-rules";

export const contractInclude = {
  account: { select: { id: true, name: true, kind: true, path: true, billingTimezone: true, userCenterId: true } },
  service: { select: { id: true, code: true, name: true, unit: true, contractTypes: true, nfrUnits: true } },
  package: { select: { id: true, sku: true, name: true } },
  addOns: {
    where: { endedAt: null },
    include: { addOn: { select: { id: true, sku: true, name: true } } },
    orderBy: { addedAt: "asc" },
  },
} satisfies Prisma.ContractInclude;

export type LoadedContract = Prisma.ContractGetPayload<{ include: typeof contractInclude }>;

/** A contract inside the caller's reach, or "not found" (same answer as a missing id). */
export async function getContractInReach(
  db: DbTx,
  actor: Actor,
  contractId: string,
  options: { lock?: boolean } = {},
): Promise<LoadedContract> {
  if (!isUuid(contractId)) throw notFound("Contract");
  if (options.lock) {
    // Row lock first, so concurrent edits of one contract queue instead of interleaving.
    await db.$queryRaw`SELECT id FROM contracts WHERE id = ${contractId}::uuid FOR UPDATE`;
  }
  const contract = await db.contract.findFirst({
    where: { id: contractId, ...reachableTenantWhere(actor.grants) },
    include: contractInclude,
  });
  if (!contract) throw notFound("Contract");
  return contract;
}

export function localDay(instant: Date, timezone: string): string {
  return format(instant, "yyyy-MM-dd", { in: tz(timezone) });
}

export function contractFacts(
  contract: Pick<LoadedContract, "type" | "source" | "expiresOn" | "canceledAt" | "archivedAt">,
  timezone: string,
): ContractFacts {
  return {
    type: contract.type,
    source: contract.source,
    expiresOn: contract.expiresOn ? dbDateToIso(contract.expiresOn) : null,
    canceledOn: contract.canceledAt ? localDay(contract.canceledAt, timezone) : null,
    archived: contract.archivedAt !== null,
  };
}

export function contractToday(contract: { account: { billingTimezone: string } }, now?: Date): string {
  return todayIn(contract.account.billingTimezone, now);
}

/** Moved to src/lib (screens in the browser show it too); still exported here for the contract actions until they leave src/app. */

/**
 * The start of every change to a contract: found in reach and row-locked, the
 * caller manages it from above, with its rule facts for "today" in its timezone.
 */
export async function lockManagedContract(db: DbTx, actor: Actor, contractId: string, now?: Date) {
  const contract = await getContractInReach(db, actor, contractId, { lock: true });
  // Contracts are managed from above: by an ADMIN of a parent (MSSP or distributor) account.
  assertCan(actor, "contracts:manage", contract.account);
  return { contract, today: contractToday(contract, now), facts: contractFacts(contract, contract.account.billingTimezone) };
}
