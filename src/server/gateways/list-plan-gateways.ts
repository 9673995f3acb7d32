import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";

const gatewayInclude = { account: { select: { name: true } } } satisfies Prisma.GatewayInclude;
export type PlanGatewayRow = Prisma.GatewayGetPayload<{ include: typeof gatewayInclude }>;
type Part = KeyPart<PlanGatewayRow, Prisma.GatewayWhereInput, Prisma.GatewayOrderByWithRelationInput>;

/** By name, then id: gateways (plan_id, name, id) walks it (docs/lists.md#order). */
const GATEWAY_ORDER: Part[] = [field("name", "string", "asc", (g) => g.name), field("id", "uuid", "asc", (g) => g.id)];

/**
 * One page of the gateways on a plan, with their owner's name, 50 by name like every list
 * (docs/gateways-and-plans.md#a-plans-page); the caller has loaded the plan in reach.
 */
export async function listPlanGateways(db: DbTx, options: { planId: string; page?: PageRequest; pageSize?: number }): Promise<Page<PlanGatewayRow>> {
  return keysetPage({
    sort: "name.asc",
    parts: GATEWAY_ORDER,
    where: { planId: options.planId },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize ?? 50,
    findMany: (args) => db.gateway.findMany({ ...args, include: gatewayInclude }),
    count: (args) => db.gateway.count({ ...args, orderBy: { planId: "asc" } }),
  });
}
