import "server-only";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { findSellerBook } from "./get-price-book";
import { getSellerInReach } from "./get-seller-in-reach";

/**
 * Makes a book the seller's default (docs/money.md#price-books): every buyer without a book of its
 * own is on it from now on, in every month not yet final. Already the default: nothing changes.
 */
export async function makeDefaultPriceBook(db: Db, options: { actor: Actor; sellerId: string; bookId: string }): Promise<void> {
  const { actor } = options;
  await db.$transaction(async (tx) => {
    const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
    const book = await findSellerBook(tx, seller, options.bookId);
    if (book.defaultKey !== null) return;
    const previous = await tx.priceBook.findFirst({ where: { accountId: seller.id, defaultKey: { not: null } }, select: { id: true, name: true } });
    // One default per seller (a unique key): the old one lets go first.
    if (previous) await tx.priceBook.update({ where: { id: previous.id }, data: { defaultKey: null } });
    await tx.priceBook.update({ where: { id: book.id }, data: { defaultKey: seller.id } });
    await recordAuditEvent(tx, actor, {
      accountId: seller.id,
      action: "price_book.made_default",
      objectType: "price_book",
      objectId: book.id,
      before: { defaultBook: previous?.name ?? null },
      after: { defaultBook: book.name },
    });
  });
}
