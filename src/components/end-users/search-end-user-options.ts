import type { ComboboxOption } from "@/components/ui/async-combobox";
import { fetchMatches } from "@/components/ui/fetch-matches";

/**
 * End users of the account matching `query`, as combobox options, from the search route
 * (docs/end-users-and-devices.md#pairing-search): pairing a device, and (with `notInGroup`)
 * a group's "Add member". Named by name, with the external id beside it.
 */
export async function searchEndUserOptions(
  accountId: string,
  query: string,
  signal: AbortSignal,
  options: { notInGroup?: string } = {},
): Promise<ComboboxOption[]> {
  const search = new URLSearchParams({ q: query });
  if (options.notInGroup) search.set("notInGroup", options.notInGroup);
  const users = await fetchMatches<{ id: string; name: string; externalId: string }>(`/a/${accountId}/end-users/search?${search}`, "endUsers", signal);
  return users.map((user) => ({ value: user.id, label: user.name || user.externalId, hint: user.name ? user.externalId : undefined }));
}
