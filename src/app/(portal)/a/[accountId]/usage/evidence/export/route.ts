import { invalid } from "@/lib/errors";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import { portalRoute } from "@/server/auth/portal-route";
import { db } from "@/server/db";
import { parseExportFormat, tableExportResponse, type ExportColumn } from "@/server/exports/table-export";
import { listEvidence, type EvidenceRow } from "@/server/metering/list-evidence";

const COLUMNS: ExportColumn<EvidenceRow>[] = [
  { header: "Device id", value: (row) => row.externalId ?? row.deviceId, width: 28 },
  { header: "Kind", value: (row) => row.kind },
  { header: "First seen (UTC)", value: (row) => row.firstSeenAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Last seen (UTC)", value: (row) => row.lastSeenAt, numFmt: "yyyy-mm-dd hh:mm:ss", width: 20 },
  { header: "Events", value: (row) => row.events, numFmt: "0" },
  { header: "On PAYG", value: (row) => (row.payg ? "yes" : "no") },
  { header: "Paired user", value: (row) => row.endUser ?? "" },
];

export const GET = portalRoute<{ accountId: string }>(async (request, { actor, params }) => {
  const url = new URL(request.url);
  const format = parseExportFormat(url.searchParams.get("format"));
  if (!format) throw invalid("Choose format=xlsx or format=csv.", { format: ["Use xlsx or csv."] });
  const { account, role } = await getAccountInReach(db, actor, params.accountId);
  assertCan(role, "export");
  const evidence = await listEvidence(db, {
    actor,
    accountId: account.id,
    serviceId: url.searchParams.get("service") ?? "",
    day: url.searchParams.get("day") ?? "",
  });
  async function* rows() {
    yield* evidence.rows;
  }
  return tableExportResponse({
    format,
    filename: `evidence-${evidence.day}`,
    sheetName: "Evidence",
    columns: COLUMNS,
    rows: rows(),
  });
});
