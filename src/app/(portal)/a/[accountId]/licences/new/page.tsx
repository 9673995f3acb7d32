import { notFound } from "next/navigation";
import { LicenceRequestForm } from "@/components/locations/licence-forms";
import { EmptyState } from "@/components/ui/empty-state";
import { Card, PageHeader } from "@/components/ui/page-header";
import { locationLabel } from "@/lib/labels";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listLicensableLocations } from "@/server/locations/list-locations";

export const metadata = { title: "Request license" };

/** A distributor generates a licence for a location below it (docs/location-licences.md#licence-request). */
export default async function RequestLicencePage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requirePagePermission(accountId, "account:manage");
  if (account.kind !== "DISTRIBUTOR") notFound();
  const { locations, partners } = await listLicensableLocations(db, { actor, accountId: account.id });
  return (
    <>
      <PageHeader title="Request license" description="The license gets an unguessable key and a PDF with the location data; it stays Pending Provision until the key is sent on the location." />
      {locations.length === 0 ? (
        <EmptyState title="No locations yet">To request a license it is necessary to have already created a Location in the platform.</EmptyState>
      ) : (
        <Card>
          <LicenceRequestForm
            accountId={account.id}
            options={{
              locations: locations.map((location) => ({
                id: location.id,
                label: locationLabel({ name: location.name, sector: location.sector, accountName: location.account.name }),
                hospitality: location.sector === "HOSPITALITY",
                path: location.account.path,
              })),
              partners,
              distributors: [{ id: account.id, name: account.name }],
            }}
          />
        </Card>
      )}
    </>
  );
}
