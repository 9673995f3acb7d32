import type { ComboboxOption } from "@/components/ui/async-combobox";
import { fetchMatches } from "@/components/ui/fetch-matches";
import type { AssignableGateway } from "@/server/gateways/search-assignable-gateways";

/**
 * Gateways a plan's "Assign gateways" may add, as combobox options (`GET …/plans/<plan>/gateways/search`,
 * docs/gateways-and-plans.md#assign-gateways): named by name, with serial, owner, firmware and current plan beside it.
 */
export async function searchAssignableGatewayOptions(accountId: string, planId: string, query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const url = `/a/${accountId}/plans/${planId}/gateways/search?${new URLSearchParams({ q: query })}`;
  const gateways = await fetchMatches<AssignableGateway>(url, "gateways", signal);
  return gateways.map((gateway) => ({
    value: gateway.id,
    label: gateway.name,
    hint: `${gateway.serialNumber} · ${gateway.accountName} · ${gateway.firmwareVersion} · ${gateway.planName ? `now in ${gateway.planName}` : "no plan"}`,
  }));
}
