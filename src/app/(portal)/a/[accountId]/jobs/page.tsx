import { notFound } from "next/navigation";
import { formatDuration, JobSteps } from "@/components/jobs/job-steps";
import { AutoRefresh } from "@/components/usage/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listJobRunsPage } from "@/server/jobs/list-job-runs";
import { Pagination } from "@/components/ui/pagination";
import { parseListParams } from "@/lib/list-params";
import { noun } from "@/lib/plural";
import { ScrollTable } from "@/components/ui/scroll-table";

export const metadata = { title: "Jobs" };

const TONE = { RUNNING: "blue", SUCCEEDED: "green", FAILED: "red" } as const;

/** Scheduled runs are platform-wide: shown to admins of a top-level account only. */
export default async function JobsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { account } = await requirePagePermission(accountId, "account:manage");
  if (account.depth !== 0) notFound();
  const list = parseListParams(search, { sortKeys: ["startedAt"] as const, defaultSort: "startedAt", defaultPageSize: 20 });
  const page = await listJobRunsPage(db, { page: list.page, pageSize: list.pageSize });
  const runs = page.rows;
  const running = runs.some((run) => run.status === "RUNNING");
  return (
    <>
      <AutoRefresh active={running} />
      <PageHeader
        title="Jobs"
        description="Runs of the scheduled route /api/cron/meter: metering, monthly roll-up and the daily lifecycle (meter, once per UTC day), and the monthly pool renewals as each billing timezone's day begins (local-day, once per local day and timezone). Each (job, period) runs once."
      />
      {page.total === 0 ? (
        <EmptyState title="No run yet">Call the scheduled route (see the README) to meter usage.</EmptyState>
      ) : (
        <Card>
          <ScrollTable caption="Job runs" headers={["Job", "Period", "Status", "Started", "Duration", "Counts / progress", "Error"]}>
            {runs.map((run) => (
              <tr key={run.id}>
                <td className="px-2 py-2 font-medium">{run.job}</td>
                <td className="px-2 py-2">{run.period}</td>
                <td className="px-2 py-2">
                  <Badge tone={TONE[run.status]}>{run.status.toLowerCase()}</Badge>
                  {run.attempt > 1 && <span className="ml-1 text-xs text-slate-600">attempt {run.attempt}</span>}
                </td>
                <td className="px-2 py-2">{formatDateTime(run.startedAt)}</td>
                <td className="px-2 py-2">
                  {run.durationMs === null ? "running" : formatDuration(run.durationMs)}
                </td>
                <td className="px-2 py-2 text-xs">
                  {run.steps.length > 0 || run.stepInHand ? <JobSteps run={run} /> : <code>{JSON.stringify(run.detail)}</code>}
                </td>
                <td className="px-2 py-2 text-xs text-red-800">{run.error ?? ""}</td>
              </tr>
            ))}
          </ScrollTable>
          <Pagination basePath={`/a/${account.id}/jobs`} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("run")} />
        </Card>
      )}
    </>
  );
}
