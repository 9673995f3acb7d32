import type { FieldErrors } from "./errors";

/** What a server action answers to its form. */
export interface FormState {
  status: "idle" | "ok" | "error";
  message?: string;
  reason?: string;
  fieldErrors?: FieldErrors;
  /** Extra values for the page, e.g. a temporary password shown once. */
  data?: Record<string, string>;
  /** What was submitted, echoed back on errors so the form keeps the person's input. */
  values?: Record<string, string>;
  /** Set on every answer so forms can reset after a success. */
  at?: number;
}

export const initialFormState: FormState = { status: "idle" };
