import "server-only";
import type { Account } from "@/generated/prisma/client";
import type { PriceKind } from "@/generated/prisma/enums";
import { dbDateToIso } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getSellerInReach } from "./get-seller-in-reach";
import { EVERY_SKU } from "./price-book-input";
import { withHistory, type InHistory } from "./price-history";
import { PRICE_KINDS } from "./price-kinds";
import { currentMonthOf } from "./pricing-months";
import { POINTS_SKU, POINTS_SKU_NAME } from "../points-sku";

/** A buyer of the seller: one of its direct children (docs/money.md#sellers-and-buyers); any other id is "not found". */
export async function findBuyer(db: DbTx, seller: Pick<Account, "id">, buyerId: string): Promise<Account> {
  if (!isUuid(buyerId)) throw notFound("Buyer");
  const buyer = await db.account.findFirst({ where: { id: buyerId, parentId: seller.id } });
  if (!buyer) throw notFound("Buyer");
  return buyer;
}

/** The book a buyer is on with its seller: its own choice, else the seller's default (null: the seller has none). */
export async function findBuyerBook(db: DbTx, sellerId: string, buyerId: string): Promise<{ id: string; name: string; currency: string } | null> {
  const select = { id: true, name: true, currency: true } as const;
  const choice = await db.buyerPricing.findFirst({ where: { accountId: buyerId, sellerAccountId: sellerId }, select: { priceBook: { select } } });
  return choice?.priceBook ?? (await db.priceBook.findFirst({ where: { accountId: sellerId, defaultKey: { not: null } }, select }));
}

export interface OverrideRow extends InHistory {
  id: string;
  /** "*" for every SKU. */
  sku: string;
  packageName: string | null;
  kind: PriceKind;
  minUnits: number;
  month: string;
  unitPriceMinor: number | null;
  discountBp: number | null;
}

/**
 * What a seller charges one buyer (docs/money.md#price-books): the book it is on (its own choice or
 * the default), the seller's books to choose from, and its overrides with their history.
 */
export async function getBuyerPricing(db: DbTx, options: { actor: Actor; sellerId: string; buyerId: string; now?: Date }) {
  const seller = await getSellerInReach(db, options.actor, options.sellerId);
  const buyer = await findBuyer(db, seller, options.buyerId);
  const currentMonth = currentMonthOf(seller, options.now ?? new Date());
  const [books, choice, overrides] = await Promise.all([
    db.priceBook.findMany({ where: { accountId: seller.id }, select: { id: true, name: true, currency: true, defaultKey: true }, orderBy: { name: "asc" } }),
    db.buyerPricing.findFirst({ where: { accountId: buyer.id, sellerAccountId: seller.id }, select: { priceBookId: true } }),
    db.priceOverride.findMany({
      where: { accountId: buyer.id, sellerAccountId: seller.id },
      select: { id: true, sku: true, kind: true, minUnits: true, fromMonth: true, unitPriceMinor: true, discountBp: true },
    }),
  ]);
  const packages = await db.package.findMany({ where: { sku: { in: overrides.map((row) => row.sku) } }, select: { sku: true, name: true } });
  const packageName = new Map([...packages.map((pkg) => [pkg.sku, pkg.name] as const), [POINTS_SKU, POINTS_SKU_NAME] as const]);
  const defaultBook = books.find((book) => book.defaultKey !== null) ?? null;
  const ownBook = books.find((book) => book.id === choice?.priceBookId) ?? null;
  const rows: OverrideRow[] = withHistory(
    overrides.map((row) => ({
      id: row.id.toString(),
      sku: row.sku,
      packageName: row.sku === EVERY_SKU ? null : (packageName.get(row.sku) ?? row.sku),
      kind: row.kind,
      minUnits: row.minUnits,
      month: dbDateToIso(row.fromMonth).slice(0, 7),
      unitPriceMinor: row.unitPriceMinor,
      discountBp: row.discountBp,
    })),
    currentMonth,
  );
  // Every-SKU discounts first, then by SKU, kind and tier, the newest row of each first.
  rows.sort(
    (a, b) =>
      Number(b.sku === EVERY_SKU) - Number(a.sku === EVERY_SKU) ||
      a.sku.localeCompare(b.sku) ||
      PRICE_KINDS.indexOf(a.kind) - PRICE_KINDS.indexOf(b.kind) ||
      a.minUnits - b.minUnits ||
      b.month.localeCompare(a.month),
  );
  const view = (book: (typeof books)[number] | null) => (book ? { id: book.id, name: book.name, currency: book.currency } : null);
  return {
    seller,
    buyer,
    currentMonth,
    books: books.map((book) => ({ ...view(book)!, isDefault: book.defaultKey !== null })),
    defaultBook: view(defaultBook),
    ownBook: view(ownBook),
    book: view(ownBook ?? defaultBook),
    overrides: rows,
  };
}
