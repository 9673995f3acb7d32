import Link from "next/link";
import { notFound } from "next/navigation";
import { AssignAccessPointsForm, EditLocationForm, RemoveAccessPointForm, SendKeyPanel } from "@/components/locations/location-forms";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { Card, PageHeader } from "@/components/ui/page-header";
import { addDaysIso, dbDateToIso } from "@/lib/dates";
import { readStringParam } from "@/lib/list-params";
import { LICENCE_STATUS_LABEL, LICENCE_STATUS_TONE, SECTOR_LABEL } from "@/lib/labels";
import { can } from "@/server/auth/permissions";
import { orNotFound } from "@/server/edge/or-not-found";
import { getPortalContext } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getLocationDetail } from "@/server/locations/list-locations";
import { isQueuedRenewal, LIVE_LICENCE_STATUSES } from "@/server/locations/get-location-in-reach";

export const metadata = { title: "Location" };

export default async function LocationPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; locationId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, locationId } = await params;
  const search = await searchParams;
  const context = await getPortalContext(accountId);
  const detail = await orNotFound(getLocationDetail(db, { actor: context.actor, locationId }));
  // The location must sit at or below the account in the URL.
  if (!detail.account.path.startsWith(context.account.path)) notFound();
  const { location, account, accessPoints, unassigned, licences } = detail;
  const manage = can(context.actor, "account:manage", account);
  const live = licences.find((licence) => (LIVE_LICENCE_STATUSES as readonly string[]).includes(licence.status) && !isQueuedRenewal(licence));
  const renewal = licences.find(isQueuedRenewal);
  // A new key for a location whose licence is in use is a renewal that starts the day after it ends.
  const renewalStartsOn = live?.status === "IN_USE" && live.endsOn ? addDaysIso(dbDateToIso(live.endsOn), 1) : null;
  const canSendRenewal = manage && !renewal && renewalStartsOn !== null && licences.some((licence) => licence.status === "PENDING_PROVISION");
  const hospitality = location.sector === "HOSPITALITY";
  return (
    <>
      <PageHeader
        title={location.name}
        description={
          <>
            {location.address} · {SECTOR_LABEL[location.sector]} · {account.name}
          </>
        }
        actions={<Link className="text-sm text-brand-700 hover:underline" href={`/a/${accountId}/locations`}>All locations</Link>}
      />
      {readStringParam(search, "created") && <Notice>Location created.</Notice>}
      {readStringParam(search, "provisioned") &&
        (renewal?.startsOn ? (
          <Notice>Licence {renewal.key} provisioned as a renewal. Starts on {dbDateToIso(renewal.startsOn)}, the day after the current licence ends.</Notice>
        ) : live ? (
          <Notice>
            Licence {live.key} provisioned: {LICENCE_STATUS_LABEL[live.status]}. It starts counting once the location has 5 device connections.
          </Notice>
        ) : null)}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="License">
          {live ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-500">License Key</dt>
              <dd className="font-mono">
                <Link className="text-brand-700 hover:underline" href={`/a/${accountId}/licences/${live.id}`}>{live.key}</Link>
              </dd>
              <dt className="text-slate-500">Status</dt>
              <dd><Badge tone={LICENCE_STATUS_TONE[live.status]}>{LICENCE_STATUS_LABEL[live.status]}</Badge></dd>
              <dt className="text-slate-500">{hospitality ? "Rooms" : "APs"}</dt>
              <dd className="tabular-nums">{hospitality ? `${location.rooms} of ${live.maxRooms}` : `${accessPoints.length} of ${live.maxAccessPoints}`}</dd>
              <dt className="text-slate-500">Start date</dt>
              <dd>{live.startsOn ? dbDateToIso(live.startsOn) : "Starts at 5 device connections"}</dd>
              <dt className="text-slate-500">End date</dt>
              <dd>{live.endsOn ? dbDateToIso(live.endsOn) : "—"}</dd>
            </dl>
          ) : manage ? (
            <SendKeyPanel accountId={accountId} locationId={location.id} />
          ) : (
            <p className="text-sm text-slate-600">No license is provisioned on this location.</p>
          )}
          {renewal?.startsOn && (
            <p className="mt-3 rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900 ring-1 ring-blue-200">
              Renewal{" "}
              <Link className="font-mono font-medium hover:underline" href={`/a/${accountId}/licences/${renewal.id}`}>{renewal.key}</Link>{" "}
              starts on {dbDateToIso(renewal.startsOn)}
              {renewal.endsOn ? ` and ends on ${dbDateToIso(renewal.endsOn)}` : ""}.
            </p>
          )}
          {live && canSendRenewal && (
            <div className="mt-4 border-t border-slate-100 pt-3">
              <p className="mb-2 text-sm text-slate-600">A new license was issued for this location: send its key to renew. It starts on {renewalStartsOn}, the day after the current one ends.</p>
              <SendKeyPanel accountId={accountId} locationId={location.id} />
            </div>
          )}
          {licences.length > 0 && (
            <ul className="mt-4 space-y-1 border-t border-slate-100 pt-3 text-sm">
              {licences.map((licence) => (
                <li key={licence.id} className="flex items-center gap-2">
                  <Link className="font-mono text-brand-700 hover:underline" href={`/a/${accountId}/licences/${licence.id}`}>{licence.key}</Link>
                  <Badge tone={LICENCE_STATUS_TONE[licence.status]}>{LICENCE_STATUS_LABEL[licence.status]}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Access points">
          {accessPoints.length === 0 ? (
            <p className="mb-3 text-sm text-slate-600">No access point is configured on this location yet.</p>
          ) : (
            <ul className="mb-4 divide-y divide-slate-100 text-sm">
              {accessPoints.map((device) => (
                <li key={device.id} className="flex items-center justify-between py-1.5">
                  <span>
                    <span className="font-mono">{device.externalId}</span>
                    {device.name && <span className="ml-2 text-slate-500">{device.name}</span>}
                    <span className="block text-xs text-slate-500">Last seen {device.lastSeenAt ? device.lastSeenAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never"}</span>
                  </span>
                  {manage && <RemoveAccessPointForm accountId={accountId} locationId={location.id} deviceId={device.id} label={device.externalId} />}
                </li>
              ))}
            </ul>
          )}
          {manage && (
            <AssignAccessPointsForm
              accountId={accountId}
              locationId={location.id}
              candidates={unassigned.map((device) => ({ id: device.id, label: `${device.externalId}${device.name ? ` — ${device.name}` : ""}` }))}
            />
          )}
        </Card>
        {manage && (
          <Card title="Location data">
            <EditLocationForm accountId={accountId} locationId={location.id} location={{ name: location.name, address: location.address, sector: location.sector, rooms: location.rooms }} />
          </Card>
        )}
      </div>
    </>
  );
}
