"use client";

import * as Popover from "@radix-ui/react-popover";
import { Command } from "cmdk";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { buttonClasses } from "./button";
import { controlClasses } from "./field";

export interface ComboboxOption {
  value: string;
  label: string;
  /** A second, quieter line (e.g. an external id). */
  hint?: string;
}

/** What the server answered for the text typed so far. */
type Results =
  | { status: "loading" }
  | { status: "ok"; options: ComboboxOption[] }
  | { status: "error"; message: string };

/** How long typing must pause before the server is asked. */
const DEBOUNCE_MS = 250;

/**
 * A button that opens a searchable list whose options come from the server as
 * the person types (docs/screens.md#async-combobox): only the current choice is
 * in the page, never the whole list. The button shows the choice ("Paired to
 * Alice"); its accessible name is `label` followed by that text. In the popover
 * a search box (arrows move through the results, Enter picks, Escape closes), an
 * optional "none" option first (e.g. "Standalone"), then the matches.
 */
export function AsyncCombobox({
  label,
  searchLabel,
  placeholder = "Type to search",
  optionsLabel = "Matches",
  selectedText,
  value,
  noneOption,
  search,
  onSelect,
  pending = false,
  disabled = false,
  emptyText = "No matches.",
  showLabel = false,
  labelClassName,
  look = "button",
  field,
  className,
}: {
  /** Accessible name of the button, e.g. "End user of D-1". */
  label: string;
  /** Print `label` above the button (a filter among labelled fields) instead of only naming it. */
  showLabel?: boolean;
  /** The printed label's look, when `showLabel` (a form field prints it like its other fields). */
  labelClassName?: string;
  /** "field": looks like the inputs beside it (a list's filters); "button": a small button (a table cell). */
  look?: "button" | "field";
  /** Accessible name of the search box, e.g. "Search end users". */
  searchLabel: string;
  placeholder?: string;
  /** Accessible name of the list of options, e.g. "Matching end users". */
  optionsLabel?: string;
  /** The button's visible text for the current choice. */
  selectedText: string;
  /** The current choice (null for the "none" option). */
  value: string | null;
  /** Label of the option that chooses nothing (null); omitted → no such option. */
  noneOption?: string;
  /** Fetches the options matching `query`; aborted when the person types on. */
  search: (query: string, signal: AbortSignal) => Promise<ComboboxOption[]>;
  onSelect: (option: ComboboxOption | null) => void;
  /** The choice is being saved: the button says so and does not open (it keeps focus). */
  pending?: boolean;
  disabled?: boolean;
  emptyText?: string;
  /**
   * A form's field (ComboboxField): the button is a combobox named by `label` alone, its text
   * being the value; `invalid` marks a refused choice (focus goes there after a refused submit),
   * `describedBy` names the field's error and hint.
   */
  field?: { invalid: boolean; describedBy?: string };
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Results>({ status: "loading" });
  const labelId = useId();
  const buttonId = useId();
  const searchRef = useRef(search);
  useEffect(() => {
    searchRef.current = search;
  }, [search]);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        searchRef.current(query.trim(), controller.signal).then(
          (options) => setResults({ status: "ok", options }),
          (error: unknown) => {
            if (controller.signal.aborted) return;
            setResults({ status: "error", message: error instanceof Error && error.message ? error.message : "Search failed. Try again." });
          },
        );
      },
      // The first list on opening comes at once; later keystrokes wait for a pause.
      results.status === "loading" && query === "" ? 0 : DEBOUNCE_MS,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `results` only picks the delay; a new answer must not ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, query]);

  function changeOpen(next: boolean) {
    // While a choice is being saved the button stays focusable (focus returns to it) but does not open.
    if (next && pending) return;
    setOpen(next);
    if (!next) {
      setQuery("");
      setResults({ status: "loading" });
    }
  }

  function choose(option: ComboboxOption | null) {
    changeOpen(false);
    if ((option?.value ?? null) !== value) onSelect(option);
  }

  const itemClasses =
    "flex cursor-pointer flex-col rounded px-2 py-1.5 text-sm text-slate-800 data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-900";

  return (
    <Popover.Root open={open} onOpenChange={changeOpen}>
      <span id={labelId} className={showLabel ? (labelClassName ?? "block text-xs font-medium text-slate-600") : "sr-only"}>
        {label}
      </span>
      <Popover.Trigger asChild>
        <button
          type="button"
          id={buttonId}
          aria-labelledby={field ? labelId : `${labelId} ${buttonId}`}
          disabled={disabled}
          aria-busy={pending || undefined}
          {...(field ? { role: "combobox", "aria-invalid": field.invalid || undefined, "aria-describedby": field.describedBy } : {})}
          className={
            look === "field"
              ? cn(controlClasses, "flex w-full items-center justify-between gap-1.5 text-left hover:bg-slate-50", className)
              : buttonClasses("secondary", "sm", `max-w-56 justify-between ${className ?? ""}`)
          }
        >
          <span className="truncate">{pending ? "Saving…" : selectedText}</span>
          <span aria-hidden="true" className="text-slate-500">
            ▾
          </span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          className="z-50 w-72 min-w-(--radix-popover-trigger-width) rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200"
          aria-label={label}
        >
          {/* cmdk names its input through aria-labelledby → its hidden label: the search label. */}
          <Command shouldFilter={false} label={searchLabel} loop>
            <Command.Input
              value={query}
              onValueChange={setQuery}
              placeholder={placeholder}
              className="mb-1 w-full rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-brand-600 focus:outline-none"
            />
            <Command.List className="max-h-64 overflow-y-auto" label={optionsLabel}>
              {noneOption && (
                <Command.Item value="__none__" onSelect={() => choose(null)} className={itemClasses}>
                  <span>
                    {noneOption}
                    {value === null && <span className="sr-only"> (current)</span>}
                  </span>
                </Command.Item>
              )}
              {results.status === "loading" && (
                <Command.Loading>
                  <p className="px-2 py-1.5 text-sm text-slate-600">Searching…</p>
                </Command.Loading>
              )}
              {results.status === "error" && (
                <p role="alert" className="px-2 py-1.5 text-sm text-red-700">
                  {results.message}
                </p>
              )}
              {results.status === "ok" && results.options.length === 0 && (
                <p role="status" className="px-2 py-1.5 text-sm text-slate-600">
                  {emptyText}
                </p>
              )}
              {results.status === "ok" &&
                results.options.map((option) => (
                  <Command.Item key={option.value} value={option.value} onSelect={() => choose(option)} className={itemClasses}>
                    <span>
                      {option.label}
                      {option.value === value && <span className="sr-only"> (current)</span>}
                    </span>
                    {option.hint && <span className="text-xs text-slate-600">{option.hint}</span>}
                  </Command.Item>
                ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
