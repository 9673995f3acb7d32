import "server-only";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";

/** A gateway of an account in reach, with its owner and plan (locked FOR UPDATE when asked). */
export async function getGatewayInReach(db: DbTx, actor: Actor, gatewayId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(gatewayId)) throw notFound("Gateway");
  if (options.lock) await db.$queryRaw`SELECT id FROM gateways WHERE id = ${gatewayId}::uuid FOR UPDATE`;
  const gateway = await db.gateway.findFirst({
    where: { id: gatewayId, ...reachableTenantWhere(actor.grants) },
    include: {
      account: { select: { id: true, name: true, kind: true, path: true, billingTimezone: true } },
      plan: { include: { account: { select: { id: true, path: true } }, sharedWith: { select: { id: true, billingTimezone: true } } } },
    },
  });
  if (!gateway) throw notFound("Gateway");
  return gateway;
}
