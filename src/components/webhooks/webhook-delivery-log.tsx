"use client";

import { resendWebhookDeliveryAction } from "@/actions/webhooks/resend-webhook-delivery";
import { Badge } from "@/components/ui/badge";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { ScrollTable } from "@/components/ui/scroll-table";

export interface WebhookAttemptView {
  id: string;
  deliveryId: string;
  messageId: string;
  eventLabel: string;
  attempt: number;
  attemptedAt: string;
  succeeded: boolean;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  /** Being posted right now: Resend would be refused. */
  sending: boolean;
}

/** An endpoint's delivery log: one row per attempt, newest first, each with Resend. */
export function WebhookDeliveryLog({ accountId, endpointId, attempts }: { accountId: string; endpointId: string; attempts: WebhookAttemptView[] }) {
  const resend = useFormAction(resendWebhookDeliveryAction);
  return (
    <div className="space-y-3">
      <FormMessage state={resend.state} />
      <ScrollTable caption="Delivery log" headers={["Time", "Event", "Attempt", "Result", "Response", "Time taken", <span key="actions" className="sr-only">Actions</span>]}>
        {attempts.map((row) => (
          <tr key={row.id}>
            <td className="px-2 py-2 whitespace-nowrap">{row.attemptedAt}</td>
            <td className="px-2 py-2">
              <span className="block font-medium">{row.eventLabel}</span>
              <code className="text-xs text-slate-600">{row.messageId}</code>
            </td>
            <td className="px-2 py-2">{row.attempt}</td>
            <td className="px-2 py-2">
              <Badge tone={row.succeeded ? "green" : "red"}>{row.succeeded ? "Delivered" : "Failed"}</Badge>
              {row.error && <span className="mt-1 block max-w-xs text-xs text-slate-600">{row.error}</span>}
            </td>
            <td className="px-2 py-2">{row.responseCode === null ? "No answer" : `HTTP ${row.responseCode}`}</td>
            <td className="px-2 py-2 whitespace-nowrap">{row.latencyMs} ms</td>
            <td className="px-2 py-2">
              {!row.sending && (
                <Form binding={resend}>
                  <input type="hidden" name="accountId" value={accountId} />
                  <input type="hidden" name="endpointId" value={endpointId} />
                  <input type="hidden" name="deliveryId" value={row.deliveryId} />
                  <SubmitButton variant="secondary" size="sm" aria-label={`Resend ${row.eventLabel} ${row.messageId}`} pendingLabel="Sending…">
                    Resend
                  </SubmitButton>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </ScrollTable>
    </div>
  );
}
