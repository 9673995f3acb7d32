import "server-only";
import type { ContractImport, EndUserImport, Prisma } from "@/generated/prisma/client";
import { AppError, conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import type { ParsedRow } from "./read-table-file";

/*
 * A file import runs in two requests: the upload is parsed and checked (the
 * preview, every row with its error), and only a later confirm writes. Between
 * the two the checked rows are kept here, one table per kind of import, so the
 * confirm replays exactly the rows the person saw. All or nothing, errors
 * naming the row: docs/input-validation.md and docs/contracts.md.
 */

/** One row of the upload as checked: what it adds (summary) or why it cannot (error). */
export interface ImportPreviewRow extends ParsedRow {
  error?: string;
  summary?: string;
}

export type ImportKind = "contracts" | "end users";

type StoredRecord = ContractImport | EndUserImport;
export type StoredImportPreview = Omit<StoredRecord, "rows"> & { rows: ImportPreviewRow[] };

interface PreviewTable {
  create(db: DbTx, data: Prisma.ContractImportUncheckedCreateInput & Prisma.EndUserImportUncheckedCreateInput): Promise<StoredRecord>;
  find(db: DbTx, where: { id: string; accountId: string; account: Prisma.AccountWhereInput }): Promise<StoredRecord | null>;
  /** Holds the row until the confirm's transaction ends and reads its status afresh: two confirms import once. */
  lockStatus(tx: DbTx, id: string): Promise<StoredRecord["status"]>;
  markImported(tx: DbTx, id: string, data: { importedAt: Date; rows?: Prisma.InputJsonValue }): Promise<unknown>;
}

const TABLES: Record<ImportKind, PreviewTable> = {
  contracts: {
    create: (db, data) => db.contractImport.create({ data }),
    find: (db, where) => db.contractImport.findFirst({ where }),
    lockStatus: async (tx, id) => {
      const [row] = await tx.$queryRaw<{ status: StoredRecord["status"] }[]>`SELECT status::text AS status FROM contract_imports WHERE id = ${id}::uuid FOR UPDATE`;
      return row!.status;
    },
    markImported: (tx, id, data) => tx.contractImport.update({ where: { id }, data: { status: "IMPORTED", ...data } }),
  },
  "end users": {
    create: (db, data) => db.endUserImport.create({ data }),
    find: (db, where) => db.endUserImport.findFirst({ where }),
    lockStatus: async (tx, id) => {
      const [row] = await tx.$queryRaw<{ status: StoredRecord["status"] }[]>`SELECT status::text AS status FROM end_user_imports WHERE id = ${id}::uuid FOR UPDATE`;
      return row!.status;
    },
    markImported: (tx, id, data) => tx.endUserImport.update({ where: { id }, data: { status: "IMPORTED", ...data } }),
  },
};

/** Keeps the checked rows of an upload for its confirm; nothing of the import itself is written. */
export async function saveImportPreview(
  db: DbTx,
  kind: ImportKind,
  options: { actor: Actor; accountId: string; filename: string; rows: ImportPreviewRow[] },
): Promise<{ id: string; rows: ImportPreviewRow[]; errorCount: number }> {
  const errorCount = options.rows.filter((row) => row.error).length;
  const stored = await TABLES[kind].create(db, {
    accountId: options.accountId,
    createdBy: options.actor.userId ?? options.accountId,
    filename: options.filename.slice(0, 200),
    rows: options.rows as unknown as Prisma.InputJsonValue,
    errorCount,
  });
  return { id: stored.id, rows: options.rows, errorCount };
}

/** A stored preview of the account within the caller's reach, or "not found". */
export async function getImportPreview(
  db: DbTx,
  kind: ImportKind,
  options: { actor: Actor; accountId: string; importId: string },
): Promise<StoredImportPreview> {
  // Both ids reach a uuid column: a malformed one is "not found", never a database error.
  if (!isUuid(options.importId) || !isUuid(options.accountId)) throw notFound("Import");
  const found = await TABLES[kind].find(db, { id: options.importId, accountId: options.accountId, ...reachableTenantWhere(options.actor.grants) });
  if (!found) throw notFound("Import");
  return { ...found, rows: found.rows as unknown as ImportPreviewRow[] };
}

/**
 * Takes a preview for its confirm inside the confirm's transaction: refused when
 * it was already imported or has rows with errors. Returns the rows to check again.
 */
export async function claimImportPreview(tx: DbTx, kind: ImportKind, stored: StoredImportPreview): Promise<ParsedRow[]> {
  const status = await TABLES[kind].lockStatus(tx, stored.id);
  if (status === "IMPORTED") throw conflict("This file was already imported.", "ALREADY_IMPORTED");
  if (stored.errorCount > 0) {
    throw new AppError("RULE_VIOLATION", "Fix the rows with errors and upload the file again.", { reason: "IMPORT_HAS_ERRORS" });
  }
  return stored.rows.map(({ line, values }) => ({ line, values }));
}

/** Something changed since the preview: the first failing row cancels the whole import. */
export function assertNoRowFailed(results: readonly ImportPreviewRow[]): void {
  const failed = results.find((row) => row.error);
  if (failed) throw new AppError("RULE_VIOLATION", `Row ${failed.line}: ${failed.error} Nothing was imported.`, { reason: "IMPORT_ROW_FAILED" });
}

/** Marks the preview imported (in the confirm's transaction), optionally with the rows as written. */
export async function markImportPreviewImported(
  tx: DbTx,
  kind: ImportKind,
  options: { importId: string; importedAt: Date; rows?: ImportPreviewRow[] },
): Promise<void> {
  await TABLES[kind].markImported(tx, options.importId, {
    importedAt: options.importedAt,
    ...(options.rows ? { rows: options.rows as unknown as Prisma.InputJsonValue } : {}),
  });
}
