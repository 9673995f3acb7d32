import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatCount, noun } from "@/lib/plural";

/** A stored preview of an uploaded file: every row with its error, all or nothing. */
export interface ImportPagePreview {
  id: string;
  filename: string;
  status: string;
  errorCount: number;
  rows: { line: number; error?: string | null; values: Record<string, string> }[];
}

/** A column of the preview table: its heading and the row field it shows. */
export interface ImportColumn {
  label: string;
  field: string;
}

/**
 * The page of a file import (contracts, end users): 1. the upload with what the
 * file may contain, 2. once uploaded, the stored preview. Each import brings its
 * own wording and forms; the shape of the page and the preview are the same.
 */
export function ImportPage({
  noun,
  fileHelp,
  uploadForm,
  preview,
  columns,
  confirmForm,
}: {
  /** What is imported, plural: "contracts". */
  noun: string;
  fileHelp: ReactNode;
  uploadForm: ReactNode;
  preview: ImportPagePreview | null;
  columns: ImportColumn[];
  confirmForm: (preview: ImportPagePreview) => ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={`Import ${noun}`}
        description={`Add many ${noun} at once from a CSV or Excel (.xlsx) file. You see a preview with every row's errors before anything is written, and the import is all or nothing.`}
      />
      <div className="space-y-6">
        <Card title="1. Upload a file">
          <p className="mb-3 text-sm text-slate-600">{fileHelp}</p>
          {uploadForm}
        </Card>
        {preview && <ImportPreview preview={preview} columns={columns} confirmForm={confirmForm(preview)} />}
      </div>
    </>
  );
}

/**
 * Step 2 of a file import: the rows of the upload with each one's result, and
 * the confirm form only when nothing is wrong.
 */
function ImportPreview({ preview, columns, confirmForm }: { preview: ImportPagePreview; columns: ImportColumn[]; confirmForm: ReactNode }) {
  return (
    <Card title={`2. Preview of ${preview.filename}`}>
      <p className="mb-3 text-sm">
        {formatCount(preview.rows.length, noun("row"))} ·{" "}
        {preview.errorCount === 0 ? <Badge tone="green">no errors</Badge> : <Badge tone="red">{preview.errorCount} with errors</Badge>}
        {preview.status === "IMPORTED" && <Badge tone="blue">imported</Badge>}
      </p>
      <div className="relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Rows of the uploaded file</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Line</th>
              {columns.map((column) => (
                <th key={column.label} scope="col" className="px-3 py-2">
                  {column.label}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">Result</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.map((row) => (
              <tr key={row.line} className={row.error ? "bg-red-50" : undefined}>
                <td className="px-3 py-2">{row.line}</td>
                {columns.map((column) => (
                  <td key={column.label} className="px-3 py-2">
                    {row.values[column.field]}
                  </td>
                ))}
                <td className="px-3 py-2">{row.error ? <span className="text-red-800">{row.error}</span> : <span className="text-emerald-800">OK</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.status === "PREVIEWED" && preview.errorCount === 0 && <div className="mt-4">{confirmForm}</div>}
      {preview.errorCount > 0 && <p className="mt-4 text-sm text-slate-700">Nothing was written. Fix the rows marked in red and upload the file again.</p>}
    </Card>
  );
}
