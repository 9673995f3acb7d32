import { db } from "@/server/db";
import { portalRoute } from "@/server/edge/portal-route";
import { getExportJobInReach, openExportJobFile } from "@/server/exports/export-jobs";
import { downloadHeaders } from "@/server/exports/table-export";

/** The finished file of a job, to whoever asked for it (reach and person checked in the query). */
export const GET = portalRoute<{ accountId: string; jobId: string }>(async (_request, { actor, params }) => {
  const { job } = await getExportJobInReach(db, { actor, accountId: params.accountId, jobId: params.jobId });
  const file = await openExportJobFile(job);
  return new Response(file.body, { headers: { ...downloadHeaders(file.fileName, file.contentType), "Content-Length": String(file.bytes) } });
});
