"use client";

import { useCallback } from "react";
import { searchChildOptions } from "@/components/accounts/search-account-options";
import { ComboboxField } from "@/components/ui/combobox-field";

/**
 * A pool assignment's "Client account": one of the partner's direct children that is not
 * inactive (docs/pools-and-points.md#who-holds-pools), searched on the server, as a partner
 * can have 1,000 clients (docs/screens.md#async-combobox).
 */
export function ClientAccountField({ partnerId, idPrefix, errors }: { partnerId: string; idPrefix: string; errors?: string[] }) {
  const search = useCallback((query: string, signal: AbortSignal) => searchChildOptions(partnerId, query, signal, { live: true }), [partnerId]);
  return (
    <ComboboxField
      idPrefix={idPrefix}
      label="Client account"
      name="clientAccountId"
      selected={null}
      placeholderText="Choose a client"
      search={search}
      searchLabel="Search client accounts by name"
      placeholder="Account name"
      optionsLabel="Client accounts"
      emptyText="No client account matches."
      errors={errors}
    />
  );
}
