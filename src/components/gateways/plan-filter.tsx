"use client";

import { useCallback } from "react";
import { ComboboxFilter } from "@/components/ui/combobox-filter";
import { searchListPlanOptions } from "@/components/plans/search-plan-options";

/**
 * The Gateways list's Plan filter: an MSSP can hold 2,000 plans, so they are searched
 * on the server (`GET /a/<account>/plans/search`) instead of listed in the page.
 * The URL keeps its `plan=<id>` parameter; the page passes the chosen plan's name.
 */
export function PlanFilter({ accountId, selected }: { accountId: string; selected: { id: string; name: string } | null }) {
  const search = useCallback((query: string, signal: AbortSignal) => searchListPlanOptions(accountId, query, signal), [accountId]);
  return (
    <ComboboxFilter
      name="plan"
      label="Plan"
      noneLabel="All plans"
      selected={selected ? { value: selected.id, label: selected.name } : null}
      search={search}
      searchLabel="Search plans by name"
      placeholder="Plan name"
      optionsLabel="Matching plans"
      emptyText="No plan matches."
    />
  );
}
