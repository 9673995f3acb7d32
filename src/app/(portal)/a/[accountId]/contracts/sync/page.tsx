import { notFound } from "next/navigation";
import { SyncUserCenterForm } from "@/components/contracts/sync-user-center-form";
import { Card, PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";

export const metadata = { title: "Sync UC" };

export default async function SyncUserCenterPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requirePagePermission(accountId, "account:manage");
  if (!account.userCenterId) notFound();
  return (
    <>
      <PageHeader
        title="Sync UC"
        description={`Pull the User Center contracts of ${account.name} (User Center ID ${account.userCenterId}) and update them here by contract id.`}
      />
      <Card>
        <SyncUserCenterForm accountId={account.id} feedConfigured={Boolean(process.env.USER_CENTER_FEED_URL)} />
      </Card>
    </>
  );
}
