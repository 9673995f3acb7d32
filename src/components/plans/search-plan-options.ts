import type { ComboboxOption } from "@/components/ui/async-combobox";
import { fetchMatches } from "@/components/ui/fetch-matches";

/*
 * Plans as combobox options, from the plan search routes (docs/screens.md#async-combobox):
 * named by name, with the account that owns the plan beside it.
 */

async function planOptions(url: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const plans = await fetchMatches<{ id: string; name: string; ownerName: string }>(url, "plans", signal);
  return plans.map((plan) => ({ value: plan.id, label: plan.name, hint: plan.ownerName }));
}

/** The plans the Gateways list of `accountId` filters by: its own, shared with it, those below (`GET …/plans/search`). */
export function searchListPlanOptions(accountId: string, query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  return planOptions(`/a/${accountId}/plans/search?${new URLSearchParams({ q: query })}`, signal);
}

/** The plans a gateway owned by `ownerId` may be in: the owner's and those above it (`GET …/gateways/plans/search`). */
export function searchGatewayPlanOptions(accountId: string, ownerId: string, query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  return planOptions(`/a/${accountId}/gateways/plans/search?${new URLSearchParams({ owner: ownerId, q: query })}`, signal);
}
