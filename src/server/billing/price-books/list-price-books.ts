import "server-only";
import type { Account } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getSellerInReach } from "./get-seller-in-reach";
import { currentMonthOf, monthToDb } from "./pricing-months";

export interface PriceBookRow {
  id: string;
  name: string;
  currency: string;
  isDefault: boolean;
  /** SKU, kind and tier combinations with a price in force this month. */
  priceCount: number;
  /** Buyers on the book: those who chose it, and for the default book every buyer without a choice. */
  buyerCount: number;
}

export interface PriceBookList {
  seller: Account;
  currentMonth: string;
  books: PriceBookRow[];
  buyerCount: number;
}

/**
 * A seller's price books, the default first then by name (a seller keeps a handful). Four queries
 * whatever the number of buyers: books, their prices, buyers' choices counted per book, buyers counted.
 */
export async function listPriceBooks(db: DbTx, options: { actor: Actor; sellerId: string; now?: Date }): Promise<PriceBookList> {
  const seller = await getSellerInReach(db, options.actor, options.sellerId);
  const currentMonth = currentMonthOf(seller, options.now ?? new Date());
  const [books, prices, choices, buyerCount] = await Promise.all([
    db.priceBook.findMany({ where: { accountId: seller.id }, select: { id: true, name: true, currency: true, defaultKey: true }, orderBy: { name: "asc" } }),
    db.price.findMany({
      where: { accountId: seller.id, fromMonth: { lte: monthToDb(currentMonth) } },
      select: { priceBookId: true, sku: true, kind: true, minUnits: true },
      distinct: ["priceBookId", "sku", "kind", "minUnits"],
    }),
    db.buyerPricing.groupBy({ by: ["priceBookId"], where: { sellerAccountId: seller.id }, _count: { _all: true } }),
    db.account.count({ where: { parentId: seller.id } }),
  ]);
  const chosen = new Map(choices.map((row) => [row.priceBookId, row._count._all]));
  const chosenTotal = choices.reduce((sum, row) => sum + row._count._all, 0);
  const rows = books.map((book) => {
    const isDefault = book.defaultKey !== null;
    return {
      id: book.id,
      name: book.name,
      currency: book.currency,
      isDefault,
      priceCount: prices.filter((price) => price.priceBookId === book.id).length,
      buyerCount: (chosen.get(book.id) ?? 0) + (isDefault ? buyerCount - chosenTotal : 0),
    };
  });
  rows.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  return { seller, currentMonth, books: rows, buyerCount };
}
