import "server-only";
import type { Account, PoolPriceTier } from "@/generated/prisma/client";
import { isUniqueViolation, notFound, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { chooseTier, orderTotalCents } from "@/lib/pool-pricing";
import { getPoolService } from "@/server/accounts/get-partner-in-reach";

export interface AnnualQuote {
  quantity: number;
  years: number;
  tierMinQuantity: number;
  unitPriceCents: number;
  totalCents: bigint;
}

/** The distributor above a partner: its price list applies (the nearest one, for nested trees). */
export async function distributorOf(db: DbTx, partner: Pick<Account, "path">): Promise<Account | null> {
  const ids = partner.path.split("/").filter(Boolean).slice(0, -1);
  if (ids.length === 0) return null;
  const distributors = await db.account.findMany({ where: { id: { in: ids }, kind: "DISTRIBUTOR" }, orderBy: { depth: "desc" }, take: 1 });
  return distributors[0] ?? null;
}

/** The price of an order of annual licences: quantity × tier price × years, in cents. */
export async function quoteAnnualOrder(
  db: DbTx,
  options: { partner: Account; serviceId: string; serviceName: string; years: number; quantity: number },
): Promise<AnnualQuote> {
  const distributor = await distributorOf(db, options.partner);
  const tiers = distributor
    ? await db.poolPriceTier.findMany({ where: { accountId: distributor.id, serviceId: options.serviceId }, orderBy: { minQuantity: "asc" } })
    : [];
  if (tiers.length === 0) {
    throw ruleViolation("NO_PRICE_LIST", `There is no price list for ${options.serviceName} yet: ask your distributor to add its price tiers.`);
  }
  const tier = chooseTier(tiers, options.quantity);
  if (!tier) {
    throw ruleViolation("BELOW_MINIMUM_BLOCK", `Licences of ${options.serviceName} come in blocks of at least ${tiers[0]!.minQuantity}.`);
  }
  return {
    quantity: options.quantity,
    years: options.years,
    tierMinQuantity: tier.minQuantity,
    unitPriceCents: tier.unitPriceCents,
    totalCents: orderTotalCents(options.quantity, tier.unitPriceCents, options.years),
  };
}

async function getDistributorToManage(db: DbTx, actor: Actor, accountId: string, manage: boolean) {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, manage ? "account:manage" : "account:read", account);
  if (account.kind !== "DISTRIBUTOR") throw ruleViolation("PRICE_TIERS_ONLY_FOR_DISTRIBUTORS", "Price tiers belong to distributor accounts.");
  return account;
}

export async function listPriceTiers(db: DbTx, options: { actor: Actor; accountId: string }) {
  const account = await getDistributorToManage(db, options.actor, options.accountId, false);
  return db.poolPriceTier.findMany({
    where: { accountId: account.id },
    include: { service: { select: { name: true, code: true } } },
    orderBy: [{ service: { name: "asc" } }, { minQuantity: "asc" }],
  });
}

/** Adds a tier or changes the price of the tier with that minimum. */
export async function setPriceTier(
  db: Db,
  options: { actor: Actor; accountId: string; service: string; minQuantity: number; unitPriceCents: number },
): Promise<PoolPriceTier> {
  try {
    return await setPriceTierInTx(db, options);
  } catch (error) {
    // Two people adding the same new tier at once: the loser's insert collides; run again, it is now a price change.
    if (isUniqueViolation(error)) return setPriceTierInTx(db, options);
    throw error;
  }
}

function setPriceTierInTx(
  db: Db,
  options: { actor: Actor; accountId: string; service: string; minQuantity: number; unitPriceCents: number },
): Promise<PoolPriceTier> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const account = await getDistributorToManage(tx, actor, options.accountId, true);
    const service = await getPoolService(tx, options.service);
    const key = { accountId: account.id, serviceId: service.id, minQuantity: options.minQuantity };
    const before = await tx.poolPriceTier.findUnique({ where: { accountId_serviceId_minQuantity: key } });
    const tier = await tx.poolPriceTier.upsert({
      where: { accountId_serviceId_minQuantity: key },
      create: { ...key, unitPriceCents: options.unitPriceCents },
      update: { unitPriceCents: options.unitPriceCents },
    });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: before ? "pool.price_tier_changed" : "pool.price_tier_added",
      objectType: "pool_price_tier",
      objectId: tier.id,
      before: before ? { unitPriceCents: before.unitPriceCents } : undefined,
      after: { product: service.name, minQuantity: tier.minQuantity, unitPriceCents: tier.unitPriceCents },
    });
    return tier;
  });
}

export async function removePriceTier(db: Db, options: { actor: Actor; tierId: string }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    if (!isUuid(options.tierId)) throw notFound("Price tier");
    const tier = await tx.poolPriceTier.findFirst({
      where: { id: options.tierId, ...reachableTenantWhere(actor.grants) },
      include: { service: { select: { name: true } } },
    });
    if (!tier) throw notFound("Price tier");
    await getDistributorToManage(tx, actor, tier.accountId, true);
    await tx.poolPriceTier.delete({ where: { id: tier.id } });
    await recordAuditEvent(tx, actor, {
      accountId: tier.accountId,
      action: "pool.price_tier_removed",
      objectType: "pool_price_tier",
      objectId: tier.id,
      before: { product: tier.service.name, minQuantity: tier.minQuantity, unitPriceCents: tier.unitPriceCents },
    });
  });
}
