import Link from "next/link";
import { ExportLinks } from "@/components/ui/export-links";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { timeOfDayIn } from "@/lib/dates";
import { deviceKindLabel } from "@/lib/labels";
import { readStringParam } from "@/lib/list-params";
import { orNotFound } from "@/server/edge/or-not-found";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listEvidence } from "@/server/usage";

export const metadata = { title: "Evidence" };

export default async function EvidencePage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "usage:read");
  const serviceId = readStringParam(search, "service") ?? "";
  const day = readStringParam(search, "day") ?? "";
  const evidence = await orNotFound(listEvidence(db, { actor, accountId: account.id, serviceId, day }), { codes: ["NOT_FOUND", "INVALID"] });
  // The day is the account's local day, so its times are read on the account's clock too.
  const zone = account.billingTimezone;
  return (
    <>
      <PageHeader
        title={`Devices active on ${evidence.day}`}
        description={
          <>
            {evidence.serviceName} · {account.name} (times in {zone}) ·{" "}
            <Link className="text-brand-700 underline" href={`/a/${account.id}/usage?month=${evidence.day.slice(0, 7)}`}>
              Back to the usage report
            </Link>
          </>
        }
        actions={<ExportLinks href={`/a/${account.id}/usage/evidence/export`} params={{ service: serviceId, day }} label="evidence" />}
      />
      {evidence.rows.length === 0 ? (
        <EmptyState title="No device of this service was active that day" />
      ) : (
        <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Evidence: devices active that day</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Device id</th>
                <th scope="col" className="px-3 py-2">Kind</th>
                <th scope="col" className="px-3 py-2">First seen ({zone})</th>
                <th scope="col" className="px-3 py-2">Last seen ({zone})</th>
                <th scope="col" className="px-3 py-2">Events</th>
                <th scope="col" className="px-3 py-2">On PAYG</th>
                <th scope="col" className="px-3 py-2">Paired user</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {evidence.rows.map((row) => (
                <tr key={row.deviceId}>
                  <td className="px-3 py-2 font-mono text-xs">{row.externalId ?? `${row.deviceId} (purged)`}</td>
                  <td className="px-3 py-2">{deviceKindLabel(row.kind)}</td>
                  <td className="px-3 py-2">{timeOfDayIn(row.firstSeenAt, zone)}</td>
                  <td className="px-3 py-2">{timeOfDayIn(row.lastSeenAt, zone)}</td>
                  <td className="px-3 py-2">{row.events}</td>
                  <td className="px-3 py-2">{row.payg ? "yes" : "no"}</td>
                  <td className="px-3 py-2">{row.endUser ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
