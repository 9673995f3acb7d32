import "server-only";
import { isoDateToDb, todayIn } from "@/lib/dates";
import type { DbTx } from "@/server/db";

export interface HeldPackage {
  packageId: string;
  sku: string;
  name: string;
  isDefault: boolean;
  serviceId: string;
  serviceName: string;
  contracts: { id: string; number: number; type: string; expiresOn: Date | null; quantity: number }[];
}

/**
 * The customer's subscriptions: the packages of its live contracts (not
 * canceled, not archived, not expired today in its timezone) of
 * active-utilisation services (licensed per user). One package may be held
 * by several contracts (e.g. a trial converted to a subscription).
 */
export async function listHeldPackages(db: DbTx, account: { id: string; billingTimezone: string }, now = new Date()): Promise<HeldPackage[]> {
  const today = isoDateToDb(todayIn(account.billingTimezone, now));
  const contracts = await db.contract.findMany({
    where: {
      accountId: account.id,
      canceledAt: null,
      archivedAt: null,
      OR: [{ expiresOn: null }, { expiresOn: { gte: today } }],
      service: { unit: "USER" },
    },
    include: { package: true, service: { select: { name: true } } },
    orderBy: [{ package: { sku: "asc" } }, { number: "asc" }],
  });
  const held = new Map<string, HeldPackage>();
  for (const contract of contracts) {
    const entry = held.get(contract.packageId) ?? {
      packageId: contract.packageId,
      sku: contract.package.sku,
      name: contract.package.name,
      isDefault: contract.package.isDefault,
      serviceId: contract.serviceId,
      serviceName: contract.service.name,
      contracts: [],
    };
    entry.contracts.push({ id: contract.id, number: contract.number, type: contract.type, expiresOn: contract.expiresOn, quantity: contract.quantity });
    held.set(contract.packageId, entry);
  }
  return [...held.values()];
}
