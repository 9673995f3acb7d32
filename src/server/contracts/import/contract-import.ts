import "server-only";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { AppError } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { addContractInTransaction } from "../add-contract";
import { addContractSchema } from "../contract-input";
import { contractLabel } from "@/lib/contract-label";
import { resolveContractType, resolveImportAccount, resolveServiceReference, resolveTrialExpiryAction } from "./resolve-import-values";
import { assertNoRowFailed, claimImportPreview, getImportPreview, markImportPreviewImported, saveImportPreview, type ImportPreviewRow } from "@/server/imports/import-preview-store";
import { parseContractFile, type ParsedRow } from "./parse-contract-file";

class DryRunRollback extends Error {}

/**
 * Applies every row inside one transaction, in file order, so later rows see
 * earlier ones (two NFRs for one account in the same file fail on the second).
 */
async function applyRows(
  tx: DbTx,
  actor: Actor,
  options: { rows: ParsedRow[]; into: { id: string; name: string }; now?: Date },
): Promise<ImportPreviewRow[]> {
  const { now } = options;
  const services = await tx.service.findMany({ select: { id: true, code: true, name: true }, orderBy: { name: "asc" } });
  const results: ImportPreviewRow[] = [];
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
      // What the row adds, e.g. "CT-… PAYG Harmony Browse for Acme".
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
  let results: ImportPreviewRow[] = [];
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
  return saveImportPreview(db, "contracts", { actor, accountId: account.id, filename: options.filename, rows: results });
}

export async function getContractImport(db: DbTx, options: { actor: Actor; accountId: string; importId: string }) {
  return getImportPreview(db, "contracts", options);
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
      const rows = await claimImportPreview(tx, "contracts", stored);
      const results = await applyRows(tx, actor, { rows, into: account, now: options.now });
      assertNoRowFailed(results);
      await markImportPreviewImported(tx, "contracts", { importId: stored.id, importedAt: options.now ?? new Date(), rows: results });
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
