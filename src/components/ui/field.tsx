import { cn } from "@/lib/cn";
// A "use client" module: these fields are rendered only inside client forms, while server pages
// import just the class names below.
import { useFieldEcho } from "./form";

/** Input look without width, for inline controls inside tables. */
export const controlClasses =
  "block rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:ring-red-500";

export const inputClasses = `${controlClasses} w-full`;

interface FieldProps {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  className?: string;
  /** Makes the control's id unique when several forms on a page share a field name. */
  idPrefix?: string;
  children?: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => React.ReactNode;
}

/**
 * A labelled control with its hint and errors wired to it for screen readers. Inside a <Form>
 * the errors default to the ones the action gave this field's name.
 */
export function Field({ label, name, errors: givenErrors, hint, className, idPrefix, children }: FieldProps) {
  const echo = useFieldEcho(name);
  const errors = givenErrors ?? echo.errors;
  const id = fieldId(name, idPrefix);
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className={fieldLabelClasses}>
        {label}
      </label>
      {children?.({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": fieldDescribedBy(id, errors, hint) })}
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
}

export const fieldLabelClasses = "block text-sm font-medium text-slate-700";

/** The id of a field's control; its hint and error are `<id>-hint` and `<id>-error`. */
export function fieldId(name: string, idPrefix?: string): string {
  return `${idPrefix ?? "field"}-${name}`;
}

/** What a field's control is described by: its error, then its hint. */
export function fieldDescribedBy(id: string, errors?: string[], hint?: string): string | undefined {
  return [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

/**
 * A field's hint and errors under its control, with the ids `fieldDescribedBy` points to. The hint is
 * slate-600: a form straight on the page's grey background (Register gateway) fails contrast with slate-500.
 */
export function FieldNotes({ id, hint, errors }: { id: string; hint?: string; errors?: string[] }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  label,
  name,
  errors,
  hint,
  className,
  idPrefix,
  ...input
}: Omit<FieldProps, "children"> & React.InputHTMLAttributes<HTMLInputElement>) {
  const echo = useFieldEcho(name);
  return (
    <Field label={label} name={name} errors={errors} hint={hint} className={className} idPrefix={idPrefix}>
      {(aria) => <input name={name} className={inputClasses} {...aria} {...input} {...echoedDefault(echo.value, input)} />}
    </Field>
  );
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  className,
  idPrefix,
  options,
  ...select
}: Omit<FieldProps, "children"> &
  React.SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const echo = useFieldEcho(name);
  return (
    <Field label={label} name={name} errors={errors} hint={hint} className={className} idPrefix={idPrefix}>
      {(aria) => (
        <select name={name} className={inputClasses} {...aria} {...select} {...echoedDefault(echo.value, select)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * After a refused submit an uncontrolled control starts from what was sent (docs/screens.md,
 * "Forms"); a controlled one (`value`) is left to its owner, and files and passwords are never echoed.
 */
function echoedDefault(echoed: string | undefined, props: { value?: unknown; type?: string }): { defaultValue?: string } {
  if (echoed === undefined || props.value !== undefined || props.type === "file" || props.type === "password") return {};
  return { defaultValue: echoed };
}

/**
 * One labelled checkbox. After a refused submit it is ticked exactly when it was sent ticked; a
 * group sharing one name is echoed as its values joined by commas.
 */
export function CheckboxField({
  label,
  name,
  value = "on",
  className,
  ...input
}: { label: React.ReactNode; name: string; value?: string; className?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "value">) {
  const echo = useFieldEcho(name);
  const echoed = echo.sent && input.checked === undefined ? { defaultChecked: (echo.value ?? "").split(",").includes(value) } : {};
  return (
    <label className={cn("flex items-center gap-2 text-sm text-slate-800", className)}>
      <input type="checkbox" name={name} value={value} className="h-4 w-4 rounded border-slate-300" {...input} {...echoed} />
      {label}
    </label>
  );
}
