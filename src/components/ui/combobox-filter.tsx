"use client";

import { useState } from "react";
import { AsyncCombobox, type ComboboxOption } from "./async-combobox";

/**
 * A filter of a list's GET form (`ListFilters`) whose choices are too many for a
 * `<select>` (docs/screens.md#async-combobox): the page holds only the current
 * choice, the options come from a search route as the person types. The choice
 * travels in a hidden field named `name`, so "Apply filters" puts it in the URL
 * like any other filter, and none (`noneLabel`) leaves the parameter out.
 */
export function ComboboxFilter({
  name,
  label,
  noneLabel,
  selected,
  search,
  searchLabel,
  placeholder,
  optionsLabel,
  emptyText,
}: {
  name: string;
  label: string;
  /** The option that filters nothing, e.g. "All plans". */
  noneLabel: string;
  /** The choice the URL carries, by its words. */
  selected: { value: string; label: string } | null;
  search: (query: string, signal: AbortSignal) => Promise<ComboboxOption[]>;
  searchLabel: string;
  placeholder?: string;
  optionsLabel?: string;
  emptyText?: string;
}) {
  const [choice, setChoice] = useState(selected);
  return (
    <div className="min-w-44 max-w-64">
      <AsyncCombobox
        label={label}
        showLabel
        look="field"
        searchLabel={searchLabel}
        placeholder={placeholder}
        optionsLabel={optionsLabel}
        emptyText={emptyText}
        selectedText={choice?.label ?? noneLabel}
        value={choice?.value ?? null}
        noneOption={noneLabel}
        search={search}
        onSelect={(option) => setChoice(option ? { value: option.value, label: option.label } : null)}
      />
      {choice && <input type="hidden" name={name} value={choice.value} />}
    </div>
  );
}
