import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { AddWebhookEndpointForm } from "@/components/webhooks/webhook-endpoint-form";
import { endpointStatus } from "@/components/webhooks/endpoint-status";
import { formatDateTime } from "@/lib/dates";
import { webhookEventLabel } from "@/lib/webhook-events";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { ScrollTable } from "@/components/ui/scroll-table";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const deleted = (await searchParams).deleted === "1";
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  const endpoints = await listWebhookEndpoints(db, { actor, accountId: account.id });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Endpoints receive events about ${account.name} and every account below it as signed HTTP POSTs (Standard Webhooks), retried for up to 3 days until they answer 2xx.`}
      />
      <div className="space-y-6">
        {deleted && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200">
            Endpoint deleted.
          </p>
        )}
        {endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">Add one below to hear about contracts, usage, statements and more as they happen.</EmptyState>
        ) : (
          <Card>
            <ScrollTable caption="Webhook endpoints" headers={["Endpoint", "Events", "Status", "Waiting", "Added"]}>
              {endpoints.map((endpoint) => {
                const status = endpointStatus(endpoint);
                return (
                  <tr key={endpoint.id}>
                    <td className="max-w-md px-2 py-2">
                      <Link href={`/a/${account.id}/webhooks/${endpoint.id}`} className="break-all font-medium text-brand-700 underline">
                        {endpoint.url}
                      </Link>
                      {endpoint.description && <span className="block text-xs text-slate-600">{endpoint.description}</span>}
                    </td>
                    <td className="px-2 py-2 text-xs">{endpoint.eventTypes.map(webhookEventLabel).join(", ")}</td>
                    <td className="px-2 py-2">
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </td>
                    <td className="px-2 py-2">{endpoint.waiting}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{formatDateTime(endpoint.createdAt)}</td>
                  </tr>
                );
              })}
            </ScrollTable>
          </Card>
        )}
        <Card title="Add an endpoint">
          <AddWebhookEndpointForm accountId={account.id} />
        </Card>
        <Card title="Verifying an event">
          {/* Focusable: keyboard users can scroll the example sideways. */}
          <pre tabIndex={0} aria-label="Verifying in Node" className="relative overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{`import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.WEBHOOK_SECRET); // whsec_…
// body: the raw request body; throws unless the signature and timestamp are right
const { type, timestamp, data } = wh.verify(body, {
  "webhook-id": req.headers["webhook-id"],
  "webhook-timestamp": req.headers["webhook-timestamp"],
  "webhook-signature": req.headers["webhook-signature"],
});
// Deliveries are at least once: skip a webhook-id you have already handled.`}</pre>
        </Card>
      </div>
    </>
  );
}
