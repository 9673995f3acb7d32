import "server-only";
import { dbDateToIso } from "@/lib/dates";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { findBuyer } from "./get-buyer-pricing";
import { getSellerInReach } from "./get-seller-in-reach";
import { buyerBookInputSchema, fieldError, parseInput } from "./price-book-input";
import { currentMonthOf } from "./pricing-months";

/**
 * Puts a buyer on one of its seller's books, or back on the default book (no book given)
 * (docs/money.md#price-books). The choice is not dated: it applies to every month not yet final.
 * A buyer with own prices (overrides with a price) in force now or later stays in their currency:
 * a book in another currency is refused, as those prices would be read in it.
 */
export async function setBuyerPriceBook(db: Db, options: { actor: Actor; sellerId: string; buyerId: string; input: { priceBookId?: string }; now?: Date }): Promise<void> {
  const { actor } = options;
  const input = parseInput(buyerBookInputSchema, options.input);
  await db.$transaction(async (tx) => {
    const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
    const buyer = await findBuyer(tx, seller, options.buyerId);
    const books = await tx.priceBook.findMany({ where: { accountId: seller.id }, select: { id: true, name: true, currency: true, defaultKey: true } });
    const defaultBook = books.find((book) => book.defaultKey !== null) ?? null;
    const chosen = input.priceBookId ? books.find((book) => book.id === input.priceBookId) : null;
    if (input.priceBookId && !chosen) throw fieldError("priceBookId", `Choose one of the price books of ${seller.name}.`, "BOOK_NOT_FOUND");
    const choice = await tx.buyerPricing.findUnique({ where: { accountId: buyer.id } });
    const before = books.find((book) => book.id === choice?.priceBookId) ?? null;
    if ((before?.id ?? null) === (chosen?.id ?? null)) return;

    const from = before ?? defaultBook;
    const to = chosen ?? defaultBook;
    if (from && to && from.currency !== to.currency) {
      const current = currentMonthOf(seller, options.now ?? new Date());
      const ownPrices = await tx.priceOverride.findMany({
        where: { accountId: buyer.id, sellerAccountId: seller.id, unitPriceMinor: { not: null } },
        select: { sku: true, kind: true, minUnits: true, fromMonth: true },
        orderBy: { fromMonth: "desc" },
      });
      // A price row matters from the one in force this month on (per SKU, kind and tier).
      const seen = new Set<string>();
      const live = ownPrices.filter((row) => {
        const key = `${row.sku}|${row.kind}|${row.minUnits}`;
        if (seen.has(key)) return false;
        const month = dbDateToIso(row.fromMonth).slice(0, 7);
        if (month <= current) seen.add(key);
        return true;
      });
      if (live.length > 0) {
        throw fieldError(
          "priceBookId",
          `${buyer.name} has its own prices in ${from.currency} (${[...new Set(live.map((row) => row.sku))].join(", ")}): choose a book in ${from.currency}.`,
          "OWN_PRICES_IN_OTHER_CURRENCY",
        );
      }
    }

    if (chosen) {
      await tx.buyerPricing.upsert({
        where: { accountId: buyer.id },
        create: { accountId: buyer.id, sellerAccountId: seller.id, priceBookId: chosen.id, updatedBy: actor.email },
        update: { sellerAccountId: seller.id, priceBookId: chosen.id, updatedBy: actor.email },
      });
    } else {
      await tx.buyerPricing.deleteMany({ where: { accountId: buyer.id } });
    }
    const words = (book: { name: string } | null, own: boolean) => (book ? `${book.name}${own ? "" : " (default)"}` : null);
    await recordAuditEvent(tx, actor, {
      accountId: seller.id,
      action: "buyer.price_book_changed",
      objectType: "account",
      objectId: buyer.id,
      before: { buyer: buyer.name, priceBook: words(from, before !== null) },
      after: { buyer: buyer.name, priceBook: words(to, chosen !== null) },
    });
  });
}
