import "server-only";
import { isoDateToDb } from "@/lib/dates";
import type { Db } from "@/server/db";
import type { BuyerCharges, SellerAccount } from "../seller-charges";
import { bookOfCharges } from "./refresh-statement-drafts";
import { renderStatementFiles } from "./render-statement-files";
import type { StatementDocument } from "./statement-document";
import type { PartyInfo } from "./statement-parties";
import { insertStatementLines } from "./write-statement-lines";
import { recordWebhookEvents } from "@/server/webhook-outbox/record-webhook-event";

/** Buyers finalized per transaction: a crash loses at most one batch, which the next run redoes. */
const BUYERS_PER_TRANSACTION = 50;

/** `BW-2026-00042`: the seller's prefix, the statement month's year, the number in that year (5 digits or more). */
export function statementNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, "0")}`;
}

/**
 * Makes the statements of `month` final for the buyers in `charges` (recomputed from the month's
 * final data), exactly once (docs/money.md#statements). Per batch of buyers, in one transaction:
 * the (seller, buyer, month) rows are made to exist (a month that had no draft gets one), those
 * still DRAFT are locked in buyer id order, the seller's next numbers of the month's year are
 * taken in one upsert of statement_sequences, each row turns FINAL by an update conditional on
 * status = 'DRAFT' (with the names and addresses of the moment and the last draft's total), its
 * final lines are written beside the last draft's, and its PDF, xlsx and CSV are rendered and
 * stored with their SHA-256. A concurrent run waits on the row locks, then finds nothing DRAFT
 * and takes no number; a crash rolls the batch back whole. Buyers with nothing to bill get no
 * statement (a draft of theirs is removed). Returns the statements made final.
 */
export async function finalizeStatements(
  db: Db,
  options: { seller: SellerAccount; month: string; charges: readonly BuyerCharges[]; parties: Map<string, PartyInfo>; now: Date },
): Promise<number> {
  const { seller, month, now, parties } = options;
  const monthDate = isoDateToDb(`${month}-01`);
  const empty = options.charges.filter((charges) => charges.lines.length === 0).map((charges) => charges.buyer.id);
  if (empty.length > 0) {
    await db.$executeRaw`
      DELETE FROM statements
      WHERE seller_account_id = ${seller.id}::uuid AND month = ${monthDate}::date AND status = 'DRAFT' AND account_id = ANY(${empty}::uuid[])`;
  }
  // Batches in buyer name order, so numbers follow the names across batches too; each batch locks its rows in id order.
  const nameOf = (charges: BuyerCharges) => parties.get(charges.buyer.id)!.name;
  const billed = options.charges
    .filter((charges) => charges.lines.length > 0)
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.buyer.id.localeCompare(b.buyer.id));
  let finalized = 0;
  for (let start = 0; start < billed.length; start += BUYERS_PER_TRANSACTION) {
    const batch = billed.slice(start, start + BUYERS_PER_TRANSACTION);
    finalized += await db.$transaction((tx) => finalizeBatch(tx, { seller, month, monthDate, batch, parties, now }), { timeout: 300_000, maxWait: 60_000 });
  }
  return finalized;
}

async function finalizeBatch(
  tx: Parameters<Parameters<Db["$transaction"]>[0]>[0],
  options: { seller: SellerAccount; month: string; monthDate: Date; batch: BuyerCharges[]; parties: Map<string, PartyInfo>; now: Date },
): Promise<number> {
  const { seller, month, monthDate, batch, parties, now } = options;
  const sellerParty = parties.get(seller.id)!;
  const ids = batch.map((charges) => charges.buyer.id);
  // A month that never had a draft (the daily run did not run while it was open) gets its row now.
  const created = await tx.$queryRaw<{ account_id: string }[]>`
    INSERT INTO statements (id, account_id, seller_account_id, month, status, currency, price_book_name, total_minor,
                            seller_name, seller_address, buyer_name, buyer_address, computed_at)
    SELECT gen_random_uuid(), u.account_id, ${seller.id}::uuid, ${monthDate}::date, 'DRAFT', '', '', 0, '', '', '', '', ${now}
    FROM unnest(${ids}::uuid[]) AS u(account_id)
    ORDER BY u.account_id
    ON CONFLICT (seller_account_id, account_id, month) DO NOTHING
    RETURNING account_id`;
  const withoutDraft = new Set(created.map((row) => row.account_id));
  const drafts = await tx.$queryRaw<{ id: string; account_id: string }[]>`
    SELECT id, account_id FROM statements
    WHERE seller_account_id = ${seller.id}::uuid AND month = ${monthDate}::date AND account_id = ANY(${ids}::uuid[]) AND status = 'DRAFT'
    ORDER BY account_id
    FOR UPDATE`;
  if (drafts.length === 0) return 0;

  // Numbers in buyer name order.
  const chargesOf = new Map(batch.map((charges) => [charges.buyer.id, charges]));
  const rows = drafts
    .map((draft) => ({ ...draft, charges: chargesOf.get(draft.account_id)!, buyer: parties.get(draft.account_id)! }))
    .sort((a, b) => a.buyer.name.localeCompare(b.buyer.name) || a.account_id.localeCompare(b.account_id));
  const year = Number(month.slice(0, 4));
  const [sequence] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO statement_sequences (account_id, year, last) VALUES (${seller.id}::uuid, ${year}, ${rows.length})
    ON CONFLICT (account_id, year) DO UPDATE SET last = statement_sequences.last + EXCLUDED.last
    RETURNING last`;
  const firstNumber = sequence!.last - rows.length + 1;
  const numbered = rows.map((row, index) => ({ ...row, number: statementNumber(sellerParty.prefix, year, firstNumber + index), book: bookOfCharges(row.charges) }));

  const column = <T>(read: (row: (typeof numbered)[number]) => T) => numbered.map(read);
  const updated = await tx.$executeRaw`
    UPDATE statements s
    SET status = 'FINAL', number = u.number, currency = u.currency, price_book_name = u.book, total_minor = u.total::bigint,
        draft_total_minor = CASE WHEN u.had_draft THEN s.total_minor END,
        seller_name = ${sellerParty.name}, seller_address = ${sellerParty.address}, buyer_name = u.buyer_name, buyer_address = u.buyer_address,
        computed_at = ${now}, finalized_at = ${now}
    FROM unnest(${column((row) => row.id)}::uuid[], ${column((row) => row.number)}::text[], ${column((row) => row.book.currency)}::text[],
                ${column((row) => row.book.name)}::text[], ${column((row) => row.charges.totalMinor.toString())}::text[],
                ${column((row) => !withoutDraft.has(row.account_id))}::boolean[], ${column((row) => row.buyer.name)}::text[],
                ${column((row) => row.buyer.address)}::text[])
         AS u(id, number, currency, book, total, had_draft, buyer_name, buyer_address)
    WHERE s.id = u.id AND s.status = 'DRAFT'`;
  if (updated !== numbered.length) throw new Error(`finalizing ${seller.id} ${month}: ${updated} of ${numbered.length} drafts turned final`);

  await insertStatementLines(
    tx,
    "FINAL",
    numbered.map((row) => ({ statementId: row.id, buyerId: row.account_id, lines: row.charges.lines })),
  );
  const files = [];
  for (const row of numbered) {
    const document: StatementDocument = {
      status: "FINAL",
      number: row.number,
      month,
      currency: row.book.currency,
      priceBookName: row.book.name,
      seller: { name: sellerParty.name, address: sellerParty.address },
      buyer: { name: row.buyer.name, address: row.buyer.address },
      lines: row.charges.lines.map((line, index) => ({ ...line, position: index + 1, lineKey: line.key })),
      totalMinor: row.charges.totalMinor,
      issuedAt: now,
    };
    for (const file of await renderStatementFiles(document)) {
      files.push({ statementId: row.id, accountId: row.account_id, format: file.format, bytes: new Uint8Array(file.bytes), sha256: file.sha256, createdAt: now });
    }
  }
  await tx.statementFile.createMany({ data: files });
  await recordWebhookEvents(
    tx,
    numbered.map((row) => ({
      accountId: row.account_id,
      type: "statement.finalized" as const,
      data: {
        id: row.id,
        number: row.number,
        month,
        sellerAccountId: seller.id,
        accountId: row.account_id,
        currency: row.book.currency,
        totalMinor: Number(row.charges.totalMinor),
        lines: row.charges.lines.length,
      },
      now,
    })),
  );
  return numbered.length;
}
