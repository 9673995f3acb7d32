import "server-only";
import type { PriceKind } from "@/generated/prisma/enums";
import { dbDateToIso } from "@/lib/dates";
import { discountedPrice } from "@/lib/money";
import type { DbTx } from "@/server/db";

/** The price a buyer pays for a unit of a SKU in a month, and where it came from. */
export interface ResolvedPrice {
  unitPriceMinor: bigint;
  /** The book's price before a discount (equal to unitPriceMinor otherwise). */
  bookPriceMinor: bigint | null;
  basis: "book" | "override" | "discount";
  discountBp: number | null;
}

export interface BookRef {
  id: string;
  name: string;
  currency: string;
}

export interface PriceQuery {
  buyerId: string;
  sku: string;
  kind: PriceKind;
  /** "YYYY-MM" */
  month: string;
  /** LICENCE_YEAR: the licence's maximum APs or rooms (picks the tier); ignored otherwise. */
  units?: number;
}

/** A seller's prices for its buyers, loaded once and resolved in memory (docs/money.md#price-books). */
export interface SellerPricing {
  sellerId: string;
  /** The book a buyer is on: its own choice, else the seller's default; null when the seller has no book. */
  bookOf(buyerId: string): BookRef | null;
  priceFor(query: PriceQuery): ResolvedPrice | null;
}

interface PriceRow {
  sku: string;
  kind: PriceKind;
  minUnits: number;
  month: string;
  unitPriceMinor: number;
}

interface OverrideRow extends PriceRow {
  accountId: string;
  discountBp: number | null;
  price: number | null;
}

/** Loads `sellerId`'s books, the choice of each of `buyerIds` and their overrides: three queries. */
export async function loadSellerPricing(db: DbTx, options: { sellerId: string; buyerIds: string[] }): Promise<SellerPricing> {
  const { sellerId, buyerIds } = options;
  const [books, choices, overrides] = await Promise.all([
    db.priceBook.findMany({
      where: { accountId: sellerId },
      select: {
        id: true,
        name: true,
        currency: true,
        defaultKey: true,
        prices: { select: { sku: true, kind: true, minUnits: true, fromMonth: true, unitPriceMinor: true } },
      },
    }),
    db.buyerPricing.findMany({ where: { sellerAccountId: sellerId, accountId: { in: buyerIds } }, select: { accountId: true, priceBookId: true } }),
    db.priceOverride.findMany({
      where: { sellerAccountId: sellerId, accountId: { in: buyerIds } },
      select: { accountId: true, sku: true, kind: true, minUnits: true, fromMonth: true, unitPriceMinor: true, discountBp: true },
    }),
  ]);

  const bookById = new Map(books.map((book) => [book.id, book]));
  const defaultBook = books.find((book) => book.defaultKey !== null) ?? null;
  const choiceOf = new Map(choices.map((choice) => [choice.accountId, choice.priceBookId]));
  const pricesOf = new Map(
    books.map((book) => [
      book.id,
      book.prices.map((price) => ({ ...price, month: dbDateToIso(price.fromMonth).slice(0, 7) })),
    ]),
  );
  const overridesOf = new Map<string, OverrideRow[]>();
  for (const row of overrides) {
    const list = overridesOf.get(row.accountId) ?? [];
    list.push({ ...row, month: dbDateToIso(row.fromMonth).slice(0, 7), price: row.unitPriceMinor, unitPriceMinor: row.unitPriceMinor ?? 0 });
    overridesOf.set(row.accountId, list);
  }

  const bookOf = (buyerId: string) => {
    const book = bookById.get(choiceOf.get(buyerId) ?? "") ?? defaultBook;
    return book ? { id: book.id, name: book.name, currency: book.currency } : null;
  };

  return {
    sellerId,
    bookOf,
    priceFor(query) {
      const book = bookOf(query.buyerId);
      if (!book) return null;
      const own = overridesOf.get(query.buyerId) ?? [];
      // A SKU's own override (a price or a discount) wins over the every-SKU discount.
      const skuOverride = inForce(own.filter((row) => row.sku === query.sku), query);
      const bookPrice = inForce((pricesOf.get(book.id) ?? []).filter((row) => row.sku === query.sku), query);
      if (skuOverride?.price != null) {
        return { unitPriceMinor: BigInt(skuOverride.price), bookPriceMinor: bookPrice ? BigInt(bookPrice.unitPriceMinor) : null, basis: "override", discountBp: null };
      }
      if (!bookPrice) return null;
      const base = BigInt(bookPrice.unitPriceMinor);
      // The every-SKU discount of the query's kind (the override forms choose a kind for it too).
      const discount = skuOverride ?? inForce(own.filter((row) => row.sku === "*"), query);
      if (discount?.discountBp != null) {
        return { unitPriceMinor: discountedPrice(base, discount.discountBp), bookPriceMinor: base, basis: "discount", discountBp: discount.discountBp };
      }
      return { unitPriceMinor: base, bookPriceMinor: base, basis: "book", discountBp: null };
    },
  };
}

/**
 * The row in force for the query's month: same SKU (already filtered) and kind, for LICENCE_YEAR the
 * tier with the highest minimum at or below the units, then the latest month at or before it.
 */
function inForce<T extends PriceRow>(rows: T[], query: PriceQuery): T | null {
  const units = query.units ?? 0;
  let best: T | null = null;
  for (const row of rows) {
    if (row.kind !== query.kind) continue;
    if (row.month > query.month) continue;
    if (query.kind === "LICENCE_YEAR" && row.minUnits > units) continue;
    if (!best || row.minUnits > best.minUnits || (row.minUnits === best.minUnits && row.month > best.month)) best = row;
  }
  return best;
}
