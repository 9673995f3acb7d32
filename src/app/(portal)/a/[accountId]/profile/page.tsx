import { ChangePasswordForm } from "@/components/users/change-password-form";
import { SignOutEverywhereForm } from "@/components/users/sign-out-everywhere-form";
import { Card, PageHeader } from "@/components/ui/page-header";
import { getPortalContext } from "@/server/edge/portal-context";

export const metadata = { title: "Change password" };

export default async function ProfilePage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor } = await getPortalContext(accountId);
  return (
    <>
      <PageHeader title="Change password" description={`${actor.name} · ${actor.email}`} />
      <div className="max-w-lg space-y-6">
        <Card>
          <ChangePasswordForm />
        </Card>
        <Card title="Sessions">
          <SignOutEverywhereForm />
        </Card>
      </div>
    </>
  );
}
