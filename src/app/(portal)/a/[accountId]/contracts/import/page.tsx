import { ContractImportForm, ConfirmImportForm } from "@/components/contracts/contract-import-forms";
import { ImportPreview } from "@/components/imports/import-preview";
import { Card, PageHeader } from "@/components/ui/page-header";
import { readStringParam } from "@/lib/list-params";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { getContractImport } from "@/server/contracts/import/contract-import";
import { IMPORT_COLUMNS } from "@/server/contracts/import/parse-contract-file";
import { db } from "@/server/db";

export const metadata = { title: "Import contracts" };

export default async function ImportContractsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  const previewId = readStringParam(search, "preview");
  const preview = previewId ? await orNotFound(getContractImport(db, { actor, accountId: account.id, importId: previewId })) : null;
  return (
    <>
      <PageHeader
        title="Import contracts"
        description="Add many contracts at once from a CSV or Excel (.xlsx) file. You see a preview with every row's errors before anything is written, and the import is all or nothing."
      />
      <div className="space-y-6">
        <Card title="1. Upload a file">
          <p className="mb-3 text-sm text-slate-600">
            Columns: {IMPORT_COLUMNS.join(", ")}. <em>Account</em> is the account&apos;s name, id or User Center ID (without
            that column, every row is for {account.name}); <em>Service</em> is its name or code; <em>Contract type</em> is its
            label or code (Pay-As-You-Go or PAYG); <em>AddOns</em> are SKUs separated by semicolons. A file from this
            list&apos;s Excel or CSV export imports as it is.
          </p>
          <ContractImportForm accountId={account.id} />
        </Card>
        {preview && (
          <ImportPreview
            preview={preview}
            columns={[
              { label: "Account", value: (values) => values.account },
              { label: "Service", value: (values) => values.service },
              { label: "Type", value: (values) => values.type },
              { label: "Quantity", value: (values) => values.quantity },
            ]}
            confirm={<ConfirmImportForm accountId={account.id} importId={preview.id} count={preview.rows.length} />}
          />
        )}
      </div>
    </>
  );
}
