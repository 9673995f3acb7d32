"use client";

import { useState } from "react";
import { cn } from "@/lib/cn";
import { AsyncCombobox, type ComboboxOption } from "./async-combobox";
import { fieldDescribedBy, fieldId, fieldLabelClasses, FieldNotes } from "./field";
import { useFieldEcho } from "./form";

/** A combobox field's choice: the id the form sends and the words the button shows. */
export interface ComboboxChoice {
  value: string;
  label: string;
}

/**
 * A form field choosing one of more records than a `<select>` should carry (accounts, plans,
 * locations … at a large MSSP): an AsyncCombobox whose options come from a search route as the
 * person types (docs/screens.md#async-combobox). The choice travels in a hidden input named
 * `name`, so the action and its validation are those of a select ("" for `noneLabel`). The
 * choice lives in this component, so a refused submit keeps it, by name; the field's errors
 * come from the action like any other field's, and mark the button invalid (focus goes there).
 */
export function ComboboxField({
  name,
  label,
  selected,
  noneLabel,
  placeholderText = "Choose…",
  onChange,
  search,
  searchLabel,
  placeholder,
  optionsLabel,
  emptyText,
  hint,
  errors: givenErrors,
  idPrefix,
  className,
}: {
  name: string;
  label: string;
  /** The choice the form starts from (the record being edited, a sensible default), by its words. */
  selected: ComboboxChoice | null;
  /** The option that chooses nothing (e.g. "No plan"), sent as ""; omitted → none offered. */
  noneLabel?: string;
  /** The button's text while nothing is chosen and there is no "none" option. */
  placeholderText?: string;
  /** Tells the form about a new choice (e.g. the owner, which narrows the plans). */
  onChange?: (choice: ComboboxChoice | null) => void;
  search: (query: string, signal: AbortSignal) => Promise<ComboboxOption[]>;
  searchLabel: string;
  placeholder?: string;
  optionsLabel?: string;
  emptyText?: string;
  hint?: string;
  errors?: string[];
  /** Makes the ids unique when several forms on a page share a field name. */
  idPrefix?: string;
  className?: string;
}) {
  const echo = useFieldEcho(name);
  const errors = givenErrors ?? echo.errors;
  const [choice, setChoice] = useState(selected);
  const id = fieldId(name, idPrefix);
  return (
    <div className={cn("space-y-1", className)}>
      <AsyncCombobox
        label={label}
        showLabel
        labelClassName={fieldLabelClasses}
        look="field"
        searchLabel={searchLabel}
        placeholder={placeholder}
        optionsLabel={optionsLabel}
        emptyText={emptyText}
        selectedText={choice?.label ?? noneLabel ?? placeholderText}
        value={choice?.value ?? null}
        noneOption={noneLabel}
        search={search}
        field={{ invalid: Boolean(errors?.length), describedBy: fieldDescribedBy(id, errors, hint) }}
        onSelect={(option) => {
          const next = option ? { value: option.value, label: option.label } : null;
          setChoice(next);
          onChange?.(next);
        }}
      />
      <input type="hidden" name={name} value={choice?.value ?? ""} />
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
}
