import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import type { Db } from "@/server/db";
import { buyerIdOf, computeSellerCharges, type SellerAccount } from "../seller-charges";
import { finalizeStatements } from "./finalize-statements";
import { refreshStatementDrafts } from "./refresh-statement-drafts";
import { addMonths, buyerClocks, notRolledUp, type BuyerClock, type TreeAccount } from "./statement-months";
import { loadParties } from "./statement-parties";

/** Final months looked at besides those with a draft: the latest final one and the two before it. */
export const CATCH_UP_MONTHS = 3;

export interface StatementsRun {
  statementsDrafted: number;
  statementsFinalized: number;
}

/**
 * The daily run's statements (docs/money.md#statements), for every seller with prices (or those
 * of `sellerIds`): first the months that became final for a buyer get their final statement,
 * then the drafts of the open months are recomputed — one computation of the seller's whole tree
 * per month, whatever the number of buyers. Idempotent: run again, it finalizes nothing twice
 * and rewrites the same drafts.
 */
export async function runStatements(db: Db, options: { now: Date; sellerIds?: string[] }): Promise<StatementsRun> {
  const sellers = await db.$queryRaw<(SellerAccount & { first_month: Date })[]>`
    SELECT a.id, a.name, a.kind::text AS kind, a.path, f.first_month
    FROM accounts a
    JOIN (
      SELECT account_id, min(from_month) AS first_month FROM (
        SELECT account_id, from_month FROM prices
        UNION ALL
        SELECT seller_account_id, from_month FROM price_overrides
      ) m GROUP BY account_id
    ) f ON f.account_id = a.id
    WHERE a.kind IN ('DISTRIBUTOR', 'MSSP') AND EXISTS (SELECT 1 FROM price_books b WHERE b.account_id = a.id)
      ${options.sellerIds ? Prisma.sql`AND a.id = ANY(${options.sellerIds}::uuid[])` : Prisma.empty}
    ORDER BY a.path`;
  const run: StatementsRun = { statementsDrafted: 0, statementsFinalized: 0 };
  for (const seller of sellers) {
    const done = await runSellerStatements(db, { seller, firstMonth: dbDateToIso(seller.first_month).slice(0, 7), now: options.now });
    run.statementsDrafted += done.statementsDrafted;
    run.statementsFinalized += done.statementsFinalized;
  }
  return run;
}

/** One seller: which (buyer, month) is due for what, then one computation per month. */
export async function runSellerStatements(db: Db, options: { seller: SellerAccount; firstMonth: string; now: Date }): Promise<StatementsRun> {
  const { seller, firstMonth, now } = options;
  const tree: TreeAccount[] = await db.account.findMany({
    where: { path: { startsWith: seller.path }, NOT: { id: seller.id } },
    select: { id: true, name: true, path: true, parentId: true, billingTimezone: true },
  });
  const buyerOf = (account: TreeAccount) => buyerIdOf(seller.path, account.path);
  const clocks = buyerClocks(tree, buyerOf, now);
  const buyerIds = [...clocks.keys()];
  if (buyerIds.length === 0) return { statementsDrafted: 0, statementsFinalized: 0 };

  // What exists: every draft, and the final statements of the catch-up window.
  const earliestWindow = [...clocks.values()].map((clock) => addMonths(clock.firstOpenMonth, -CATCH_UP_MONTHS)).sort()[0]!;
  const existing = await db.statement.findMany({
    where: { sellerAccountId: seller.id, OR: [{ status: "DRAFT" }, { month: { gte: new Date(`${earliestWindow}-01T00:00:00Z`) } }] },
    select: { accountId: true, month: true, status: true },
  });
  const finals = new Set(existing.filter((s) => s.status === "FINAL").map((s) => `${s.accountId}|${dbDateToIso(s.month).slice(0, 7)}`));
  const draftMonths = new Map<string, string[]>();
  for (const s of existing.filter((row) => row.status === "DRAFT")) {
    draftMonths.set(s.accountId, [...(draftMonths.get(s.accountId) ?? []), dbDateToIso(s.month).slice(0, 7)]);
  }

  // Per month: the buyers to finalize and those whose draft to refresh.
  const due = new Map<string, { final: Set<string>; open: Set<string> }>();
  const add = (month: string, kind: "final" | "open", buyerId: string) => {
    const entry = due.get(month) ?? { final: new Set<string>(), open: new Set<string>() };
    entry[kind].add(buyerId);
    due.set(month, entry);
  };
  const finalCandidates: { buyerId: string; month: string }[] = [];
  for (const [buyerId, clock] of clocks) {
    for (const month of finalMonthsToLookAt(clock, draftMonths.get(buyerId) ?? [])) {
      if (month >= firstMonth && !finals.has(`${buyerId}|${month}`)) finalCandidates.push({ buyerId, month });
    }
    for (let month = clock.firstOpenMonth; month <= clock.currentMonth; month = addMonths(month, 1)) {
      if (month >= firstMonth) add(month, "open", buyerId);
    }
  }
  // A month whose roll-up has not happened for some account of the tree stays a draft.
  const candidateBuyers = new Set(finalCandidates.map((candidate) => candidate.buyerId));
  const held = await notRolledUp(
    db,
    tree.filter((account) => candidateBuyers.has(buyerOf(account))).map((account) => account.id),
    [...new Set(finalCandidates.map((candidate) => candidate.month))],
  );
  const pathOf = new Map(tree.map((account) => [account.id, account.path]));
  const heldBuyerMonths = new Set(
    [...held].map((key) => {
      const [accountId, month] = key.split("|") as [string, string];
      return `${buyerIdOf(seller.path, pathOf.get(accountId)!)}|${month}`;
    }),
  );
  for (const { buyerId, month } of finalCandidates) add(month, heldBuyerMonths.has(`${buyerId}|${month}`) ? "open" : "final", buyerId);

  const parties = await loadParties(db, [seller.id, ...buyerIds]);
  const run: StatementsRun = { statementsDrafted: 0, statementsFinalized: 0 };
  for (const month of [...due.keys()].sort()) {
    const { final, open } = due.get(month)!;
    const charges = await computeSellerCharges(db, { seller, month, now, buyerIds: [...final, ...open] });
    if (final.size > 0) {
      run.statementsFinalized += await finalizeStatements(db, { seller, month, charges: charges.filter((c) => final.has(c.buyer.id)), parties, now });
    }
    if (open.size > 0) {
      run.statementsDrafted += await refreshStatementDrafts(db, { seller, month, charges: charges.filter((c) => open.has(c.buyer.id)), parties, now, removeEmpty: true });
    }
  }
  return run;
}

/** The final months of a buyer to make sure of: its latest final months (the catch-up window) and any month left as a draft. */
function finalMonthsToLookAt(clock: BuyerClock, draftMonths: string[]): string[] {
  const window = Array.from({ length: CATCH_UP_MONTHS }, (_, index) => addMonths(clock.firstOpenMonth, -1 - index));
  return [...new Set([...window, ...draftMonths.filter((month) => month < clock.firstOpenMonth)])];
}
