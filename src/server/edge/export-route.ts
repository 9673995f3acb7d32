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
import { parseExportFormat, tableExportResponse, type ExportColumn, type ExportFormat, type TotalsLine, type WorkbookSheet } from "@/server/exports/table-export";

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

/**
 * The route handler of every list export: `?format=xlsx|csv` plus the list's
 * own filters. The account must be in reach and the role allowed to export
 * (and to read what is exported). Every parameter is checked and the first
 * rows are read before the response starts, so bad input is a 400 naming the
 * parameter, not a broken download; the rows then stream (docs/exports.md).
 */
export function exportRoute<Row>(
  build: (context: { actor: Actor; account: Account; slug: string; params: URLSearchParams; format: ExportFormat }) => Promise<ExportSpec<Row>> | ExportSpec<Row>,
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
    const spec = await build({ actor, account, slug, params: url.searchParams, format });
    assertExportParams(url.searchParams, spec.params);
    return await tableExportResponse({
      format,
      filename: spec.filename ?? `${spec.name}-${slug}-${formatDate(new Date(), "yyyyMMdd")}`,
      sheetName: spec.sheetName,
      columns: spec.columns,
      rows: spec.rows,
      totals: spec.totals,
      moreSheets: spec.moreSheets,
    });
  });
}
