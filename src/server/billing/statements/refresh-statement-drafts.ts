import "server-only";
import { isoDateToDb } from "@/lib/dates";
import { CURRENCY } from "@/lib/money";
import type { Db } from "@/server/db";
import type { BuyerCharges, SellerAccount } from "../seller-charges";
import type { PartyInfo } from "./statement-parties";
import { insertStatementLines } from "./write-statement-lines";

/** A buyer's book, or the portal's currency with "No price book" when its seller has none for it. */
export function bookOfCharges(charges: BuyerCharges): { currency: string; name: string } {
  return charges.book ? { currency: charges.book.currency, name: charges.book.name } : { currency: CURRENCY, name: "No price book" };
}

/**
 * Writes the drafts of `month` for the buyers in `charges` (computed by computeSellerCharges for
 * the whole seller tree at once): each buyer with any line gets its (seller, buyer, month) row
 * upserted as DRAFT and its draft lines replaced; with `removeEmpty`, a draft whose buyer has
 * nothing to bill any more is removed. A statement already final is never touched: the upsert
 * only updates a row whose status is still DRAFT, and only the rows it wrote get new lines.
 * One transaction, a fixed number of statements (docs/money.md#statements). Returns the drafts written.
 */
export async function refreshStatementDrafts(
  db: Db,
  options: { seller: SellerAccount; month: string; charges: readonly BuyerCharges[]; parties: Map<string, PartyInfo>; now: Date; removeEmpty: boolean },
): Promise<number> {
  const { seller, month, now, parties } = options;
  const billed = [...options.charges].filter((charges) => charges.lines.length > 0).sort((a, b) => a.buyer.id.localeCompare(b.buyer.id));
  const empty = options.charges.filter((charges) => charges.lines.length === 0).map((charges) => charges.buyer.id);
  const sellerParty = parties.get(seller.id)!;
  const monthDate = isoDateToDb(`${month}-01`);
  return db.$transaction(
    async (tx) => {
      if (options.removeEmpty && empty.length > 0) {
        await tx.$executeRaw`
          DELETE FROM statements
          WHERE seller_account_id = ${seller.id}::uuid AND month = ${monthDate}::date AND status = 'DRAFT' AND account_id = ANY(${empty}::uuid[])`;
      }
      if (billed.length === 0) return 0;
      const column = <T>(read: (charges: BuyerCharges) => T) => billed.map(read);
      // Rows are locked in buyer id order, as finalizing locks them, so the two never deadlock.
      const written = await tx.$queryRaw<{ id: string; account_id: string }[]>`
        INSERT INTO statements (id, account_id, seller_account_id, month, status, currency, price_book_name, total_minor,
                                seller_name, seller_address, buyer_name, buyer_address, computed_at)
        SELECT gen_random_uuid(), u.account_id, ${seller.id}::uuid, ${monthDate}::date, 'DRAFT', u.currency, u.book, u.total::bigint,
               ${sellerParty.name}, ${sellerParty.address}, u.buyer_name, u.buyer_address, ${now}
        FROM unnest(${column((c) => c.buyer.id)}::uuid[], ${column((c) => bookOfCharges(c).currency)}::text[], ${column((c) => bookOfCharges(c).name)}::text[],
                    ${column((c) => c.totalMinor.toString())}::text[], ${column((c) => parties.get(c.buyer.id)!.name)}::text[],
                    ${column((c) => parties.get(c.buyer.id)!.address)}::text[])
             AS u(account_id, currency, book, total, buyer_name, buyer_address)
        ORDER BY u.account_id
        ON CONFLICT (seller_account_id, account_id, month) DO UPDATE
          SET currency = EXCLUDED.currency, price_book_name = EXCLUDED.price_book_name, total_minor = EXCLUDED.total_minor,
              seller_name = EXCLUDED.seller_name, seller_address = EXCLUDED.seller_address,
              buyer_name = EXCLUDED.buyer_name, buyer_address = EXCLUDED.buyer_address, computed_at = EXCLUDED.computed_at
          WHERE statements.status = 'DRAFT'
        RETURNING id, account_id`;
      if (written.length === 0) return 0;
      const statementOf = new Map(written.map((row) => [row.account_id, row.id]));
      await tx.$executeRaw`DELETE FROM statement_lines WHERE statement_id = ANY(${written.map((row) => row.id)}::uuid[]) AND version = 'DRAFT'`;
      await insertStatementLines(
        tx,
        "DRAFT",
        billed.filter((charges) => statementOf.has(charges.buyer.id)).map((charges) => ({ statementId: statementOf.get(charges.buyer.id)!, buyerId: charges.buyer.id, lines: charges.lines })),
      );
      return written.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
