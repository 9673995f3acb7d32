"use client";

import { useCallback } from "react";
import { searchChildOptions } from "@/components/accounts/search-account-options";
import { ComboboxFilter } from "@/components/ui/combobox-filter";

/**
 * The Statements list's Buyer filter (issued statements): an MSSP has a thousand buyers, so they
 * are searched on the server (`GET /a/<account>/accounts/children/search`), never listed in the page.
 */
export function BuyerFilter({ accountId, selected }: { accountId: string; selected: { id: string; name: string } | null }) {
  const search = useCallback((query: string, signal: AbortSignal) => searchChildOptions(accountId, query, signal), [accountId]);
  return (
    <ComboboxFilter
      name="buyer"
      label="Buyer"
      noneLabel="All buyers"
      selected={selected ? { value: selected.id, label: selected.name } : null}
      search={search}
      searchLabel="Search buyers by name"
      placeholder="Buyer name"
      optionsLabel="Matching buyers"
      emptyText="No buyer matches."
    />
  );
}
