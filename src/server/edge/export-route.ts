import "server-only";
import { format as formatDate } from "date-fns";
import type { Account } from "@/generated/prisma/client";
import { invalid } from "@/lib/errors";
import { db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan, type Permission } from "@/server/auth/permissions";
import { portalRoute } from "@/server/edge/portal-route";
import type { Actor } from "@/server/auth/reach";
import { assertExportParams } from "@/server/exports/export-params";
import { countExportRows, parseExportFormat, tableExportResponse, type ExportColumn, type ExportFormat, type TableExportOptions, type TotalsLine, type WorkbookSheet } from "@/server/exports/table-export";
import { exportJobThreshold } from "@/server/exports/export-config";
import { createExportJob, runExportJob } from "@/server/exports/export-jobs";
import { afterResponse } from "@/server/edge/after-response";

export interface ExportSpec<Row> {
  /** File name before the account and date, e.g. "contracts" → contracts-<account>-<yyyyMMdd>. */
  name: string;
  /** A whole file name (without extension) instead, for exports of one period or day. */
  filename?: string;
  sheetName: string;
  columns: ExportColumn<Row>[];
  rows: AsyncIterable<Row>;
  /** Lines after the rows: the totals row the page shows, in both formats. */
  totals?: TotalsLine[];
  /**
   * The query parameters this export reads, as it understood them (for a list,
   * its `…FiltersToParams` of the parsed filters). Anything else asked for, or
   * asked with another value, is refused before the file starts (export-params.ts).
   */
  params: Record<string, string | undefined>;
  /** Further .xlsx sheets (see workbookSheet); a CSV holds the main table only. */
  moreSheets?: WorkbookSheet[];
}

type ExportContext = { actor: Actor; account: Account; slug: string; params: URLSearchParams; format: ExportFormat };

function tableOf<Row>(spec: ExportSpec<Row>, context: ExportContext, format: ExportFormat): TableExportOptions<Row> {
  return {
    format,
    filename: spec.filename ?? `${spec.name}-${context.slug}-${formatDate(new Date(), "yyyyMMdd")}`,
    sheetName: spec.sheetName,
    columns: spec.columns,
    rows: spec.rows,
    totals: spec.totals,
    moreSheets: spec.moreSheets,
  };
}

/**
 * The route handler of every list export: `?format=xlsx|csv` plus the list's
 * own filters. The account must be in reach and the role allowed to export
 * (and to read what is exported). Every parameter is checked and the first
 * rows are read before the response starts, so bad input is a 400 naming the
 * parameter, not a broken download; the rows then stream (docs/exports.md).
 *
 * The file's rows (every sheet it holds) are counted up to the threshold + 1
 * first (a capped count, or rows read ahead up to the cap — never the whole
 * list; countExportRows): more than the threshold and the export
 * becomes a job written in the background after the answer, which sends the
 * browser to its progress page (docs/exports.md#export-jobs).
 */
export function exportRoute<Row>(
  build: (context: ExportContext) => Promise<ExportSpec<Row>> | ExportSpec<Row>,
  options: { permission?: Permission } = {},
) {
  return portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
    const url = new URL(request.url);
    const format = parseExportFormat(url.searchParams.get("format"));
    if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
    const { account } = await getAccountInReach(db, actor, params.accountId);
    if (options.permission) assertCan(actor, options.permission, account);
    assertCan(actor, "export", account);
    const slug = account.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
    const context: ExportContext = { actor, account, slug, params: url.searchParams, format };
    const spec = await build(context);
    assertExportParams(url.searchParams, spec.params);
    const table = tableOf(spec, context, format);
    const threshold = exportJobThreshold(spec.name);
    // A job belongs to a person; rows that cannot be counted stream as they always did.
    if (actor.userId && ((await countExportRows(table, threshold + 1)) ?? 0) > threshold) {
      const job = await createExportJob(db, {
        actor,
        account,
        list: spec.name,
        exportPath: url.pathname,
        params: Object.fromEntries(url.searchParams),
        format,
        fileName: `${table.filename}.${format}`,
      });
      // Built again after the answer, with fresh iterators; this request's are never read.
      const run = () => runExportJob(db, { jobId: job.id, open: async () => tableOf(await build(context), context, format) });
      await afterResponse(run);
      // A relative Location: behind a proxy (or at 127.0.0.1 vs localhost) the request's own host is not the browser's.
      return new Response(null, { status: 303, headers: { Location: `/a/${account.id}/exports/${job.id}`, "Cache-Control": "no-store" } });
    }
    return await tableExportResponse(table);
  });
}
