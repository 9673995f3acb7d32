"use client";

import { useCallback, useState, useTransition } from "react";
import { addGroupMemberAction } from "@/actions/groups/add-group-member";
import { AsyncCombobox } from "@/components/ui/async-combobox";
import { searchEndUserOptions } from "@/components/end-users/search-end-user-options";
import { useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";

/**
 * "Add member" of a group: a combobox that searches the customer's end users not in the
 * group on the server (docs/screens.md#async-combobox) and adds the one chosen at once. The
 * page never carries the list of candidates.
 */
export function AddGroupMember({ accountId, groupId }: { accountId: string; groupId: string }) {
  const action = useFormAction(addGroupMemberAction);
  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState<string | null>(null);
  const search = useCallback((query: string, signal: AbortSignal) => searchEndUserOptions(accountId, query, signal, { notInGroup: groupId }), [accountId, groupId]);
  return (
    <div className="space-y-2">
      <FormMessage state={action.state} />
      <AsyncCombobox
        label="Add a member:"
        searchLabel="Search end users by name or id"
        placeholder="Name or user id"
        optionsLabel="End users not in this group"
        selectedText={pending && chosen ? `Adding ${chosen}` : "Choose an end user…"}
        value={null}
        emptyText="No end user outside this group matches."
        search={search}
        pending={pending}
        onSelect={(option) => {
          if (!option) return;
          setChosen(option.label);
          const data = new FormData();
          data.set("accountId", accountId);
          data.set("groupId", groupId);
          data.set("endUserId", option.value);
          startTransition(() => action.action(data));
        }}
      />
    </div>
  );
}
