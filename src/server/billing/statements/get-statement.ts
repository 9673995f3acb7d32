import "server-only";
import type { Statement, StatementFormat, StatementStatus } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";
import type { Db, DbTx } from "@/server/db";
import { computeSellerCharges, type SellerAccount } from "../seller-charges";
import type { StatementDirection } from "./list-statements";
import { refreshStatementDrafts } from "./refresh-statement-drafts";
import { renderStatementFile, STATEMENT_FILE_TYPES } from "./render-statement-files";
import { statementChanges, type StatementChanges } from "./statement-changes";
import { statementFileName, type StatementDocument, type StatementDocumentLine } from "./statement-document";
import { loadParties } from "./statement-parties";

export interface StatementView {
  id: string;
  direction: StatementDirection;
  document: StatementDocument;
  computedAt: Date;
  finalizedAt: Date | null;
  /** A final statement: its last draft's total, and what changed since (null when it never had a draft). */
  draftTotalMinor: bigint | null;
  changes: StatementChanges | null;
}

/**
 * The statement `statementId` as seen from the account `accountId` (docs/money.md#statements). Reach
 * inside the query: the account must be in the caller's reach, and the statement must name it as
 * its seller or its buyer — anything else (another tenant's, or the one the account's seller
 * receives from above) is NOT_FOUND exactly like a missing id.
 */
async function findStatement(db: DbTx, actor: Actor, accountId: string, statementId: string): Promise<{ statement: Statement; direction: StatementDirection }> {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "usage:read", account);
  if (!isUuid(statementId)) throw notFound("Statement");
  const statement = await db.statement.findFirst({ where: { id: statementId, OR: [{ accountId: account.id }, { sellerAccountId: account.id }] } });
  if (!statement) throw notFound("Statement");
  return { statement, direction: statement.sellerAccountId === account.id ? "issued" : "received" };
}

/**
 * A draft computed this recently is shown as it is: the page and the downloads that follow it show
 * the same figures, and reloading does not recompute a large tree again and again.
 */
export const DRAFT_FRESH_MS = 60_000;

/** Recomputes one draft from today's data (opening a draft does), unless it was computed within DRAFT_FRESH_MS. */
async function recomputeDraft(db: Db, statement: Statement, now: Date): Promise<void> {
  if (statement.status !== "DRAFT" || now.getTime() - statement.computedAt.getTime() < DRAFT_FRESH_MS) return;
  const seller = await db.account.findUniqueOrThrow({ where: { id: statement.sellerAccountId }, select: { id: true, name: true, kind: true, path: true } });
  const month = dbDateToIso(statement.month).slice(0, 7);
  const charges = await computeSellerCharges(db, { seller: seller as SellerAccount, month, now, buyerIds: [statement.accountId] });
  const parties = await loadParties(db, [seller.id, statement.accountId]);
  await refreshStatementDrafts(db, { seller: seller as SellerAccount, month, charges, parties, now, removeEmpty: false });
}

async function linesOf(db: DbTx, statementId: string, version: StatementStatus): Promise<StatementDocumentLine[]> {
  const lines = await db.statementLine.findMany({ where: { statementId, version }, orderBy: { position: "asc" } });
  return lines.map((line) => ({
    position: line.position,
    usageAccountId: line.usageAccountId,
    usageAccountName: line.usageAccountName,
    serviceName: line.serviceName,
    sku: line.sku,
    description: line.description,
    quantityE4: line.quantityE4,
    unit: line.unit,
    unitPriceMinor: line.unitPriceMinor,
    amountMinor: line.amountMinor,
    correctsMonth: line.correctsMonth ? dbDateToIso(line.correctsMonth).slice(0, 7) : null,
    note: line.note,
    lineKey: line.lineKey,
  }));
}

/** The stored statement as its files show it: a final one exactly as it was finalized. */
function documentOf(statement: Statement, lines: StatementDocumentLine[]): StatementDocument {
  return {
    status: statement.status,
    number: statement.number,
    month: dbDateToIso(statement.month).slice(0, 7),
    currency: statement.currency,
    priceBookName: statement.priceBookName,
    seller: { name: statement.sellerName, address: statement.sellerAddress },
    buyer: { name: statement.buyerName, address: statement.buyerAddress },
    lines,
    totalMinor: statement.totalMinor,
    issuedAt: statement.finalizedAt ?? statement.computedAt,
  };
}

/**
 * A statement by id alone (the API's read, docs/api.md#statements): found when its buyer is in the
 * caller's reach (its seller then is too, or is the account the caller's reach hangs from), and
 * read as its buyer sees it. Anything else is NOT_FOUND exactly like a missing id.
 */
export async function getStatementInReach(db: Db, options: { actor: Actor; statementId: string; now: Date }): Promise<StatementView & { sellerAccountId: string; buyerAccountId: string }> {
  if (!isUuid(options.statementId)) throw notFound("Statement");
  const found = await db.statement.findFirst({
    where: { id: options.statementId, account: reachableAccountWhere(options.actor.grants) },
    select: { accountId: true, sellerAccountId: true },
  });
  if (!found) throw notFound("Statement");
  const view = await getStatement(db, { actor: options.actor, accountId: found.accountId, statementId: options.statementId, now: options.now });
  return { ...view, sellerAccountId: found.sellerAccountId, buyerAccountId: found.accountId };
}

/** Loads (and for a draft, first recomputes) a statement with its lines and, when final, what changed since its draft. */
export async function getStatement(db: Db, options: { actor: Actor; accountId: string; statementId: string; now: Date }): Promise<StatementView> {
  let { statement, direction } = await findStatement(db, options.actor, options.accountId, options.statementId);
  if (statement.status === "DRAFT") {
    await recomputeDraft(db, statement, options.now);
    ({ statement, direction } = await findStatement(db, options.actor, options.accountId, options.statementId));
  }
  const final = statement.status === "FINAL";
  const [lines, draftLines] = await Promise.all([linesOf(db, statement.id, statement.status), final ? linesOf(db, statement.id, "DRAFT") : Promise.resolve([])]);
  const hadDraft = final && statement.draftTotalMinor !== null;
  return {
    id: statement.id,
    direction,
    document: documentOf(statement, lines),
    computedAt: statement.computedAt,
    finalizedAt: statement.finalizedAt,
    draftTotalMinor: statement.draftTotalMinor,
    changes: hadDraft ? statementChanges(draftLines, lines) : null,
  };
}

export interface StatementDownload {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

/**
 * A statement's file: a final one is served byte for byte from statement_files (rendered when it
 * became final); a draft is recomputed and rendered now, marked DRAFT. Same reach as getStatement.
 */
export async function getStatementFile(
  db: Db,
  options: { actor: Actor; accountId: string; statementId: string; format: StatementFormat; now: Date },
): Promise<StatementDownload> {
  let { statement } = await findStatement(db, options.actor, options.accountId, options.statementId);
  const type = STATEMENT_FILE_TYPES[options.format];
  if (statement.status === "FINAL") {
    const stored = await storedFile(db, statement, options.format);
    return { bytes: stored, fileName: statementFileName(documentOf(statement, []), type.extension), contentType: type.contentType };
  }
  await recomputeDraft(db, statement, options.now);
  ({ statement } = await findStatement(db, options.actor, options.accountId, options.statementId));
  const document = documentOf(statement, await linesOf(db, statement.id, statement.status));
  if (statement.status === "FINAL") {
    // It became final meanwhile: serve the stored file.
    return { bytes: await storedFile(db, statement, options.format), fileName: statementFileName(document, type.extension), contentType: type.contentType };
  }
  const file = await renderStatementFile(document, options.format);
  return { bytes: file.bytes, fileName: statementFileName(document, type.extension), contentType: type.contentType };
}

/**
 * The stored file of a final statement. Finalizing stores all three in the same transaction;
 * should one be missing all the same, it is rendered from the stored statement (deterministic:
 * the same bytes finalizing wrote) and stored once.
 */
async function storedFile(db: Db, statement: Statement, format: StatementFormat): Promise<Buffer> {
  const found = await db.statementFile.findUnique({ where: { statementId_format: { statementId: statement.id, format } }, select: { bytes: true } });
  if (found) return Buffer.from(found.bytes);
  const file = await renderStatementFile(documentOf(statement, await linesOf(db, statement.id, "FINAL")), format);
  await db.statementFile.createMany({
    data: [{ statementId: statement.id, accountId: statement.accountId, format, bytes: new Uint8Array(file.bytes), sha256: file.sha256, createdAt: statement.finalizedAt ?? new Date() }],
    skipDuplicates: true,
  });
  const stored = await db.statementFile.findUniqueOrThrow({ where: { statementId_format: { statementId: statement.id, format } }, select: { bytes: true } });
  return Buffer.from(stored.bytes);
}
