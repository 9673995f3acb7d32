import Link from "next/link";
import { notFound } from "next/navigation";
import { LicenceAccessForm } from "@/components/locations/licence-forms";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Card, PageHeader } from "@/components/ui/page-header";
import { dbDateToIso, formatDateTime } from "@/lib/dates";
import { readStringParam } from "@/lib/list-params";
import { auditActionLabel, fieldLabel, LICENCE_MODULES, LICENCE_STATUS_DESCRIPTION, LICENCE_STATUS_LABEL, LICENCE_STATUS_TONE, PAYMENT_LABEL, SECTOR_LABEL, valueLabel, type LicenceModule } from "@/lib/labels";
import { orNotFound } from "@/server/edge/or-not-found";
import { getPortalContext } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { getLicenceData } from "@/server/locations/get-licence-data";
import { formatCount, noun } from "@/lib/plural";

export const metadata = { title: "View license data" };

const NOTICE_TONE = { PENDING: "blue", SENDING: "blue", SENT: "green", FAILED: "red", SKIPPED: "slate", IN_APP: "slate" } as const;
const NOTICE_LABEL = { PENDING: "Queued", SENDING: "Sending", SENT: "Sent", FAILED: "Failed", SKIPPED: "Skipped", IN_APP: "In-app" } as const;

function describeChange(value: unknown): string {
  if (!value || typeof value !== "object") return "";
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${fieldLabel(key)}: ${valueLabel(item)}`)
    .join(" · ");
}

export default async function LicenceDataPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; licenceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, licenceId } = await params;
  const search = await searchParams;
  const context = await getPortalContext(accountId);
  const data = await orNotFound(getLicenceData(db, { actor: context.actor, licenceId }));
  const { licence, inUse, upgrades, notices } = data;
  if (!licence.account.path.startsWith(context.account.path)) notFound();
  const hospitality = licence.location.sector === "HOSPITALITY";
  const tzName = licence.account.billingTimezone;
  return (
    <>
      <PageHeader
        title="View license data"
        description={
          <>
            <span className="font-mono">{licence.key}</span> · <Badge tone={LICENCE_STATUS_TONE[licence.status]}>{LICENCE_STATUS_LABEL[licence.status]}</Badge>
          </>
        }
        actions={
          <>
            <a className={buttonClasses("primary")} href={`/a/${accountId}/licences/${licence.id}/pdf`} download>
              Download PDF
            </a>
            <Link className={buttonClasses("secondary")} href={`/a/${accountId}/licences`}>
              All licenses
            </Link>
          </>
        }
      />
      {readStringParam(search, "generated") && <Notice>License generated: download the PDF and give it to the location&apos;s organization.</Notice>}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="General data">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-slate-500">Organization</dt>
            <dd>{licence.account.name}</dd>
            <dt className="text-slate-500">Partner/integrator</dt>
            <dd>{licence.partner.name}</dd>
            <dt className="text-slate-500">Distributor/Wholesaler</dt>
            <dd>{licence.distributor.name}</dd>
            <dt className="text-slate-500">Status</dt>
            <dd>{LICENCE_STATUS_DESCRIPTION[licence.status]}{licence.deniedReason ? ` Reason: ${licence.deniedReason}` : ""}</dd>
            <dt className="text-slate-500">Start date</dt>
            <dd>{licence.startsOn ? (licence.status === "PENDING_START" ? `Starts on ${dbDateToIso(licence.startsOn)}` : dbDateToIso(licence.startsOn)) : "—"}</dd>
            <dt className="text-slate-500">End date</dt>
            <dd>{licence.endsOn ? dbDateToIso(licence.endsOn) : "—"}</dd>
            <dt className="text-slate-500">Duration</dt>
            <dd>
              {licence.years} year{licence.years > 1 ? "s" : ""} · {PAYMENT_LABEL[licence.payment]} payment
            </dd>
            <dt className="text-slate-500">APs</dt>
            <dd className="tabular-nums">{hospitality ? "—" : `${inUse.accessPoints} in use of ${licence.maxAccessPoints} maximum`}</dd>
            <dt className="text-slate-500">Rooms</dt>
            <dd className="tabular-nums">{hospitality ? `${inUse.rooms} in use of ${licence.maxRooms} maximum` : "—"}</dd>
          </dl>
        </Card>
        <Card title="Platform Modules">
          {licence.modules.length === 0 ? (
            <p className="text-sm text-slate-600">No advanced modules.</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {licence.modules.map((code) => (
                <li key={code}>
                  <Badge tone="violet">{LICENCE_MODULES[code as LicenceModule] ?? code}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Assignments">
          {licence.provisionedAt ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
              <dt className="text-slate-500">Location</dt>
              <dd>
                <Link className="text-brand-700 hover:underline" href={`/a/${accountId}/locations/${licence.location.id}`}>{licence.location.name}</Link> ({SECTOR_LABEL[licence.location.sector]})
              </dd>
              <dt className="text-slate-500">Configured elements</dt>
              <dd>{hospitality ? `${formatCount(inUse.rooms, noun("room"))}, ${formatCount(inUse.accessPoints, noun("access point"))}` : formatCount(inUse.accessPoints, noun("access point"))}</dd>
              <dt className="text-slate-500">Provisioned</dt>
              <dd>{formatDateTime(licence.provisionedAt, tzName)}</dd>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">
              Not assigned yet: issued for {licence.location.name}. Send the key on that location to assign it.
            </p>
          )}
        </Card>
        {data.canChangeAccess && licence.status !== "CONTRACT_FINALIZED" && (
          <Card title={licence.status === "ACCESS_DENIED" ? "Restore access" : "Deny access"}>
            <LicenceAccessForm accountId={accountId} licenceId={licence.id} denied={licence.status === "ACCESS_DENIED"} />
          </Card>
        )}
        <Card title="Upgrades">
          <ol className="space-y-2 text-sm">
            {upgrades.map((event) => (
              <li key={event.id.toString()}>
                <span className="font-medium">{auditActionLabel(event.action)}</span>{" "}
                <span className="text-slate-500">
                  {formatDateTime(event.createdAt, tzName)} · {event.actorLabel}
                </span>
                <span className="block text-xs text-slate-600">{describeChange(event.after)}</span>
              </li>
            ))}
          </ol>
        </Card>
        <Card title="Notifications">
          {notices.length === 0 ? (
            <p className="text-sm text-slate-600">No notification yet: expiry notices start 1 month before the end date.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {notices.map((notice) => (
                <li key={notice.id}>
                  <Badge tone={NOTICE_TONE[notice.status]}>{NOTICE_LABEL[notice.status]}</Badge> <span className="font-medium">{notice.title}</span>
                  <span className="block text-xs text-slate-500">
                    {notice.sentAt ? `Sent ${formatDateTime(notice.sentAt, tzName)}` : `Created ${formatDateTime(notice.createdAt, tzName)}`}
                    {notice.status === "SKIPPED" ? " · superseded by a more recent notice, never sent" : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
