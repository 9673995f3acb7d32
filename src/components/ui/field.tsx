import { cn } from "@/lib/cn";

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

/** A labelled control with its hint and errors wired to it for screen readers. */
export function Field({ label, name, errors, hint, className, idPrefix, children }: FieldProps) {
  const id = `${idPrefix ?? "field"}-${name}`;
  const describedBy = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children?.({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": describedBy || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
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
  return (
    <Field label={label} name={name} errors={errors} hint={hint} className={className} idPrefix={idPrefix}>
      {(aria) => <input name={name} className={inputClasses} {...aria} {...input} />}
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
  return (
    <Field label={label} name={name} errors={errors} hint={hint} className={className} idPrefix={idPrefix}>
      {(aria) => (
        <select name={name} className={inputClasses} {...aria} {...select}>
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
