import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { ImportPreview } from "@/components/imports/import-preview";
import { Card, PageHeader } from "@/components/ui/page-header";
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
    <>
      <PageHeader
        title="Import end users"
        description="Add many end users at once from a CSV or Excel (.xlsx) file. You see a preview with every row's errors before anything is written, and the import is all or nothing."
      />
      <div className="space-y-6">
        <Card title="1. Upload a file">
          <p className="mb-3 text-sm text-slate-600">
            Columns: {END_USER_IMPORT_COLUMNS.join(", ")}. <em>Groups</em> are names of existing groups separated by semicolons; members get the
            subscriptions attached to those groups.
          </p>
          <ActionForm
            action={previewEndUserImportAction}
            hidden={{ accountId: account.id }}
            fields={[{ kind: "file", name: "file", label: "File", accept: ".csv,.xlsx" }]}
            submitLabel="Upload and preview"
            pendingLabel="Checking…"
          />
        </Card>
        {preview && (
          <ImportPreview
            preview={preview}
            columns={[
              { label: "Name", value: (values) => values.name },
              { label: "Email", value: (values) => values.email },
              { label: "External id", value: (values) => values.externalId },
              { label: "Groups", value: (values) => values.groups },
            ]}
            confirm={
              <ActionForm
                action={commitEndUserImportAction}
                hidden={{ accountId: account.id, importId: preview.id }}
                submitLabel={`Import ${preview.rows.length} end users`}
                pendingLabel="Importing…"
              />
            }
          />
        )}
      </div>
    </>
  );
}
