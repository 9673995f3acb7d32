"use client";

import type { Role } from "@/generated/prisma/enums";
import { changeMemberRoleAction } from "@/actions/users/change-member-role";
import { removeMemberAction } from "@/actions/users/remove-member";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Form, useFormAction, type FormBinding } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { controlClasses } from "@/components/ui/field";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { ROLE_LABEL } from "@/lib/labels";

export interface MemberView {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  lastSignInAt: string;
  addedAt: string;
}

function RoleForm({ accountId, member, binding }: { accountId: string; member: MemberView; binding: FormBinding }) {
  return (
    <Form binding={binding} className="flex items-center gap-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="membershipId" value={member.membershipId} />
      <label className="sr-only" htmlFor={`role-${member.membershipId}`}>
        Role of {member.email}
      </label>
      <select id={`role-${member.membershipId}`} name="role" defaultValue={member.role} className={`${controlClasses} w-28 py-1`}>
        {(["ADMIN", "VIEWER", "BILLING"] as const).map((role) => (
          <option key={role} value={role}>
            {ROLE_LABEL[role]}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" size="sm" aria-label={`Change role of ${member.email}`}>
        Change
      </SubmitButton>
    </Form>
  );
}

export function MembersTable({
  accountId,
  rows,
  canManage,
  currentUserId,
  pager,
}: {
  accountId: string;
  rows: MemberView[];
  canManage: boolean;
  currentUserId: string;
  /** The list's pager (server-rendered), under the table. */
  pager?: React.ReactNode;
}) {
  const roleAction = useFormAction(changeMemberRoleAction);
  const roleState = roleAction.state;
  const removeAction = useFormAction(removeMemberAction);
  const removeState = removeAction.state;
  const latest = (roleState.at ?? 0) > (removeState.at ?? 0) ? roleState : removeState;

  const columns: ColumnDef<MemberView, unknown>[] = [
    {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <div className="max-w-56 whitespace-normal break-words">
          <p className="font-medium">
            {row.original.name}
            {row.original.userId === currentUserId && <span className="ml-1 text-xs text-slate-500">(you)</span>}
          </p>
          <p className="text-xs text-slate-500">{row.original.email}</p>
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      cell: ({ row }) =>
        canManage ? (
          <RoleForm accountId={accountId} member={row.original} binding={roleAction} />
        ) : (
          ROLE_LABEL[row.original.role]
        ),
    },
    { id: "lastSignInAt", meta: { priority: "default" }, header: "Last sign-in", cell: ({ row }) => <span className="block max-w-24 whitespace-normal">{row.original.lastSignInAt}</span> },
    { id: "addedAt", meta: { priority: "optional" }, header: "Added", cell: ({ row }) => row.original.addedAt },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        canManage ? (
          <RowActions
            label={`Actions for ${row.original.email}`}
            forms={
              <Form
                id={`remove-member-${row.original.membershipId}`}
                hidden
                binding={removeAction}
                confirmation={{ title: "Remove user", body: `Remove ${row.original.email} from this account?`, confirmLabel: "Remove", danger: true }}
              >
                <input type="hidden" name="accountId" value={accountId} />
                <input type="hidden" name="membershipId" value={row.original.membershipId} />
              </Form>
            }
          >
            <MenuSubmit form={`remove-member-${row.original.membershipId}`} danger aria-label={`Remove ${row.original.email}`}>
              Remove
            </MenuSubmit>
          </RowActions>
        ) : null,
    },
  ];

  return (
    <div className="space-y-3">
      <FormMessage state={latest} />
      {rows.length === 0 ? (
        <EmptyState title="Nobody has a membership on this account yet">
          Admins of the accounts above it can still manage it.
        </EmptyState>
      ) : (
        <DataTable data={rows} columns={canManage ? columns : columns.filter((column) => column.id !== "actions")} caption="Users of this account" storageKey="members" getRowId={(row) => row.membershipId} />
      )}
      {pager}
    </div>
  );
}
