import "server-only";
import { dbDateToIso } from "@/lib/dates";
import { notFound, ruleViolation } from "@/lib/errors";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { findBuyer, findBuyerBook } from "./get-buyer-pricing";
import { getSellerInReach } from "./get-seller-in-reach";
import { overrideValueLabel } from "./override-value";
import { EVERY_SKU } from "./price-book-input";
import { tierLabel } from "./price-history";
import { currentMonthOf, monthLabel } from "./pricing-months";
import { rowIdOf } from "./remove-price";

/** Removes a buyer's override that is not in force yet (docs/money.md#price-books); one in force is history. */
export async function removePriceOverride(db: Db, options: { actor: Actor; sellerId: string; buyerId: string; overrideId: string; now?: Date }): Promise<void> {
  const { actor } = options;
  const id = rowIdOf(options.overrideId, "Override");
  await db.$transaction(async (tx) => {
    const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
    const buyer = await findBuyer(tx, seller, options.buyerId);
    const override = await tx.priceOverride.findFirst({ where: { id, accountId: buyer.id, sellerAccountId: seller.id } });
    if (!override) throw notFound("Override");
    const month = dbDateToIso(override.fromMonth).slice(0, 7);
    if (month <= currentMonthOf(seller, options.now ?? new Date())) {
      throw ruleViolation("OVERRIDE_IN_FORCE", `This override is in force since ${monthLabel(month)} and stays as history: add a new one from a later month instead.`);
    }
    await tx.priceOverride.delete({ where: { id: override.id } });
    const currency = (await findBuyerBook(tx, seller.id, buyer.id))?.currency ?? "";
    await recordAuditEvent(tx, actor, {
      accountId: seller.id,
      action: "price_override.removed",
      objectType: "price_override",
      objectId: override.id.toString(),
      before: {
        buyer: buyer.name,
        sku: override.sku === EVERY_SKU ? "Every SKU" : override.sku,
        pricePer: PRICE_KIND_LABEL[override.kind],
        ...(override.kind === "LICENCE_YEAR" ? { tier: tierLabel(override) } : {}),
        override: overrideValueLabel(override, currency),
        fromMonth: monthLabel(month),
      },
    });
  });
}
