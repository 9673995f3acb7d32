import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { exportJobStatus, getExportJobInReach } from "@/server/exports/export-jobs";

/** What the progress bar polls: the job's status, rows written of the estimate. Another person's job is a 404. */
export const GET = portalRoute<{ accountId: string; jobId: string }>(async (_request, { actor, params }) => {
  const { job } = await getExportJobInReach(db, { actor, accountId: params.accountId, jobId: params.jobId });
  return NextResponse.json(exportJobStatus(job), { headers: { "Cache-Control": "no-store" } });
});
