import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";
import { Card, PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/dates";
import { listApiKeys } from "@/server/api-keys/list-api-keys";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  const keys = await listApiKeys(db, { actor, accountId: account.id });
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys act on ${account.name} and every account below it in the REST API: a read-and-write key as an admin, a read-only key as a viewer. Each key is shown once and stored only as a hash.`}
      />
      <div className="space-y-6">
        <ApiKeysPanel
          accountId={account.id}
          keys={keys.map((key) => ({
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            scope: key.scope,
            createdBy: key.createdBy,
            createdAt: formatDateTime(key.createdAt),
            lastUsedAt: key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never",
            revokedAt: key.revokedAt ? formatDateTime(key.revokedAt) : null,
          }))}
        />
        <Card title="Using a key">
          <p className="mb-3 text-sm text-slate-700">
            The <a className="text-blue-700 underline" href="/docs/api">API reference</a> lists every operation; its OpenAPI document is at{" "}
            <a className="text-blue-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </p>
          {/* Focusable: keyboard users can scroll the example sideways. */}
          <pre tabIndex={0} aria-label="Example request" className="relative overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{`curl -X POST https://<portal>/api/v1/contracts \\
  -H "Authorization: Bearer mlp_…" -H "Content-Type: application/json" \\
  -d '{"accountId":"<account id>","service":"harmony-browse","type":"SUBSCRIPTION",
       "quantity":50,"subscriptionReference":"SO-2026-0042"}'`}</pre>
        </Card>
      </div>
    </>
  );
}
