import "server-only";
import type { PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import { can } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { listAnnualAssignments } from "./list-annual-assignments";
import { getPartnerInReach, listPoolServices } from "@/server/accounts/get-partner-in-reach";
import { distributorOf } from "./price-tiers";

/**
 * What the partner's Licence pools page shows: My available licenses, price list, and one page of
 * the assignments with their activity (docs/pools-and-points.md#assigned-licences).
 */
export async function getAnnualPools(db: DbTx, options: { actor: Actor; partnerId: string; now?: Date; page?: PageRequest; pageSize?: number }) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const [pools, assignments, services, distributor] = await Promise.all([
    db.annualPool.findMany({ where: { accountId: partner.id }, include: { service: { select: { name: true, code: true } } }, orderBy: [{ service: { name: "asc" } }, { years: "asc" }] }),
    listAnnualAssignments(db, { partnerId: partner.id, page: options.page, pageSize: options.pageSize, now }),
    listPoolServices(db),
    distributorOf(db, partner),
  ]);
  const tiers = distributor
    ? await db.poolPriceTier.findMany({ where: { accountId: distributor.id }, include: { service: { select: { name: true, code: true } } }, orderBy: [{ service: { name: "asc" } }, { minQuantity: "asc" }] })
    : [];
  return {
    partner,
    canManage: can(options.actor, "account:manage", partner),
    pools,
    assignments,
    services,
    tiers: tiers.map((tier) => ({ id: tier.id, serviceCode: tier.service.code, product: tier.service.name, minQuantity: tier.minQuantity, unitPriceCents: tier.unitPriceCents })),
    distributorName: distributor?.name ?? null,
  };
}
