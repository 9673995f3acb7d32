"use client";

import Link from "next/link";
import type { AccountKind, AccountStatus } from "@/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { MenuLink, RowActions } from "@/components/ui/row-actions";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL, STATUS_TONE } from "@/lib/labels";

export interface ChildAccountView {
  id: string;
  name: string;
  kind: AccountKind;
  status: AccountStatus;
  trialEndsOn: string | null;
  userCenterId: string | null;
  billingTimezone: string;
  createdAt: string;
  childCount: number;
  userCount: number;
}

export function ChildAccountsTable({ rows, canManage }: { rows: ChildAccountView[]; canManage: boolean }) {
  const columns: ColumnDef<ChildAccountView, unknown>[] = [
    {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <Link href={`/a/${row.original.id}`} className="font-medium text-brand-700 hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { id: "kind", meta: { priority: "default" }, header: "Kind", cell: ({ row }) => ACCOUNT_KIND_LABEL[row.original.kind] },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => (
        <span className="inline-flex items-center gap-2">
          <Badge tone={STATUS_TONE[row.original.status]}>{ACCOUNT_STATUS_LABEL[row.original.status]}</Badge>
          {row.original.trialEndsOn && <span className="text-xs text-slate-500">until {row.original.trialEndsOn}</span>}
        </span>
      ),
    },
    { id: "userCenterId", meta: { priority: "optional" }, header: "User Center ID", cell: ({ row }) => row.original.userCenterId ?? "—" },
    { id: "billingTimezone", meta: { priority: "optional" }, header: "Timezone", cell: ({ row }) => row.original.billingTimezone },
    { id: "children", meta: { priority: "default" }, header: "Accounts", cell: ({ row }) => row.original.childCount },
    { id: "users", meta: { priority: "default" }, header: "Users", cell: ({ row }) => row.original.userCount },
    { id: "createdAt", meta: { priority: "default" }, header: "Created", cell: ({ row }) => row.original.createdAt },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <RowActions label={`Actions for ${row.original.name}`}>
          <MenuLink href={`/a/${row.original.id}/settings`} aria-label={`${canManage ? "Edit" : "View"} ${row.original.name}`}>
            {canManage ? "Edit" : "View"}
          </MenuLink>
          {row.original.kind === "CUSTOMER" && canManage && (
            <MenuLink href={`/a/${row.original.id}/subscriptions/add`} aria-label={`Add Subscriptions for ${row.original.name}`}>
              Add Subscriptions
            </MenuLink>
          )}
          {row.original.kind === "CUSTOMER" && (
            <MenuLink href={`/a/${row.original.id}/subscriptions/report`} aria-label={`Usage/Report of ${row.original.name}`}>
              Usage/Report
            </MenuLink>
          )}
        </RowActions>
      ),
    },
  ];
  return (
    <DataTable
      data={rows}
      columns={columns}
      caption="Child accounts"
      storageKey="child-accounts"
      sortable={["name", "kind", "status", "createdAt"]}
      getRowId={(row) => row.id}
    />
  );
}
