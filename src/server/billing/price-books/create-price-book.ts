import "server-only";
import type { PriceBook } from "@/generated/prisma/client";
import { currencyLabel } from "@/lib/currency-names";
import { isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { equalsTextIgnoringCase } from "@/server/db/text-filters";
import { getSellerInReach } from "./get-seller-in-reach";
import { fieldError, parseInput, priceBookInputSchema } from "./price-book-input";

/**
 * Adds a price book to a seller (docs/money.md#price-books). The seller's first book becomes its
 * default. A name the seller already uses (in any case) is refused on the name.
 */
export async function createPriceBook(db: Db, options: { actor: Actor; sellerId: string; input: { name: string; currency: string } }): Promise<PriceBook> {
  const { actor } = options;
  const input = parseInput(priceBookInputSchema, options.input);
  const taken = () => fieldError("name", `There is already a price book named “${input.name}”.`, "NAME_TAKEN");
  try {
    return await db.$transaction(async (tx) => {
      const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
      if (await tx.priceBook.findFirst({ where: { accountId: seller.id, name: equalsTextIgnoringCase(input.name) }, select: { id: true } })) throw taken();
      const hasDefault = (await tx.priceBook.count({ where: { accountId: seller.id, defaultKey: { not: null } } })) > 0;
      const book = await tx.priceBook.create({
        data: { accountId: seller.id, name: input.name, currency: input.currency, defaultKey: hasDefault ? null : seller.id, createdBy: actor.email },
      });
      await recordAuditEvent(tx, actor, {
        accountId: seller.id,
        action: "price_book.created",
        objectType: "price_book",
        objectId: book.id,
        after: { name: book.name, currency: currencyLabel(book.currency), default: !hasDefault },
      });
      return book;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
