import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { endpointStatus } from "@/components/webhooks/endpoint-status";
import { WebhookDeliveryLog } from "@/components/webhooks/webhook-delivery-log";
import { WebhookEndpointControls } from "@/components/webhooks/webhook-endpoint-controls";
import { EditWebhookEndpointForm } from "@/components/webhooks/webhook-endpoint-form";
import { formatDateTime, timeOfDayIn, todayIn } from "@/lib/dates";
import { parseListParams } from "@/lib/list-params";
import { noun } from "@/lib/plural";
import { webhookEventLabel } from "@/lib/webhook-events";
import { requirePagePermission } from "@/server/edge/portal-context";
import { orNotFound } from "@/server/edge/or-not-found";
import { db } from "@/server/db";
import { getWebhookEndpointInReach } from "@/server/webhooks/get-webhook-endpoint";
import { listWebhookAttempts } from "@/server/webhooks/list-webhook-attempts";

export const metadata = { title: "Webhook endpoint" };

/** To the second: attempts a minute apart (the first retries) must read apart. */
const attemptTime = (at: Date) => `${todayIn("UTC", at)} ${timeOfDayIn(at, "UTC")} UTC`;

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string; endpointId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId, endpointId } = await params;
  const search = await searchParams;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  const { endpoint } = await orNotFound(getWebhookEndpointInReach(db, { actor, accountId: account.id, endpointId }));
  const list = parseListParams(search, { sortKeys: ["attemptedAt"] as const, defaultSort: "attemptedAt", defaultPageSize: 20 });
  const page = await listWebhookAttempts(db, { actor, accountId: account.id, endpointId: endpoint.id, page: list.page, pageSize: list.pageSize });
  const status = endpointStatus(endpoint);
  const base = `/a/${account.id}/webhooks/${endpoint.id}`;
  return (
    <>
      <PageHeader
        title="Webhook endpoint"
        description={
          <>
            <span className="break-all font-medium">{endpoint.url}</span> · <Badge tone={status.tone}>{status.label}</Badge>
            {endpoint.disabledAt && !endpoint.enabled && <> since {formatDateTime(endpoint.disabledAt)}</>}
            {endpoint.enabled && endpoint.failingSince && <> since {formatDateTime(endpoint.failingSince)}</>}
          </>
        }
        actions={
          <Link href={`/a/${account.id}/webhooks`} className="text-sm font-medium text-brand-700 underline">
            All endpoints
          </Link>
        }
      />
      <div className="space-y-6">
        <Card title="Actions">
          <WebhookEndpointControls accountId={account.id} endpointId={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />
        </Card>
        <Card title="Delivery log">
          {page.total === 0 && !page.notice ? (
            <EmptyState title="Nothing sent yet">Attempts appear here as events are posted; send a test event to try the endpoint.</EmptyState>
          ) : (
            <>
              {page.notice && <p className="mb-2 text-sm text-slate-700">{page.notice}</p>}
              <WebhookDeliveryLog
                accountId={account.id}
                endpointId={endpoint.id}
                attempts={page.rows.map((row) => ({
                  id: row.id,
                  deliveryId: row.deliveryId,
                  messageId: row.messageId,
                  eventLabel: webhookEventLabel(row.eventType),
                  attempt: row.attempt,
                  attemptedAt: attemptTime(row.attemptedAt),
                  succeeded: row.status === "SUCCEEDED",
                  responseCode: row.responseCode,
                  latencyMs: row.latencyMs,
                  error: row.error,
                  sending: row.deliveryStatus === "SENDING",
                }))}
              />
              <Pagination basePath={base} params={{ pageSize: String(list.pageSize) }} page={page} noun={noun("attempt")} />
            </>
          )}
        </Card>
        <Card title="Edit">
          <EditWebhookEndpointForm
            accountId={account.id}
            endpointId={endpoint.id}
            values={{ url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, enabled: endpoint.enabled }}
          />
        </Card>
      </div>
    </>
  );
}
