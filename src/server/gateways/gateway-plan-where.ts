import type { Prisma } from "@/generated/prisma/client";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

/**
 * The plans a gateway owned by `owner` may be in (docs/gateways-and-plans.md#plans): those of
 * the owner or of an account above it (its MSSP), in the caller's reach. One rule for the
 * server's check on save and for the form's plan search, so the form offers exactly what
 * saving accepts. The owner's materialised path lists the ids of the accounts above it.
 */
export function gatewayPlanWhere(actor: Actor, owner: { path: string }): Prisma.PlanWhereInput {
  return { AND: [{ accountId: { in: owner.path.split("/").filter(Boolean) } }, { account: reachableAccountWhere(actor.grants) }] };
}
