"use client";

import { useActionState, useEffect } from "react";
import { signOut } from "next-auth/react";
import { signOutEverywhereAction } from "@/actions/users/sign-out-everywhere";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialFormState } from "@/lib/form-state";

/**
 * Ends every session of the person, on every browser and this one. The server
 * ends them all; then this browser drops its cookie and goes to the sign-in page.
 */
export function SignOutEverywhereForm() {
  const [state, action] = useActionState(signOutEverywhereAction, initialFormState);
  useEffect(() => {
    if (state.status === "ok") void signOut({ callbackUrl: "/sign-in" });
  }, [state]);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <p className="text-sm text-slate-600">
        Signs you out on every browser and device where you are signed in, this one included.
      </p>
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}
