import { notFound } from "next/navigation";
import { LicenceRequestForm } from "@/components/locations/licence-forms";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { searchLicensableLocations } from "@/server/locations/search-licensable-locations";

export const metadata = { title: "Request license" };

/** A distributor generates a licence for a location below it (docs/location-licences.md#licence-request). */
export default async function RequestLicencePage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  if (account.kind !== "DISTRIBUTOR") notFound();
  // Only whether there is any: the form searches the locations as the person types (docs/screens.md#async-combobox).
  const locations = await searchLicensableLocations(db, { actor, accountId: account.id, q: "" });
  return (
    <>
      <PageHeader title="Request license" description="The license gets an unguessable key and a PDF with the location data; it stays Pending Provision until the key is sent on the location." />
      {locations.length === 0 ? (
        <EmptyState title="No locations yet">To request a license it is necessary to have already created a Location in the platform.</EmptyState>
      ) : (
        <Card>
          <LicenceRequestForm accountId={account.id} distributor={{ id: account.id, name: account.name }} />
        </Card>
      )}
    </>
  );
}
