import "server-only";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { readTableFile, type ParsedRow } from "@/server/imports/read-table-file";
import { assertNoRowFailed, claimImportPreview, getImportPreview, markImportPreviewImported, saveImportPreview, type ImportPreviewRow } from "@/server/imports/import-preview-store";
import { syncPackageAssignments } from "@/server/subscriptions/sync-package-assignments";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { endUserSchema } from "./end-user-input";

export const END_USER_IMPORT_COLUMNS = ["Name", "Email", "External id", "Groups"] as const;

const SPEC = {
  aliases: {
    name: "name",
    "full name": "name",
    email: "email",
    "e-mail": "email",
    "external id": "externalId",
    "external_id": "externalId",
    "user id": "externalId",
    username: "externalId",
    groups: "groups",
    group: "groups",
    "user groups": "groups",
  },
  required: ["name", "externalId"],
  columns: END_USER_IMPORT_COLUMNS,
  noun: "end user",
};

/**
 * Checks every row against the customer's current data, in file order (a
 * duplicate external id later in the file fails too). Groups are named,
 * separated by ";" and must exist. Nothing is written here.
 */
async function checkRows(tx: DbTx, accountId: string, rows: ParsedRow[]): Promise<ImportPreviewRow[]> {
  const existing = new Set((await tx.endUser.findMany({ where: { accountId }, select: { externalId: true } })).map((u) => u.externalId));
  const groups = new Map((await tx.userGroup.findMany({ where: { accountId }, select: { id: true, name: true } })).map((g) => [g.name.toLowerCase(), g]));
  const seen = new Set<string>();
  return rows.map((row) => {
    const parsed = endUserSchema.safeParse(row.values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = { name: "Name", email: "Email", externalId: "External id" }[String(issue.path[0])] ?? "Row";
      return { ...row, error: `${field}: ${issue.message}` };
    }
    const externalId = parsed.data.externalId;
    if (existing.has(externalId)) return { ...row, error: `External id: ${externalId} already exists for this customer.` };
    if (seen.has(externalId)) return { ...row, error: `External id: ${externalId} appears twice in the file.` };
    seen.add(externalId);
    const names = (row.values.groups ?? "").split(";").map((name) => name.trim()).filter(Boolean);
    const missing = names.find((name) => !groups.has(name.toLowerCase()));
    if (missing) return { ...row, error: `Groups: there is no group named "${missing}".` };
    return { ...row, summary: `${parsed.data.name} (${externalId})${names.length ? ` in ${names.join(", ")}` : ""}` };
  });
}

/** Parses an uploaded CSV/.xlsx of end users and stores the checked preview (per-row errors). */
export async function previewEndUserImport(db: Db, options: { actor: Actor; accountId: string; filename: string; bytes: Uint8Array }) {
  const { actor } = options;
  const { account } = await customerInReach(db, actor, options.accountId, { permission: "account:manage" });
  const rows = await readTableFile(SPEC, options.filename, options.bytes);
  const results = await checkRows(db, account.id, rows);
  return saveImportPreview(db, "end users", { actor, accountId: account.id, filename: options.filename, rows: results });
}

export async function getEndUserImport(db: DbTx, options: { actor: Actor; accountId: string; importId: string }) {
  const { account } = await customerInReach(db, options.actor, options.accountId, { permission: "account:manage" });
  return getImportPreview(db, "end users", { actor: options.actor, accountId: account.id, importId: options.importId });
}

/** Creates every previewed end user (and their group memberships), or none. */
export async function commitEndUserImport(db: Db, options: { actor: Actor; accountId: string; importId: string; now?: Date }) {
  const { actor } = options;
  const now = options.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:manage", lock: true });
      const stored = await getEndUserImport(tx, { actor, accountId: account.id, importId: options.importId });
      const rows = await claimImportPreview(tx, "end users", stored);
      // Checked again under the account lock: something may have changed since the preview.
      const results = await checkRows(tx, account.id, rows);
      assertNoRowFailed(results);
      const groups = new Map((await tx.userGroup.findMany({ where: { accountId: account.id } })).map((g) => [g.name.toLowerCase(), g.id]));
      const inputs = results.map((row) => ({ row, input: endUserSchema.parse(row.values) }));
      // One insert for the whole file, then the memberships by external id (unique in the account).
      const users = await tx.endUser.createManyAndReturn({
        data: inputs.map(({ input }) => ({ accountId: account.id, name: input.name, email: input.email ?? null, externalId: input.externalId, source: "import" })),
        select: { id: true, externalId: true },
      });
      const idOf = new Map(users.map((user) => [user.externalId, user.id]));
      const created = users.map((user) => user.id);
      const members = inputs.flatMap(({ row, input }) =>
        (row.values.groups ?? "")
          .split(";")
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => ({ accountId: account.id, groupId: groups.get(name.toLowerCase())!, endUserId: idOf.get(input.externalId)! })),
      );
      await tx.userGroupMember.createMany({ data: members, skipDuplicates: true });
      const changes = await syncPackageAssignments(tx, { accountId: account.id, now, endUserIds: created });
      await markImportPreviewImported(tx, "end users", { importId: stored.id, importedAt: now });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "end_user_import.committed",
        objectType: "end_user_import",
        objectId: stored.id,
        after: { filename: stored.filename, endUsers: created.length, memberships: members.length, assigned: changes.assigned },
      });
      return { imported: created.length, assigned: changes.assigned };
    },
    { timeout: 120_000 },
  );
}
