import "server-only";
import type { DbTx } from "@/server/db";
import { isSeller } from "../seller-charges";
import { loadSellerPricing, type BookRef } from "../seller-pricing";

/** The book an account pays from: its parent's book for it; null without a selling parent or a book. */
export async function accountBookOf(db: DbTx, account: { id: string; parentId: string | null }): Promise<BookRef | null> {
  if (!account.parentId) return null;
  const parent = await db.account.findUnique({ where: { id: account.parentId }, select: { id: true, kind: true } });
  if (!parent || !isSeller(parent.kind)) return null;
  const pricing = await loadSellerPricing(db, { sellerId: parent.id, buyerIds: [account.id] });
  return pricing.bookOf(account.id);
}
