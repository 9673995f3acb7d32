import Link from "next/link";
import { ExportProgress } from "@/components/exports/export-progress";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { db } from "@/server/db";
import { getPortalContext } from "@/server/edge/portal-context";
import { orNotFound } from "@/server/edge/or-not-found";
import { exportJobRetryUrl, exportJobStatus, exportJobTitle, getExportJobInReach } from "@/server/exports/export-jobs";

export const metadata = { title: "Export" };

/**
 * Where a large export lands (docs/exports.md#export-jobs): a progress bar
 * while the file is written in the background, then its Download link. Only
 * whoever asked sees it; another id is the 404 page.
 */
export default async function ExportJobPage({ params }: { params: Promise<{ accountId: string; jobId: string }> }) {
  const { accountId, jobId } = await params;
  const { actor, account } = await getPortalContext(accountId);
  const { job } = await orNotFound(getExportJobInReach(db, { actor, accountId, jobId }));
  const base = `/a/${account.id}/exports`;
  return (
    <>
      <PageHeader
        title={`Export: ${exportJobTitle(job)}`}
        description={`More than can be downloaded at once, so the file is written in the background. You can leave this page: the file stays in Exports for a day. Asked for ${formatDateTime(job.createdAt, account.billingTimezone)}.`}
        actions={
          <Link className="text-sm font-medium text-brand-700 hover:underline" href={base}>
            All your exports
          </Link>
        }
      />
      <div className="max-w-2xl">
        <Card title={job.fileName}>
          <ExportProgress
            initial={exportJobStatus(job)}
            statusUrl={`${base}/${job.id}/status`}
            downloadUrl={`${base}/${job.id}/download`}
            retryUrl={exportJobRetryUrl(job)}
          />
        </Card>
      </div>
    </>
  );
}
