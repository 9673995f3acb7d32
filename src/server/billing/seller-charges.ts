import "server-only";
import type { DbTx } from "@/server/db";
import { computeChargeLines, type ChargeAccount, type ChargeLine } from "./charge-lines";
import { loadSellerPricing, type BookRef, type SellerPricing } from "./seller-pricing";

export interface SellerAccount {
  id: string;
  name: string;
  kind: "DISTRIBUTOR" | "MSSP" | "CUSTOMER";
  path: string;
}

/** Each buyer of a seller with what it owes for the month (docs/money.md#sellers-and-buyers). */
export interface BuyerCharges {
  buyer: ChargeAccount & { path: string };
  book: BookRef | null;
  lines: ChargeLine[];
  totalMinor: bigint;
}

/** Whether an account sells to the accounts below it: distributors and MSSPs do, customers do not. */
export const isSeller = (kind: string): boolean => kind === "DISTRIBUTOR" || kind === "MSSP";

/** The direct child of `sellerPath` whose tree holds the account at `path` (its buyer). */
export function buyerIdOf(sellerPath: string, path: string): string {
  return path.slice(sellerPath.length).split("/")[0]!;
}

/**
 * What every buyer of `seller` (or those of `buyerIds`) owes it for `month`: each buyer's whole tree
 * priced at the seller's prices for that buyer, in one pass over the seller's tree.
 */
export async function computeSellerCharges(
  db: DbTx,
  options: { seller: SellerAccount; month: string; now: Date; buyerIds?: string[]; pricing?: SellerPricing },
): Promise<BuyerCharges[]> {
  const { seller, month, now } = options;
  const tree = await db.account.findMany({
    where: { path: { startsWith: seller.path }, NOT: { id: seller.id } },
    select: { id: true, name: true, billingTimezone: true, path: true, parentId: true },
    orderBy: { name: "asc" },
  });
  const wanted = options.buyerIds ? new Set(options.buyerIds) : null;
  const accounts = tree.filter((account) => !wanted || wanted.has(buyerIdOf(seller.path, account.path)));
  const buyers = accounts.filter((account) => account.parentId === seller.id);
  const pathOf = new Map(accounts.map((account) => [account.id, account.path]));
  const pricing = options.pricing ?? (await loadSellerPricing(db, { sellerId: seller.id, buyerIds: buyers.map((buyer) => buyer.id) }));
  const lines = await computeChargeLines(db, {
    pricing,
    accounts,
    buyerOf: (accountId) => buyerIdOf(seller.path, pathOf.get(accountId)!),
    month,
    now,
    withPoolOrders: seller.kind === "DISTRIBUTOR",
  });
  const byBuyer = new Map<string, ChargeLine[]>();
  for (const line of lines) byBuyer.set(line.buyerId, [...(byBuyer.get(line.buyerId) ?? []), line]);
  return buyers.map((buyer) => {
    const own = byBuyer.get(buyer.id) ?? [];
    return { buyer, book: pricing.bookOf(buyer.id), lines: own, totalMinor: own.reduce((sum, line) => sum + line.amountMinor, 0n) };
  });
}
