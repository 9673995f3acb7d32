import { ContractImportForm, ConfirmImportForm } from "@/components/contracts/contract-import-forms";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { readStringParam } from "@/lib/list-params";
import { requirePagePermission } from "@/server/auth/portal-context";
import { getContractImport } from "@/server/contracts/import/contract-import";
import { IMPORT_COLUMNS } from "@/server/contracts/import/parse-contract-file";
import { db } from "@/server/db";
import { notFound } from "next/navigation";

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
  let preview: Awaited<ReturnType<typeof getContractImport>> | null = null;
  if (previewId) {
    try {
      preview = await getContractImport(db, { actor, accountId: account.id, importId: previewId });
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
      throw error;
    }
  }
  return (
    <>
      <PageHeader
        title="Import contracts"
        description="Add many contracts at once from a CSV or Excel (.xlsx) file. You see a preview with every row's errors before anything is written, and the import is all or nothing."
      />
      <div className="space-y-6">
        <Card title="1. Upload a file">
          <p className="mb-3 text-sm text-slate-600">
            Columns: {IMPORT_COLUMNS.join(", ")}. <em>Account</em> is the account&apos;s id or its User Center ID; <em>Service</em>{" "}
            is its code or name; <em>AddOns</em> are SKUs separated by semicolons.
          </p>
          <ContractImportForm accountId={account.id} />
        </Card>
        {preview && (
          <Card title={`2. Preview of ${preview.filename}`}>
            <p className="mb-3 text-sm">
              {preview.rows.length} rows ·{" "}
              {preview.errorCount === 0 ? <Badge tone="green">no errors</Badge> : <Badge tone="red">{preview.errorCount} with errors</Badge>}
              {preview.status === "IMPORTED" && <Badge tone="blue">imported</Badge>}
            </p>
            <div className="relative overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <caption className="sr-only">Rows of the uploaded file</caption>
                <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-2">Line</th>
                    <th scope="col" className="px-3 py-2">Account</th>
                    <th scope="col" className="px-3 py-2">Service</th>
                    <th scope="col" className="px-3 py-2">Type</th>
                    <th scope="col" className="px-3 py-2">Quantity</th>
                    <th scope="col" className="px-3 py-2">Result</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.rows.map((row) => (
                    <tr key={row.line} className={row.error ? "bg-red-50" : undefined}>
                      <td className="px-3 py-2">{row.line}</td>
                      <td className="px-3 py-2">{row.values.account}</td>
                      <td className="px-3 py-2">{row.values.service}</td>
                      <td className="px-3 py-2">{row.values.type}</td>
                      <td className="px-3 py-2">{row.values.quantity}</td>
                      <td className="px-3 py-2">
                        {row.error ? <span className="text-red-800">{row.error}</span> : <span className="text-emerald-800">OK</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.status === "PREVIEWED" && preview.errorCount === 0 && (
              <div className="mt-4">
                <ConfirmImportForm accountId={account.id} importId={preview.id} count={preview.rows.length} />
              </div>
            )}
            {preview.errorCount > 0 && (
              <p className="mt-4 text-sm text-slate-700">Nothing was written. Fix the rows marked in red and upload the file again.</p>
            )}
          </Card>
        )}
      </div>
    </>
  );
}
