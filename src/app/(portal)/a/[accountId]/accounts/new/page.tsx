import { notFound } from "next/navigation";
import { CreateAccountForm } from "@/components/accounts/create-account-form";
import { PageHeader } from "@/components/ui/page-header";
import { ACCOUNT_KIND_LABEL } from "@/lib/labels";
import { listTimezones } from "@/lib/timezones";
import { allowedChildKinds } from "@/server/auth/permissions";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Create account" };

export default async function NewAccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requirePagePermission(accountId, "account:manage");
  const kinds = allowedChildKinds(account.kind);
  if (kinds.length === 0) notFound();
  return (
    <>
      <PageHeader title="Create account" description={`A new account below ${account.name}.`} />
      <CreateAccountForm
        parentId={account.id}
        kinds={kinds.map((kind) => ({ value: kind, label: ACCOUNT_KIND_LABEL[kind] }))}
        timezones={listTimezones()}
        defaultTimezone={account.billingTimezone}
      />
    </>
  );
}
