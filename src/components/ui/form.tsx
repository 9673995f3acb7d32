"use client";

import { createContext, startTransition, useActionState, useContext, useEffect, useRef, useState } from "react";
import { initialFormState, type FormState } from "@/lib/form-state";
import { ConfirmDialog, type ConfirmRequest } from "./dialog";

type ServerAction = (state: FormState, data: FormData) => Promise<FormState>;

const FormStateContext = createContext<FormState | null>(null);

/**
 * What a shared field shows inside a <Form>: its errors, and after a refused submit the value
 * that was sent (docs/screens.md, "Forms"). Outside a <Form> it is empty.
 */
export function useFieldEcho(name: string): { errors?: string[]; value?: string; sent: boolean } {
  const state = useContext(FormStateContext);
  if (!state || state.status !== "error" || !state.values) return { errors: state?.status === "error" ? state.fieldErrors?.[name] : undefined, sent: false };
  return { errors: state.fieldErrors?.[name], value: state.values[name], sent: true };
}

export interface FormBinding {
  state: FormState;
  action: (data: FormData) => void;
}

/** A server action bound to a form: its latest answer and the function the form submits to. */
export function useFormAction(action: ServerAction): FormBinding {
  const [state, dispatch] = useActionState(action, initialFormState);
  return { state, action: dispatch };
}

/**
 * The portal's form element. React resets a form whenever its action settles, which after a
 * refused submit threw away what the person chose (selects back to their first option). This
 * form submits itself instead: the page keeps every value on an error, moves focus to the
 * first field in error, and resets only after a success. Without JavaScript it still posts
 * to the action, and the fields refill from the values the action echoes back.
 * `confirmation` asks first in the shared dialog (a function decides from the form's current values).
 */
export function Form({
  binding,
  confirmation,
  children,
  ...props
}: {
  binding: FormBinding;
  confirmation?: ConfirmRequest | null | ((form: HTMLFormElement) => ConfirmRequest | null);
  children?: React.ReactNode;
} & Omit<React.FormHTMLAttributes<HTMLFormElement>, "action" | "onSubmit">) {
  const { state, action } = binding;
  const ref = useRef<HTMLFormElement>(null);
  const confirmed = useRef(false);
  const [asking, setAsking] = useState<{ request: ConfirmRequest; submitter: HTMLElement | null } | null>(null);

  useEffect(() => {
    const form = ref.current;
    if (!form || state.status === "idle") return;
    if (state.status === "ok") {
      form.reset();
      return;
    }
    const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [state]);

  return (
    <FormStateContext value={state}>
      <form
        ref={ref}
        action={action}
        noValidate
        {...props}
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          const request = typeof confirmation === "function" ? confirmation(form) : confirmation;
          if (request && !confirmed.current) {
            setAsking({ request, submitter });
            return;
          }
          const data = new FormData(form, submitter);
          // The action can insist on the question having been answered (it is never sent otherwise).
          if (request) data.set("confirmed", "yes");
          confirmed.current = false;
          // A transition started inside the submit event is what lets useFormStatus show "pending".
          startTransition(() => action(data));
        }}
      >
        {children}
      </form>
      {confirmation && (
        <ConfirmDialog
          request={asking?.request ?? null}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const submitter = asking?.submitter ?? undefined;
            setAsking(null);
            confirmed.current = true;
            // A row's actions menu has closed by now, taking its submit button with it: submit without it then.
            const owned = (submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) && submitter.form === ref.current;
            ref.current?.requestSubmit(owned ? submitter : undefined);
          }}
        />
      )}
    </FormStateContext>
  );
}
