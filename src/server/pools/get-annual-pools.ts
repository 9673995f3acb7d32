import "server-only";
import { dbDateToIso } from "@/lib/dates";
import type { DbTx } from "@/server/db";
import { can } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { loadAssignmentUsage, type AssignmentUsage } from "./annual-usage";
import { getPartnerInReach, listPoolServices } from "@/server/accounts/get-partner-in-reach";
import { distributorOf } from "./price-tiers";

export interface AnnualAssignmentRow {
  id: string;
  clientAccountId: string;
  clientName: string;
  product: string;
  years: number;
  quantity: number;
  initialQuantity: number;
  startsOn: string;
  endsOn: string;
  usage: AssignmentUsage;
}

/** What the partner's Licence pools page shows: My available licenses, price list, assignments with their activity. */
export async function getAnnualPools(db: DbTx, options: { actor: Actor; partnerId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const [pools, assignments, clients, services, distributor] = await Promise.all([
    db.annualPool.findMany({ where: { accountId: partner.id }, include: { service: { select: { name: true, code: true } } }, orderBy: [{ service: { name: "asc" } }, { years: "asc" }] }),
    db.poolAssignment.findMany({
      where: { accountId: partner.id },
      include: { client: { select: { name: true } }, pool: { select: { years: true, service: { select: { name: true } } } } },
      orderBy: [{ createdAt: "desc" }],
      take: 200,
    }),
    db.account.findMany({ where: { parentId: partner.id, status: { not: "INACTIVE" } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    listPoolServices(db),
    distributorOf(db, partner),
  ]);
  const tiers = distributor
    ? await db.poolPriceTier.findMany({ where: { accountId: distributor.id }, include: { service: { select: { name: true, code: true } } }, orderBy: [{ service: { name: "asc" } }, { minQuantity: "asc" }] })
    : [];
  const usage = await loadAssignmentUsage(db, { assignmentIds: assignments.map((a) => a.id), now });
  const rows: AnnualAssignmentRow[] = assignments.map((a) => ({
    id: a.id,
    clientAccountId: a.clientAccountId,
    clientName: a.client.name,
    product: a.pool.service.name,
    years: a.pool.years,
    quantity: a.quantity,
    initialQuantity: a.initialQuantity,
    startsOn: dbDateToIso(a.startsOn),
    endsOn: dbDateToIso(a.endsOn),
    usage: usage.get(a.id)!,
  }));
  return {
    partner,
    canManage: can(options.actor, "account:manage", partner),
    pools,
    assignments: rows,
    clients,
    services,
    tiers: tiers.map((tier) => ({ id: tier.id, serviceCode: tier.service.code, product: tier.service.name, minQuantity: tier.minQuantity, unitPriceCents: tier.unitPriceCents })),
    distributorName: distributor?.name ?? null,
  };
}
