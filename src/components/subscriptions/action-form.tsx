"use client";

import { useCallback, useId } from "react";
import { ComboboxField } from "@/components/ui/combobox-field";
import { fetchMatches } from "@/components/ui/fetch-matches";
import { Field, inputClasses, SelectField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { MenuSubmit, RowActions } from "@/components/ui/row-actions";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/form-state";
import { cn } from "@/lib/cn";

export type FormField =
  | { kind: "text" | "email" | "number"; name: string; label: string; defaultValue?: string; hint?: string; required?: boolean }
  | { kind: "select"; name: string; label: string; options: { value: string; label: string }[]; defaultValue?: string; hint?: string }
  | { kind: "checkboxes"; name: string; label: string; options: { value: string; label: string }[]; defaultChecked?: string[]; hint?: string }
  | { kind: "file"; name: string; label: string; accept: string; hint?: string }
  /** One record among many, searched on the server as the person types (docs/screens.md#async-combobox). */
  | { kind: "search"; name: string; label: string; search: SearchSource; placeholderText: string; hint?: string };

/**
 * Where a "search" field's options come from, as a server page can pass it: a search route
 * (`url`, without `q`) answering `{ [key]: [{ id, name }] }`, and the combobox's words.
 */
export interface SearchSource {
  url: string;
  key: string;
  searchLabel: string;
  optionsLabel: string;
  emptyText: string;
}

/**
 * A small form bound to one server action: fields with their errors (named by
 * field), the outcome announced, values kept on errors, reset after success.
 * Checkbox groups post one field per option ("<name>:<value>"), which the
 * action reads back as a list.
 */
export function ActionForm({
  action,
  hidden,
  fields = [],
  submitLabel,
  pendingLabel,
  variant = "primary",
  inline = false,
  confirm,
  rowMenu,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  fields?: FormField[];
  submitLabel: string;
  pendingLabel?: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  inline?: boolean;
  confirm?: string;
  /** In a table row: the row's actions menu label ("Actions for …"); the form has no field then. */
  rowMenu?: string;
}) {
  const formAction = useFormAction(action);
  const state = formAction.state;
  const formId = useId();
  if (rowMenu) {
    // docs/screens.md, "Tables": the form stays in the row, the menu item submits it.
    return (
      <>
        <RowActions
          label={rowMenu}
          forms={
            <Form id={formId} hidden binding={formAction} confirmation={confirm ? { title: submitLabel, body: confirm, confirmLabel: submitLabel } : undefined}>
              {Object.entries(hidden).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
            </Form>
          }
        >
          <MenuSubmit form={formId}>{submitLabel}</MenuSubmit>
        </RowActions>
        {state.status !== "idle" && <FormMessage state={state} />}
      </>
    );
  }
  const errors = state.fieldErrors ?? {};
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <Form
      binding={formAction}
      noValidate
      className={cn(inline ? "flex flex-wrap items-end gap-2" : "space-y-4")}
      key={state.status === "ok" ? state.at : undefined}
      confirmation={confirm ? { title: submitLabel, body: confirm, confirmLabel: submitLabel } : undefined}
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {!inline && <FormMessage state={state} />}
      {fields.map((field) => {
        const fieldErrors = errors[field.name];
        switch (field.kind) {
          case "select":
            return (
              <SelectField
                key={field.name}
                label={field.label}
                name={field.name}
                options={field.options}
                defaultValue={values[field.name] ?? field.defaultValue}
                hint={field.hint}
                errors={fieldErrors}
              />
            );
          case "checkboxes":
            return (
              <fieldset key={field.name} className="space-y-1" aria-describedby={fieldErrors?.length ? `field-${field.name}-error` : undefined}>
                <legend className="text-sm font-medium text-slate-700">{field.label}</legend>
                {field.options.map((option) => (
                  <label key={option.value} className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      name={`${field.name}:${option.value}`}
                      defaultChecked={field.defaultChecked?.includes(option.value)}
                      className="h-4 w-4 rounded border-slate-300"
                    />
                    {option.label}
                  </label>
                ))}
                {field.hint && <p className="text-xs text-slate-500">{field.hint}</p>}
                {fieldErrors?.length ? (
                  <p id={`field-${field.name}-error`} className="text-xs font-medium text-red-700">
                    {fieldErrors.join(" ")}
                  </p>
                ) : null}
              </fieldset>
            );
          case "search":
            return <SearchField key={field.name} field={field} errors={fieldErrors} />;
          case "file":
            return (
              <Field key={field.name} label={field.label} name={field.name} hint={field.hint} errors={fieldErrors}>
                {(aria) => <input type="file" name={field.name} accept={field.accept} className={inputClasses} {...aria} />}
              </Field>
            );
          default:
            return (
              <TextField
                key={field.name}
                label={field.label}
                name={field.name}
                type={field.kind}
                defaultValue={values[field.name] ?? field.defaultValue}
                hint={field.hint}
                errors={fieldErrors}
                required={field.required}
              />
            );
        }
      })}
      <SubmitButton variant={variant} size={inline ? "sm" : "md"} pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
      {inline && <FormMessage state={state} />}
    </Form>
  );
}

function SearchField({ field, errors }: { field: Extract<FormField, { kind: "search" }>; errors?: string[] }) {
  const { url, key } = field.search;
  const search = useCallback(async (query: string, signal: AbortSignal) => {
    const rows = await fetchMatches<{ id: string; name: string }>(`${url}${url.includes("?") ? "&" : "?"}${new URLSearchParams({ q: query })}`, key, signal);
    return rows.map((row) => ({ value: row.id, label: row.name }));
  }, [url, key]);
  return (
    <ComboboxField
      className="min-w-56"
      label={field.label}
      name={field.name}
      selected={null}
      placeholderText={field.placeholderText}
      search={search}
      searchLabel={field.search.searchLabel}
      optionsLabel={field.search.optionsLabel}
      emptyText={field.search.emptyText}
      hint={field.hint}
      errors={errors}
    />
  );
}
