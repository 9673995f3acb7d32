import "server-only";
import { dbDateToIso } from "@/lib/dates";
import { notFound, ruleViolation } from "@/lib/errors";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import { formatMoney } from "@/lib/money";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { findSellerBook } from "./get-price-book";
import { getSellerInReach } from "./get-seller-in-reach";
import { tierLabel } from "./price-history";
import { currentMonthOf, monthLabel } from "./pricing-months";

/** A row id (prices and overrides have bigint ids) from a form; anything else names no row. */
export function rowIdOf(value: string, what: string): bigint {
  if (!/^\d{1,18}$/.test(value)) throw notFound(what);
  return BigInt(value);
}

/**
 * Removes a price that is not in force yet (docs/money.md#price-books): one starting after the
 * seller's current month, so no month has been priced with it. A price in force is history.
 */
export async function removePrice(db: Db, options: { actor: Actor; sellerId: string; bookId: string; priceId: string; now?: Date }): Promise<void> {
  const { actor } = options;
  const id = rowIdOf(options.priceId, "Price");
  await db.$transaction(async (tx) => {
    const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
    const book = await findSellerBook(tx, seller, options.bookId);
    const price = await tx.price.findFirst({ where: { id, priceBookId: book.id, accountId: seller.id } });
    if (!price) throw notFound("Price");
    const month = dbDateToIso(price.fromMonth).slice(0, 7);
    const current = currentMonthOf(seller, options.now ?? new Date());
    if (month <= current) {
      throw ruleViolation("PRICE_IN_FORCE", `This price is in force since ${monthLabel(month)} and stays as history: add a new price from a later month instead.`);
    }
    await tx.price.delete({ where: { id: price.id } });
    await recordAuditEvent(tx, actor, {
      accountId: seller.id,
      action: "price.removed",
      objectType: "price",
      objectId: price.id.toString(),
      before: {
        priceBook: book.name,
        sku: price.sku,
        pricePer: PRICE_KIND_LABEL[price.kind],
        ...(price.kind === "LICENCE_YEAR" ? { tier: tierLabel(price) } : {}),
        unitPrice: formatMoney(price.unitPriceMinor, book.currency),
        fromMonth: monthLabel(month),
      },
    });
  });
}
