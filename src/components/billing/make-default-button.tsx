"use client";

import { makeDefaultPriceBookAction } from "@/actions/billing/make-default-price-book";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/** "Make default" on a book's page: buyers without a book of their own move to it. */
export function MakeDefaultButton({ sellerId, bookId, bookName }: { sellerId: string; bookId: string; bookName: string }) {
  const action = useFormAction(makeDefaultPriceBookAction);
  return (
    <Form
      binding={action}
      className="flex items-center gap-2"
      confirmation={{ title: "Make default", body: `Every buyer without a book of its own will be on ${bookName}, in every month not yet final.`, confirmLabel: "Make default" }}
    >
      <input type="hidden" name="sellerId" value={sellerId} />
      <input type="hidden" name="bookId" value={bookId} />
      {action.state.status === "error" && <FormMessage state={action.state} />}
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        Make default
      </SubmitButton>
    </Form>
  );
}
