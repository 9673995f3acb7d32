"use client";

import { wrapCell } from "@/components/ui/table-classes";
import { createApiKeyAction } from "@/actions/api-keys/create-api-key";
import { revokeApiKeyAction } from "@/actions/api-keys/revoke-api-key";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { Card } from "@/components/ui/page-header";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { SubmitButton } from "@/components/ui/submit-button";

const API_KEY_SCOPE_LABELS = { READ_WRITE: "Read and write", READ_ONLY: "Read only" } as const;

/** A date and time may break after its comma, so three timestamps never push the table past its frame at 1,280 px. */
const dateCell = "block min-w-24 whitespace-normal";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scope: "READ_WRITE" | "READ_ONLY";
  createdBy: string;
  createdAt: string;
  lastUsedAt: string;
  revokedAt: string | null;
}

export function ApiKeysPanel({ accountId, keys }: { accountId: string; keys: ApiKeyView[] }) {
  const createAction = useFormAction(createApiKeyAction);
  const createState = createAction.state;
  const revokeAction = useFormAction(revokeApiKeyAction);
  const revokeState = revokeAction.state;
  const columns: ColumnDef<ApiKeyView, unknown>[] = [
    { id: "name", header: "Name", cell: ({ row }) => <span className={`${wrapCell} font-medium`}>{row.original.name}</span> },
    { id: "prefix", header: "Key", cell: ({ row }) => <code className="text-xs">mlp_{row.original.prefix}_…</code> },
    { id: "scope", header: "Access", cell: ({ row }) => <span className={wrapCell}>{API_KEY_SCOPE_LABELS[row.original.scope]}</span> },
    { id: "createdBy", meta: { priority: "default" }, header: "Created by", cell: ({ row }) => <span className={wrapCell}>{row.original.createdBy}</span> },
    { id: "createdAt", meta: { priority: "optional" }, header: "Created", cell: ({ row }) => <span className={dateCell}>{row.original.createdAt}</span> },
    { id: "lastUsedAt", meta: { priority: "default" }, header: "Last used", cell: ({ row }) => <span className={dateCell}>{row.original.lastUsedAt}</span> },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) =>
        row.original.revokedAt ? (
          <>
            <Badge tone="slate">Revoked</Badge>
            <span className={`${dateCell} mt-1 text-xs text-slate-500`}>{row.original.revokedAt}</span>
          </>
        ) : (
          <Badge tone="green">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        row.original.revokedAt ? null : (
          <RowActions
            label={`Actions for ${row.original.name}`}
            forms={
              <Form
                id={`revoke-key-${row.original.id}`}
                hidden
                binding={revokeAction}
                confirmation={{ title: "Revoke API key", body: `Revoke the key "${row.original.name}"? Requests with it will be refused.`, confirmLabel: "Revoke", danger: true }}
              >
                <input type="hidden" name="accountId" value={accountId} />
                <input type="hidden" name="keyId" value={row.original.id} />
              </Form>
            }
          >
            <MenuSubmit form={`revoke-key-${row.original.id}`} danger aria-label={`Revoke ${row.original.name}`}>
              Revoke
            </MenuSubmit>
          </RowActions>
        ),
    },
  ];
  return (
    <>
      <Card title="Create a key">
        <Form binding={createAction} className="flex flex-wrap items-end gap-3" noValidate key={createState.status === "ok" ? createState.at : undefined}>
          <input type="hidden" name="accountId" value={accountId} />
          <TextField label="Key name" name="name" placeholder="e.g. Billing system" className="min-w-64" errors={createState.fieldErrors?.name} />
          <SelectField
            label="Access"
            name="scope"
            options={[
              { value: "READ_WRITE", label: API_KEY_SCOPE_LABELS.READ_WRITE },
              { value: "READ_ONLY", label: API_KEY_SCOPE_LABELS.READ_ONLY },
            ]}
            errors={createState.fieldErrors?.scope}
          />
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </Form>
        <div className="mt-3">
          <FormMessage state={createState} />
        </div>
        {createState.data?.key && (
          <p className="mt-3 break-all rounded-md bg-amber-50 p-3 font-mono text-sm ring-1 ring-amber-200" data-testid="new-api-key">
            {createState.data.key}
          </p>
        )}
      </Card>
      <FormMessage state={revokeState} />
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one to use the REST API.</EmptyState>
      ) : (
        <DataTable data={keys} columns={keys.some((key) => !key.revokedAt) ? columns : columns.filter((column) => column.id !== "actions")} caption="API keys" storageKey="api-keys" getRowId={(row) => row.id} />
      )}
    </>
  );
}
