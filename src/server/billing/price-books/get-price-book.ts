import "server-only";
import type { Account, PriceBook } from "@/generated/prisma/client";
import type { PriceKind } from "@/generated/prisma/enums";
import { dbDateToIso } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { POINTS_SERVICE_NAME, POINTS_SKU, POINTS_SKU_NAME } from "../points-sku";
import { getSellerInReach } from "./get-seller-in-reach";
import { withHistory, type InHistory } from "./price-history";
import { PRICE_KINDS } from "./price-kinds";
import { currentMonthOf } from "./pricing-months";

export interface PriceRow extends InHistory {
  id: string;
  sku: string;
  packageName: string;
  serviceName: string;
  kind: PriceKind;
  minUnits: number;
  /** "YYYY-MM" */
  month: string;
  unitPriceMinor: number;
}

/** One of the seller's books, found inside the seller (any other id is "not found"). */
export async function findSellerBook(db: DbTx, seller: Pick<Account, "id">, bookId: string): Promise<PriceBook> {
  if (!isUuid(bookId)) throw notFound("Price book");
  const book = await db.priceBook.findFirst({ where: { id: bookId, accountId: seller.id } });
  if (!book) throw notFound("Price book");
  return book;
}

/**
 * A price book with every price row, current and past (docs/money.md#price-books): by service,
 * package, kind and tier, the newest row of each first, each with its status in the seller's month.
 */
export async function getPriceBook(db: DbTx, options: { actor: Actor; sellerId: string; bookId: string; now?: Date }) {
  const seller = await getSellerInReach(db, options.actor, options.sellerId);
  const book = await findSellerBook(db, seller, options.bookId);
  const currentMonth = currentMonthOf(seller, options.now ?? new Date());
  const prices = await db.price.findMany({
    where: { priceBookId: book.id, accountId: seller.id },
    select: { id: true, sku: true, kind: true, minUnits: true, fromMonth: true, unitPriceMinor: true },
  });
  const packages = await db.package.findMany({
    where: { sku: { in: [...new Set(prices.map((price) => price.sku))] } },
    select: { sku: true, name: true, service: { select: { name: true } } },
  });
  const packageOf = new Map(packages.map((pkg) => [pkg.sku, pkg]));
  // Points are no package: the book names them as the price forms do.
  packageOf.set(POINTS_SKU, { sku: POINTS_SKU, name: POINTS_SKU_NAME, service: { name: POINTS_SERVICE_NAME } });
  const rows: PriceRow[] = withHistory(
    prices.map((price) => ({
      id: price.id.toString(),
      sku: price.sku,
      packageName: packageOf.get(price.sku)?.name ?? price.sku,
      serviceName: packageOf.get(price.sku)?.service.name ?? "",
      kind: price.kind,
      minUnits: price.minUnits,
      month: dbDateToIso(price.fromMonth).slice(0, 7),
      unitPriceMinor: price.unitPriceMinor,
    })),
    currentMonth,
  );
  rows.sort(
    (a, b) =>
      a.serviceName.localeCompare(b.serviceName) ||
      a.sku.localeCompare(b.sku) ||
      PRICE_KINDS.indexOf(a.kind) - PRICE_KINDS.indexOf(b.kind) ||
      a.minUnits - b.minUnits ||
      b.month.localeCompare(a.month),
  );
  return { seller, book: { id: book.id, name: book.name, currency: book.currency, isDefault: book.defaultKey !== null }, currentMonth, rows };
}
