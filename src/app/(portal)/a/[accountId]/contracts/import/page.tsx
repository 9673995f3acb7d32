import { ContractImportForm, ConfirmImportForm } from "@/components/contracts/contract-import-forms";
import { ImportPage } from "@/components/imports/import-page";
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
    <ImportPage
      noun="contracts"
      fileHelp={
        <>
          Columns: {IMPORT_COLUMNS.join(", ")}. <em>Account</em> is the account&apos;s name, id or User Center ID (without
          that column, every row is for {account.name}); <em>Service</em> is its name or code; <em>Contract type</em> is its
          label or code (Pay-As-You-Go or PAYG); <em>AddOns</em> are SKUs separated by semicolons. A file from this
          list&apos;s Excel or CSV export imports as it is.
        </>
      }
      uploadForm={<ContractImportForm accountId={account.id} />}
      preview={preview}
      columns={[
        { label: "Account", field: "account" },
        { label: "Service", field: "service" },
        { label: "Type", field: "type" },
        { label: "Quantity", field: "quantity" },
      ]}
      confirmForm={(stored) => <ConfirmImportForm accountId={account.id} importId={stored.id} count={stored.rows.length} />}
    />
  );
}
