import "server-only";
import { conflict } from "@/lib/errors";
import { formatCents } from "@/lib/money";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { getPartnerInReach, getPoolService } from "@/server/accounts/get-partner-in-reach";
import { quoteAnnualOrder, type AnnualQuote } from "./price-tiers";

export interface BlockInput {
  service: string;
  years: number;
  quantity: number;
}

/** The price of a block before it is bought (the form shows it; nothing is written). */
export async function previewLicenceBlock(db: Db, options: { actor: Actor; partnerId: string; input: BlockInput }) {
  const partner = await getPartnerInReach(db, options.actor, options.partnerId, "account:manage");
  const service = await getPoolService(db, options.input.service);
  const quote = await quoteAnnualOrder(db, { partner, serviceId: service.id, serviceName: service.name, ...options.input });
  return { service, quote };
}

/**
 * Buys a block of annual licences into the partner's pool of that product and
 * duration (created on first purchase). The confirmed total must equal today's
 * quote, so a price list changed between preview and confirmation never
 * charges a price the person did not see.
 */
export async function buyLicenceBlock(
  db: Db,
  options: { actor: Actor; partnerId: string; input: BlockInput & { expectedTotalCents: number } },
): Promise<{ poolId: string; available: number; quote: AnnualQuote }> {
  const { actor, input } = options;
  return db.$transaction(async (tx) => {
    const partner = await getPartnerInReach(tx, actor, options.partnerId, "account:manage");
    const service = await getPoolService(tx, input.service);
    const quote = await quoteAnnualOrder(tx, { partner, serviceId: service.id, serviceName: service.name, ...input });
    if (quote.totalCents !== BigInt(input.expectedTotalCents)) {
      throw conflict(`The price is now ${formatCents(quote.totalCents)}: check it and confirm again.`, "PRICE_CHANGED");
    }
    // Trial licences may be assigned from the pool when the product is sold as a trial (the catalogue says so).
    const trialAllowed = service.contractTypes.includes("TRIAL");
    // One statement adds the block, whoever else is buying or assigning at the same moment.
    const [pool] = await tx.$queryRaw<{ id: string; available: number }[]>`
      INSERT INTO annual_pools (id, account_id, service_id, years, available, trial_licences_allowed, created_at, updated_at)
      VALUES (gen_random_uuid(), ${partner.id}::uuid, ${service.id}::uuid, ${input.years}, ${input.quantity}, ${trialAllowed}, now(), now())
      ON CONFLICT (account_id, service_id, years)
      DO UPDATE SET available = annual_pools.available + EXCLUDED.available, trial_licences_allowed = EXCLUDED.trial_licences_allowed, updated_at = now()
      RETURNING id::text, available`;
    const order = await tx.poolOrder.create({
      data: {
        accountId: partner.id,
        poolId: pool!.id,
        quantity: input.quantity,
        tierMinQuantity: quote.tierMinQuantity,
        unitPriceCents: quote.unitPriceCents,
        totalCents: quote.totalCents,
        orderedBy: actor.email,
      },
    });
    await recordAuditEvent(tx, actor, {
      accountId: partner.id,
      action: "pool.block_bought",
      objectType: "pool_order",
      objectId: order.id,
      after: {
        product: service.name,
        years: input.years,
        quantity: input.quantity,
        unitPriceCents: quote.unitPriceCents,
        totalCents: quote.totalCents,
        available: pool!.available,
      },
    });
    return { poolId: pool!.id, available: pool!.available, quote };
  });
}
