import "server-only";
import type { PointsEntryKind, Prisma } from "@/generated/prisma/client";
import { countedRows, type CountedRows } from "@/lib/counted-rows";
import { AppError, notFound } from "@/lib/errors";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetPage } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getPartnerInReach } from "@/server/accounts/get-partner-in-reach";
import { getPointsBalance } from "./points-ledger";

export interface PointsRow {
  id: string;
  createdAt: Date;
  kind: PointsEntryKind;
  delta: number;
  balanceAfter: number;
  reason: string;
  actorLabel: string;
  product: string | null;
  devices: number | null;
  licences: number | null;
  remainingDays: number | null;
}

export const POINTS_KIND_LABEL: Record<PointsEntryKind, string> = {
  CREDIT: "Credit",
  EXCHANGE: "Exchange",
  RENEWAL: "Renewal",
};

const include = { service: { select: { name: true } } } as const;

function toRow(entry: { id: bigint; createdAt: Date; kind: PointsEntryKind; delta: number; balanceAfter: number; reason: string; actorLabel: string; devices: number | null; licences: number | null; remainingDays: number | null; service: { name: string } | null }): PointsRow {
  return {
    id: entry.id.toString(),
    createdAt: entry.createdAt,
    kind: entry.kind,
    delta: entry.delta,
    balanceAfter: entry.balanceAfter,
    reason: entry.reason,
    actorLabel: entry.actorLabel,
    product: entry.service?.name ?? null,
    devices: entry.devices,
    licences: entry.licences,
    remainingDays: entry.remainingDays,
  };
}

export async function getPointsLedger(
  db: DbTx,
  options: { actor: Actor; partnerId: string; page?: PageRequest; pageSize: number; strictCursor?: boolean },
): Promise<{ balance: number; entries: Page<PointsRow> }> {
  const partner = await getPartnerInReach(db, options.actor, options.partnerId);
  const where = { accountId: partner.id };
  const [balance, entries] = await Promise.all([
    getPointsBalance(db, partner.id),
    // Newest first by id: entries get ids in the order they are written.
    keysetPage({
      sort: "id.desc",
      parts: [
        field<Prisma.PointsEntryGetPayload<{ include: typeof include }>, Prisma.PointsEntryWhereInput, Prisma.PointsEntryOrderByWithRelationInput>(
          "id",
          "bigint",
          "desc",
          (entry) => entry.id,
        ),
      ],
      where,
      page: options.page ?? FIRST_PAGE,
      pageSize: options.pageSize,
      strictCursor: options.strictCursor,
      findMany: (args) => db.pointsEntry.findMany({ ...args, include }),
      count: (args) => db.pointsEntry.count({ ...args, orderBy: { accountId: "asc" } }),
    }),
  ]);
  return { balance, entries: { ...entries, rows: entries.rows.map(toRow) } };
}

/**
 * The whole ledger for exports, newest first, read in keyset batches (constant
 * memory). The partner is resolved here, before the response starts: a refusal
 * inside the stream would cut the download half-way instead of answering. An
 * account that is not a partner has no ledger: not found. Counted up to a cap
 * on the (account, id) index, so a long ledger becomes an export job
 * (docs/exports.md#export-jobs).
 */
export async function openPointsLedgerExport(db: DbTx, options: { actor: Actor; partnerId: string }): Promise<CountedRows<PointsRow>> {
  const partner = await getPartnerInReach(db, options.actor, options.partnerId).catch((error: unknown) => {
    if (error instanceof AppError && error.reason === "POOLS_ONLY_FOR_MSSP") throw notFound("Points ledger");
    throw error;
  });
  return countedRows(iterateLedgerOf(db, partner.id), (cap) => db.pointsEntry.count({ where: { accountId: partner.id }, take: cap }));
}

async function* iterateLedgerOf(db: DbTx, partnerId: string): AsyncIterable<PointsRow> {
  let before: bigint | undefined;
  for (;;) {
    const batch = await db.pointsEntry.findMany({
      where: { accountId: partnerId, ...(before !== undefined ? { id: { lt: before } } : {}) },
      include,
      orderBy: { id: "desc" },
      take: 1000,
    });
    for (const entry of batch) yield toRow(entry);
    if (batch.length < 1000) return;
    before = batch[batch.length - 1]!.id;
  }
}
