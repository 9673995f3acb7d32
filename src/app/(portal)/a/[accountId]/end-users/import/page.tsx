import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { ImportPage } from "@/components/imports/import-page";
import { readStringParam } from "@/lib/list-params";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { END_USER_IMPORT_COLUMNS, getEndUserImport } from "@/server/end-users/end-user-import";
import { commitEndUserImportAction } from "@/actions/end-users/commit-end-user-import";
import { previewEndUserImportAction } from "@/actions/end-users/preview-end-user-import";

export const metadata = { title: "Import end users" };

export default async function ImportEndUsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  if (account.kind !== "CUSTOMER") notFound();
  const previewId = readStringParam(search, "preview");
  const preview = previewId ? await orNotFound(getEndUserImport(db, { actor, accountId: account.id, importId: previewId })) : null;
  return (
    <ImportPage
      noun="end users"
      fileHelp={
        <>
          Columns: {END_USER_IMPORT_COLUMNS.join(", ")}. <em>Groups</em> are names of existing groups separated by semicolons; members get the
          subscriptions attached to those groups.
        </>
      }
      uploadForm={
        <ActionForm
          action={previewEndUserImportAction}
          hidden={{ accountId: account.id }}
          fields={[{ kind: "file", name: "file", label: "File", accept: ".csv,.xlsx" }]}
          submitLabel="Upload and preview"
          pendingLabel="Checking…"
        />
      }
      preview={preview}
      columns={[
        { label: "Name", field: "name" },
        { label: "Email", field: "email" },
        { label: "External id", field: "externalId" },
        { label: "Groups", field: "groups" },
      ]}
      confirmForm={(stored) => (
        <ActionForm
          action={commitEndUserImportAction}
          hidden={{ accountId: account.id, importId: stored.id }}
          submitLabel={`Import ${stored.rows.length} end users`}
          pendingLabel="Importing…"
        />
      )}
    />
  );
}
