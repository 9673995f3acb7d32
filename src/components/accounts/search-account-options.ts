import type { AccountKind } from "@/generated/prisma/enums";
import type { ComboboxOption } from "@/components/ui/async-combobox";
import { fetchMatches } from "@/components/ui/fetch-matches";
import { ACCOUNT_KIND_LABEL } from "@/lib/labels";

/*
 * Accounts as combobox options, from the accounts search routes (docs/screens.md#async-combobox):
 * named by name, with their kind beside it in words.
 */

type AccountRow = { id: string; name: string; kind: AccountKind };

async function accountOptions(url: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const accounts = await fetchMatches<AccountRow>(url, "accounts", signal);
  return accounts.map((account) => ({ value: account.id, label: account.name, hint: ACCOUNT_KIND_LABEL[account.kind] }));
}

/** Accounts at or below `accountId` that may own a gateway or a location (`GET …/accounts/owners/search`). */
export function searchOwnerOptions(accountId: string, query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  return accountOptions(`/a/${accountId}/accounts/owners/search?${new URLSearchParams({ q: query })}`, signal);
}

/** Direct children of `parentId`; `live` leaves inactive ones out (`GET …/accounts/children/search`). */
export function searchChildOptions(parentId: string, query: string, signal: AbortSignal, options: { live?: boolean } = {}): Promise<ComboboxOption[]> {
  const search = new URLSearchParams({ q: query });
  if (options.live) search.set("live", "1");
  return accountOptions(`/a/${parentId}/accounts/children/search?${search}`, signal);
}
