import type { PackageSeatFilters, PackageSeatKind, PackageSeatRow } from "./list-package-seats";

/** Wording of the Usage/Report detail, shared by the page and the exports so both read the same. */
export const SEAT_KIND_LABEL: Record<PackageSeatKind, string> = {
  END_USER: "End user",
  STANDALONE_ENDPOINT: "Standalone endpoint",
};

export const SILENT_LABEL = "Silent — not billed";

export function seatBillingLabel(row: Pick<PackageSeatRow, "billed">): string {
  return row.billed ? "Billed" : SILENT_LABEL;
}

/** The name, else (a device without one) its external id, else "Purged …" for a record deleted under retention. */
export function seatDisplayName(row: Pick<PackageSeatRow, "name" | "externalId" | "kind">): string {
  if (row.name) return row.name;
  if (row.externalId) return row.externalId;
  return row.kind === "END_USER" ? "Purged end user" : "Purged device";
}

/** The detail filters of a Usage/Report URL (page or export): package, status (billed|silent), q. */
export function readPackageSeatFilters(params: URLSearchParams): PackageSeatFilters {
  const status = params.get("status");
  return {
    packageId: params.get("package")?.trim() || undefined,
    status: status === "billed" || status === "silent" ? status : undefined,
    q: params.get("q")?.trim().slice(0, 200) || undefined,
  };
}
