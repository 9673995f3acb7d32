import { notFound } from "next/navigation";
import { DevicesTable, RegisterDeviceForm } from "@/components/devices/devices-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { ListFilters } from "@/components/ui/list-filters";
import { Card, PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requirePagePermission } from "@/server/edge/portal-context";
import { db } from "@/server/db";
import { listDevices } from "@/server/devices/list-devices";
import { DEVICE_KIND_LABEL } from "@/lib/labels";
import { deviceFiltersToParams, parseDeviceFilters } from "./device-filters";
import { noun } from "@/lib/plural";

const DEVICE_KINDS = Object.keys(DEVICE_KIND_LABEL) as (keyof typeof DEVICE_KIND_LABEL)[];

export const metadata = { title: "Devices" };

const KIND_OPTIONS = DEVICE_KINDS.map((value) => ({ value, label: DEVICE_KIND_LABEL[value] }));

export default async function DevicesPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { actor, account, can } = await requirePagePermission(accountId, "account:read");
  if (account.kind === "DISTRIBUTOR") notFound();
  const { list, filters } = parseDeviceFilters(search);
  // End users are not loaded here: the "Paired to" combobox searches them on demand
  // (docs/end-users-and-devices.md#pairing-search).
  const page = await listDevices(db, { actor, accountId: account.id, filters, page: list.page, pageSize: list.pageSize });
  const base = `/a/${account.id}/devices`;
  const filterParams = deviceFiltersToParams(filters);
  return (
    <>
      <PageHeader
        title="Devices"
        description={`Metered units of ${account.name} and the accounts below it: registered by an admin or on their first telemetry.`}
        actions={can("export") ? <ExportLinks href={`${base}/export`} params={filterParams} label="devices" /> : undefined}
      />
      <ListFilters
        searchLabel="Search devices"
        searchPlaceholder="Device id or name"
        q={filters.q}
        selects={[
          { name: "kind", label: "Kind", value: filters.kind, options: KIND_OPTIONS },
          { name: "pairing", label: "Pairing", value: filters.pairing, options: [{ value: "paired", label: "Paired to a user" }, { value: "standalone", label: "Standalone" }] },
          { name: "silent", label: "Last seen", value: filters.silentDays ? String(filters.silentDays) : undefined, options: [{ value: "1", label: "Silent 1+ day" }, { value: "7", label: "Silent 7+ days" }, { value: "30", label: "Silent 30+ days" }] },
        ]}
        hidden={{ sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
        <div>
          {page.total === 0 ? (
            <EmptyState title="No devices match">Devices appear on their first telemetry, or register one.</EmptyState>
          ) : (
            <>
              <DevicesTable accountId={account.id} rows={page.rows} canManage={can("account:manage")} />
              <Pagination basePath={base} params={{ ...filterParams, sort: list.sort, dir: list.dir, pageSize: String(list.pageSize) }} page={page} noun={noun("device")} />
            </>
          )}
        </div>
        {can("account:manage") && (
          <Card title="Register a device">
            <RegisterDeviceForm accountId={account.id} kinds={KIND_OPTIONS} />
          </Card>
        )}
      </div>
    </>
  );
}
