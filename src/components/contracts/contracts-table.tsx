"use client";

import { activateServiceAction } from "@/actions/contracts/activate-service";
import { archiveContractAction } from "@/actions/contracts/archive-contract";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuLink, MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { CONTRACT_STATUS_LABEL, CONTRACT_STATUS_TONE, CONTRACT_TYPE_LABEL, SERVICE_STATUS_LABEL } from "@/lib/labels";
import type { ContractRow } from "@/server/contracts/list-contracts";

/** Whether the person may do anything to a row (a read-only list has no actions column at all). */
const hasActions = ({ actions }: ContractRow) => Object.values(actions.edit).some(Boolean) || actions.cancel || actions.archive;

export function ContractsTable({
  accountId,
  rows,
  canActivate,
  empty,
}: {
  accountId: string;
  rows: ContractRow[];
  canActivate: boolean;
  /** Shown instead of the table when there is no row (the outcome message stays above it). */
  empty: React.ReactNode;
}) {
  const archiveAction = useFormAction(archiveContractAction);
  const archiveState = archiveAction.state;
  const activateAction = useFormAction(activateServiceAction);
  const activateState = activateAction.state;
  const latest = (archiveState.at ?? 0) > (activateState.at ?? 0) ? archiveState : activateState;

  const columns: ColumnDef<ContractRow, unknown>[] = [
    { id: "service", header: "Service name", cell: ({ row }) => <span className="block min-w-32 max-w-44 whitespace-normal font-medium">{row.original.serviceName}</span> },
    {
      id: "serviceStatus",
      header: "Service Status",
      cell: ({ row }) =>
        row.original.serviceStatus === "ACTIVE" ? (
          <Badge tone="green">{SERVICE_STATUS_LABEL.ACTIVE}</Badge>
        ) : canActivate ? (
          <Form binding={activateAction} className="flex flex-wrap items-center gap-1">
            <input type="hidden" name="accountId" value={accountId} />
            <input type="hidden" name="serviceId" value={row.original.serviceId} />
            <Badge tone="amber">{SERVICE_STATUS_LABEL.REQUIRES_ACTIVATION}</Badge>
            <SubmitButton size="sm" variant="secondary" aria-label={`Activate ${row.original.serviceName}`}>
              Activate
            </SubmitButton>
          </Form>
        ) : (
          <Badge tone="amber">{SERVICE_STATUS_LABEL.REQUIRES_ACTIVATION}</Badge>
        ),
    },
    {
      id: "type",
      meta: { priority: "default" },
      header: "Contract type",
      cell: ({ row }) => (
        <span className="block min-w-28 max-w-44 whitespace-normal">
          {CONTRACT_TYPE_LABEL[row.original.type]}
          {row.original.source === "USER_CENTER" && <span className="ml-1 text-xs text-slate-500">(User Center)</span>}
          {row.original.trialExpiryAction && (
            <span className="block text-xs text-slate-500">
              At expiry: {row.original.trialExpiryAction === "CONVERT" ? "convert to subscription" : "expire"}
            </span>
          )}
        </span>
      ),
    },
    {
      id: "status",
      header: "Contracts Status",
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1">
          <Badge tone={CONTRACT_STATUS_TONE[row.original.status]}>{CONTRACT_STATUS_LABEL[row.original.status]}</Badge>
          {row.original.archived && <Badge tone="slate">Archived</Badge>}
        </span>
      ),
    },
    {
      id: "package",
      meta: { priority: "default" },
      header: "Package (SKU)",
      cell: ({ row }) => (
        <span className="block max-w-36 whitespace-normal break-all" title={row.original.packageName}>
          {row.original.packageSku}
        </span>
      ),
    },
    {
      id: "addOns",
      meta: { priority: "optional" },
      header: "AddOns",
      cell: ({ row }) =>
        row.original.addOns.length ? (
          <span className="whitespace-normal text-xs">{row.original.addOns.map((addOn) => addOn.sku).join(", ")}</span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    { id: "quantity", meta: { priority: "default" }, header: "Quantity threshold", cell: ({ row }) => row.original.quantity.toLocaleString("en-US") },
    { id: "registeredOn", meta: { priority: "optional" }, header: "Registration Date", cell: ({ row }) => row.original.registeredOn },
    { id: "expiresOn", meta: { priority: "default" }, header: "Expires on", cell: ({ row }) => row.original.expiresOn ?? <span className="text-slate-500">—</span> },
    { id: "contractId", meta: { priority: "default" }, header: "Contract ID", cell: ({ row }) => <span className="font-mono text-xs">{row.original.contractId}</span> },
    { id: "userCenterId", meta: { priority: "optional" }, header: "User Center ID", cell: ({ row }) => row.original.userCenterId ?? <span className="text-slate-500">—</span> },
    {
      id: "syncUc",
      meta: { priority: "optional" },
      header: "Sync UC",
      cell: ({ row }) =>
        row.original.source === "USER_CENTER" ? (
          <span className="text-xs text-slate-600">
            {row.original.syncedAt ? `Synced ${new Date(row.original.syncedAt).toISOString().slice(0, 10)}` : "Not synced"}
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => {
        const { actions, id, contractId } = row.original;
        const editable = Object.values(actions.edit).some(Boolean);
        if (!editable && !actions.cancel && !actions.archive) return null;
        const archiveForm = `archive-contract-${id}`;
        return (
          <RowActions
            label={`Actions for contract ${contractId}`}
            forms={
              actions.archive && (
                <Form
                  id={archiveForm}
                  hidden
                  binding={archiveAction}
                  confirmation={{ title: "Archive contract", body: `Archive contract ${contractId}?`, confirmLabel: "Archive contract" }}
                >
                  <input type="hidden" name="accountId" value={accountId} />
                  <input type="hidden" name="contractId" value={id} />
                </Form>
              )
            }
          >
            {editable && (
              <MenuLink href={`/a/${accountId}/contracts/${id}/edit`} aria-label={`Edit Contract ${contractId}`}>
                Edit
              </MenuLink>
            )}
            {actions.cancel && (
              <MenuLink href={`/a/${accountId}/contracts/${id}/cancel`} aria-label={`Cancel Contract ${contractId}`}>
                Cancel
              </MenuLink>
            )}
            {actions.archive && (
              <MenuSubmit form={archiveForm} aria-label={`Archive contract ${contractId}`}>
                Archive contract
              </MenuSubmit>
            )}
          </RowActions>
        );
      },
    },
  ];

  return (
    <div className="space-y-3">
      <FormMessage state={latest} />
      {rows.length === 0 ? (
        empty
      ) : (
        <DataTable
          data={rows}
          columns={rows.some(hasActions) ? columns : columns.filter((column) => column.id !== "actions")}
          caption="Services and contracts"
          storageKey="contracts"
          sortable={["service", "type", "status", "registeredOn", "expiresOn", "contractId"]}
          getRowId={(row) => row.id}
        />
      )}
    </div>
  );
}
