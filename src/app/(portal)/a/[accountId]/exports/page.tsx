import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatBytes } from "@/lib/format-bytes";
import { formatDateTime } from "@/lib/dates";
import { db } from "@/server/db";
import { exportJobThreshold } from "@/server/exports/export-config";
import { requirePagePermission } from "@/server/edge/portal-context";
import { EXPORT_JOB_STATUS_LABEL, exportJobRetryUrl, exportJobTitle, listExportJobs } from "@/server/exports/export-jobs";

export const metadata = { title: "Exports" };

const TONE = { QUEUED: "slate", RUNNING: "blue", DONE: "green", FAILED: "red" } as const;
const number = new Intl.NumberFormat("en-US");

/** The caller's exports written in the background, newest first; each file stays for a day (docs/exports.md#export-jobs). */
export default async function ExportsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "export");
  const jobs = await listExportJobs(db, { actor, accountId: account.id });
  const base = `/a/${account.id}/exports`;
  const cell = "px-3 py-2 align-top";
  return (
    <>
      <PageHeader
        title="Exports"
        description={`Your exports of more than ${number.format(exportJobThreshold())} rows, written in the background. Each file can be downloaded for a day after it is ready. Smaller exports download straight away and are not listed.`}
      />
      {jobs.length === 0 ? (
        <EmptyState title="No exports in the last day">Large exports you ask for from a list appear here while they are written.</EmptyState>
      ) : (
        <Card>
          <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Your exports">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Your exports</caption>
              <thead className="text-left text-xs font-semibold uppercase text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Export</th>
                  <th scope="col" className="px-3 py-2">Asked for</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Rows</th>
                  <th scope="col" className="px-3 py-2">File</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td className={`${cell} font-medium`}>
                      <Link className="text-brand-700 hover:underline" href={`${base}/${job.id}`}>
                        {exportJobTitle(job)}
                      </Link>
                    </td>
                    <td className={`${cell} whitespace-nowrap`}>{formatDateTime(job.createdAt, account.billingTimezone)}</td>
                    <td className={cell}>
                      <Badge tone={TONE[job.status]}>{EXPORT_JOB_STATUS_LABEL[job.status]}</Badge>
                    </td>
                    <td className={`${cell} tabular-nums`}>
                      {number.format(job.rowsWritten)}
                      {job.status !== "DONE" && job.totalEstimate ? ` of ${number.format(job.totalEstimate)}` : ""}
                    </td>
                    <td className={cell}>
                      {job.status === "DONE" ? (
                        <a className="font-medium text-brand-700 hover:underline" href={`${base}/${job.id}/download`}>
                          Download<span className="sr-only"> {job.fileName}</span>
                        </a>
                      ) : job.status === "FAILED" ? (
                        <a className="font-medium text-brand-700 hover:underline" href={exportJobRetryUrl(job)}>
                          Try again<span className="sr-only"> {exportJobTitle(job)}</span>
                        </a>
                      ) : (
                        <Link className="text-brand-700 hover:underline" href={`${base}/${job.id}`}>
                          See progress
                        </Link>
                      )}
                      {job.status === "DONE" && job.bytes !== null && <span className="ml-2 text-slate-600">{formatBytes(Number(job.bytes))}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}
