import { notFound } from "next/navigation";
import { ActionForm } from "@/components/subscriptions/action-form";
import { Card, PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listPerUserServices } from "@/server/subscriptions/list-per-user-services";
import { listSubscriptions } from "@/server/subscriptions/list-subscriptions";
import { addSubscriptionsAction } from "@/actions/subscriptions/add-subscriptions";

export const metadata = { title: "Add Subscriptions" };

export default async function AddSubscriptionsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:read");
  if (account.kind !== "CUSTOMER") notFound();
  const { subscriptions, canAdd } = await listSubscriptions(db, { actor, accountId: account.id });
  if (!canAdd) notFound();
  const services = await listPerUserServices(db);
  const held = new Set(subscriptions.map((s) => s.sku));
  return (
    <>
      <PageHeader
        title="Add Subscriptions"
        description={`Subscription packages for ${account.name}. Choose several at once; each becomes a subscription contract billed by active utilisation.`}
      />
      <div className="max-w-xl space-y-6">
        {services.map((service) => {
          const available = service.packages.filter((pkg) => !held.has(pkg.sku));
          return (
            <Card key={service.id} title={service.name}>
              {available.length === 0 ? (
                <p className="text-sm text-slate-600">{account.name} already has every package of {service.name}.</p>
              ) : (
                <ActionForm
                  action={addSubscriptionsAction}
                  hidden={{ accountId: account.id, service: service.code }}
                  submitLabel="Add Subscriptions"
                  pendingLabel="Adding…"
                  fields={[
                    { kind: "checkboxes", name: "packageSkus", label: "Packages", options: available.map((pkg) => ({ value: pkg.sku, label: `${pkg.name} (${pkg.sku})` })) },
                    { kind: "number", name: "quantity", label: "Quantity threshold (users)", hint: "Not enforced or billed: billing counts active users each month." },
                    { kind: "text", name: "subscriptionReference", label: "Order / User Center reference" },
                  ]}
                />
              )}
            </Card>
          );
        })}
      </div>
    </>
  );
}
