import "server-only";
import type { Price } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { isUniqueViolation } from "@/lib/errors";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import { formatMoney } from "@/lib/money";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { findSellerBook } from "./get-price-book";
import { getSellerInReach } from "./get-seller-in-reach";
import { fieldError, parseInput, priceInputSchema } from "./price-book-input";
import { assertSoldKind } from "./assert-sold-kind";
import { parsePrice, priceKeyLabel, rowInForce, tierLabel } from "./price-history";
import { assertOpenMonth, monthLabel, monthToDb } from "./pricing-months";

export interface PriceInput {
  sku: string;
  kind: string;
  minUnits?: number | string;
  /** As typed, in the book's currency: "12.50". */
  unitPrice: string;
  /** "YYYY-MM" */
  fromMonth: string;
}

/**
 * Adds a price to a book from a month on (docs/money.md#price-books): a new row, never an edit, so
 * the price in force before stays as history. Refused with the field named and nothing written: a
 * SKU the seller does not sell or a kind its service is not billed in, a negative or malformed
 * price, a month before the seller's current month or already final, and a second price for the
 * same SKU, kind, tier and month.
 */
export async function addPrice(db: Db, options: { actor: Actor; sellerId: string; bookId: string; input: PriceInput; now?: Date }): Promise<Price> {
  const { actor } = options;
  const input = parseInput(priceInputSchema, options.input);
  const now = options.now ?? new Date();
  const key = { sku: input.sku, kind: input.kind, minUnits: input.minUnits };
  const duplicate = (bookName: string) =>
    fieldError("fromMonth", `${bookName} already has a price for ${priceKeyLabel(key)} from ${monthLabel(input.fromMonth)}. Choose another month.`, "PRICE_EXISTS");
  let bookName = "This book";
  try {
    return await db.$transaction(async (tx) => {
      const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
      const book = await findSellerBook(tx, seller, options.bookId);
      bookName = book.name;
      const sold = await assertSoldKind(tx, seller, key);
      const unitPriceMinor = parsePrice(input.unitPrice, book.currency);
      await assertOpenMonth(tx, seller, input.fromMonth, now);

      const earlier = (
        await tx.price.findMany({ where: { priceBookId: book.id, ...key }, select: { fromMonth: true, unitPriceMinor: true } })
      ).map((row) => ({ ...key, month: dbDateToIso(row.fromMonth).slice(0, 7), unitPriceMinor: row.unitPriceMinor }));
      if (earlier.some((row) => row.month === input.fromMonth)) throw duplicate(book.name);
      const replaced = rowInForce(earlier, key, input.fromMonth);

      const price = await tx.price.create({
        data: { accountId: seller.id, priceBookId: book.id, ...key, fromMonth: monthToDb(input.fromMonth), unitPriceMinor, createdBy: actor.email },
      });
      await recordAuditEvent(tx, actor, {
        accountId: seller.id,
        action: "price.added",
        objectType: "price",
        objectId: price.id.toString(),
        before: replaced ? { unitPrice: formatMoney(replaced.unitPriceMinor, book.currency), fromMonth: monthLabel(replaced.month) } : undefined,
        after: {
          priceBook: book.name,
          sku: sold.sku,
          package: sold.name,
          pricePer: PRICE_KIND_LABEL[key.kind],
          ...(key.kind === "LICENCE_YEAR" ? { tier: tierLabel(key) } : {}),
          unitPrice: formatMoney(unitPriceMinor, book.currency),
          fromMonth: monthLabel(input.fromMonth),
        },
      });
      return price;
    });
  } catch (error) {
    // Two people adding the same price at once: the loser's insert meets the unique key.
    if (isUniqueViolation(error)) throw duplicate(bookName);
    throw error;
  }
}
