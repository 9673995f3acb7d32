"use client";

import { useCallback, useState, useTransition } from "react";
import { addGroupMemberAction } from "@/actions/groups/add-group-member";
import { AsyncCombobox, type ComboboxOption } from "@/components/ui/async-combobox";
import { useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";

/** End users of the account matching `query` who are not in the group yet, from the search route. */
async function searchOutsideGroup(accountId: string, groupId: string, query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const url = `/a/${accountId}/end-users/search?q=${encodeURIComponent(query)}&notInGroup=${encodeURIComponent(groupId)}`;
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as
    | { endUsers?: { id: string; name: string; externalId: string }[]; error?: { message?: string } }
    | null;
  if (!response.ok || !body?.endUsers) throw new Error(body?.error?.message ?? "Search failed. Try again.");
  return body.endUsers.map((user) => ({ value: user.id, label: user.name || user.externalId, hint: user.name ? user.externalId : undefined }));
}

/**
 * "Add member" of a group: a combobox that searches the customer's end users not in the
 * group on the server (docs/screens.md#async-combobox) and adds the one chosen at once. The
 * page never carries the list of candidates.
 */
export function AddGroupMember({ accountId, groupId }: { accountId: string; groupId: string }) {
  const action = useFormAction(addGroupMemberAction);
  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState<string | null>(null);
  const search = useCallback((query: string, signal: AbortSignal) => searchOutsideGroup(accountId, groupId, query, signal), [accountId, groupId]);
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
