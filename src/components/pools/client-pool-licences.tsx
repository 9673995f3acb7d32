import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { SimpleTable, cell } from "./pool-tabs";

interface ClientPoolLicences {
  annual: { id: string; partnerName: string; product: string; years: number; quantity: number; startsOn: string; endsOn: string; current: boolean }[];
  monthly: { id: string; partnerName: string; product: string; devices: number; expiresOn: string }[];
  notices: { id: string; message: string; createdAt: Date }[];
}

/** A client's licences from its partner's pools, and renewal shortfalls that affected it. */
export function ClientPoolLicencesCard({ data, timezone }: { data: ClientPoolLicences; timezone: string }) {
  if (data.annual.length === 0 && data.monthly.length === 0 && data.notices.length === 0) return null;
  return (
    <Card title="Licences from pools">
      <div className="space-y-4">
        {data.notices.length > 0 && (
          <ul aria-label="Renewal shortfalls" className="space-y-2">
            {data.notices.map((notice) => (
              <li key={notice.id} className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                <span className="block text-xs text-amber-700">{formatDateTime(notice.createdAt, timezone)}</span>
                {notice.message}
              </li>
            ))}
          </ul>
        )}
        {data.annual.length > 0 && (
          <SimpleTable caption="Annual licences assigned to this account" headers={["Product", "Licences", "Duration", "Term", "From", "Status"]}>
            {data.annual.map((row) => (
              <tr key={row.id}>
                <td className={cell}>{row.product}</td>
                <td className={cell}>{row.quantity}</td>
                <td className={cell}>{row.years} year{row.years > 1 ? "s" : ""}</td>
                <td className={cell}>
                  {row.startsOn} – {row.endsOn}
                </td>
                <td className={cell}>{row.partnerName}</td>
                <td className={cell}>{row.current ? <Badge tone="green">Active</Badge> : <Badge>Ended</Badge>}</td>
              </tr>
            ))}
          </SimpleTable>
        )}
        {data.monthly.length > 0 && (
          <SimpleTable caption="Monthly licences (protected devices)" headers={["Product", "Protected devices", "Expires on", "From"]}>
            {data.monthly.map((row) => (
              <tr key={row.id}>
                <td className={cell}>{row.product}</td>
                <td className={cell}>{row.devices}</td>
                <td className={cell}>{row.expiresOn} (renewed automatically)</td>
                <td className={cell}>{row.partnerName}</td>
              </tr>
            ))}
          </SimpleTable>
        )}
      </div>
    </Card>
  );
}
