import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { AppError, conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { reachableTenantWhere, type Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { addContractInTransaction } from "../add-contract";
import { addContractSchema } from "../contract-input";
import { contractLabel } from "@/lib/contract-label";
import { resolveContractType, resolveImportAccount, resolveServiceReference, resolveTrialExpiryAction } from "./resolve-import-values";
import { parseContractFile, type ParsedRow } from "./parse-contract-file";

export interface ImportRowResult {
  line: number;
  values: Record<string, string>;
  error?: string;
  /** What the row adds, e.g. "CT-… PAYG Harmony Browse for Acme". */
  summary?: string;
}

class DryRunRollback extends Error {}

/**
 * Applies every row inside one transaction, in file order, so later rows see
 * earlier ones (two NFRs for one account in the same file fail on the second).
 */
async function applyRows(
  tx: DbTx,
  actor: Actor,
  options: { rows: ParsedRow[]; into: { id: string; name: string }; now?: Date },
): Promise<ImportRowResult[]> {
  const { now } = options;
  const services = await tx.service.findMany({ select: { id: true, code: true, name: true }, orderBy: { name: "asc" } });
  const results: ImportRowResult[] = [];
  for (const row of options.rows) {
    try {
      // Labels, codes, names and ids as people and our export write them (resolve-import-values.ts).
      const values = {
        ...row.values,
        type: resolveContractType(row.values.type ?? ""),
        service: resolveServiceReference(services, row.values.service ?? ""),
        trialExpiryAction: resolveTrialExpiryAction(row.values.trialExpiryAction ?? ""),
      };
      const parsed = addContractSchema.safeParse(values);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError("INVALID", `${issue.path.join(".") || "row"}: ${issue.message}`);
      }
      const account =
        "account" in row.values ? await resolveImportAccount(tx, actor, row.values.account ?? "") : options.into;
      const contract = await addContractInTransaction(tx, { actor, accountId: account.id, input: parsed.data, now });
      results.push({ ...row, summary: `${contractLabel(contract.number)}: ${CONTRACT_TYPE_LABEL[contract.type]} for ${account.name}` });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = error.fieldErrors ? Object.values(error.fieldErrors)[0]?.[0] : undefined;
      results.push({ ...row, error: field ?? error.message });
    }
  }
  return results;
}

/** Parses and checks a file without writing any contract; stores the preview for confirmation. */
export async function previewContractImport(
  db: Db,
  options: { actor: Actor; accountId: string; filename: string; bytes: Uint8Array; now?: Date },
) {
  const { actor } = options;
  const { account } = await getAccountInReach(db, actor, options.accountId);
  assertCan(actor, "contracts:import", account);
  const rows = await parseContractFile(options.filename, options.bytes);
  let results: ImportRowResult[] = [];
  try {
    await db.$transaction(
      async (tx) => {
        results = await applyRows(tx, actor, { rows, into: account, now: options.now });
        throw new DryRunRollback();
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  const errorCount = results.filter((row) => row.error).length;
  const stored = await db.contractImport.create({
    data: {
      accountId: account.id,
      createdBy: actor.userId ?? account.id,
      filename: options.filename.slice(0, 200),
      rows: results as unknown as Prisma.InputJsonValue,
      errorCount,
    },
  });
  return { id: stored.id, rows: results, errorCount };
}

export async function getContractImport(db: DbTx, options: { actor: Actor; accountId: string; importId: string }) {
  // Both ids reach a uuid column: a malformed one is "not found", never a database error.
  if (!isUuid(options.importId) || !isUuid(options.accountId)) throw notFound("Import");
  const found = await db.contractImport.findFirst({
    where: { id: options.importId, accountId: options.accountId, ...reachableTenantWhere(options.actor.grants) },
  });
  if (!found) throw notFound("Import");
  return { ...found, rows: found.rows as unknown as ImportRowResult[] };
}

/** Writes every previewed row, or none: one failing row cancels the whole import. */
export async function commitContractImport(
  db: Db,
  options: { actor: Actor; accountId: string; importId: string; now?: Date },
) {
  const { actor } = options;
  return db.$transaction(
    async (tx) => {
      const { account } = await getAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "contracts:import", account);
      const stored = await getContractImport(tx, { actor, accountId: account.id, importId: options.importId });
      await tx.$queryRaw`SELECT id FROM contract_imports WHERE id = ${stored.id}::uuid FOR UPDATE`;
      const fresh = await tx.contractImport.findUniqueOrThrow({ where: { id: stored.id } });
      if (fresh.status === "IMPORTED") throw conflict("This file was already imported.", "ALREADY_IMPORTED");
      if (stored.errorCount > 0) {
        throw new AppError("RULE_VIOLATION", "Fix the rows with errors and upload the file again.", { reason: "IMPORT_HAS_ERRORS" });
      }
      const rows: ParsedRow[] = stored.rows.map(({ line, values }) => ({ line, values }));
      const results = await applyRows(tx, actor, { rows, into: account, now: options.now });
      const failed = results.find((row) => row.error);
      if (failed) {
        // Something changed since the preview: roll everything back.
        throw new AppError("RULE_VIOLATION", `Row ${failed.line}: ${failed.error} Nothing was imported.`, { reason: "IMPORT_ROW_FAILED" });
      }
      await tx.contractImport.update({
        where: { id: stored.id },
        data: { status: "IMPORTED", importedAt: options.now ?? new Date(), rows: results as unknown as Prisma.InputJsonValue },
      });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "contract_import.committed",
        objectType: "contract_import",
        objectId: stored.id,
        after: { filename: stored.filename, contracts: results.length },
      });
      return { imported: results.length, rows: results };
    },
    { timeout: 120_000 },
  );
}
