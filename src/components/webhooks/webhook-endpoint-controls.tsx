"use client";

import { deleteWebhookEndpointAction } from "@/actions/webhooks/delete-webhook-endpoint";
import { rollWebhookSecretAction } from "@/actions/webhooks/roll-webhook-secret";
import { sendTestWebhookAction } from "@/actions/webhooks/send-test-webhook";
import { setWebhookEndpointEnabledAction } from "@/actions/webhooks/set-webhook-endpoint-enabled";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { WebhookSecret } from "./webhook-secret";

/** The endpoint page's buttons: send a test event, roll the secret, switch off or on, delete. */
export function WebhookEndpointControls({ accountId, endpointId, url, enabled }: { accountId: string; endpointId: string; url: string; enabled: boolean }) {
  const test = useFormAction(sendTestWebhookAction);
  const roll = useFormAction(rollWebhookSecretAction);
  const toggle = useFormAction(setWebhookEndpointEnabledAction);
  const remove = useFormAction(deleteWebhookEndpointAction);
  const ids = (
    <>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="endpointId" value={endpointId} />
    </>
  );
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Form binding={test}>
          {ids}
          <SubmitButton variant="secondary" pendingLabel="Sending…">
            Send test event
          </SubmitButton>
        </Form>
        <Form
          binding={roll}
          confirmation={{
            title: "Roll signing secret",
            body: "Make a new signing secret? Events are signed with the new one at once, so the receiver must be given it.",
            confirmLabel: "Roll secret",
          }}
        >
          {ids}
          <SubmitButton variant="secondary" pendingLabel="Rolling…">
            Roll secret
          </SubmitButton>
        </Form>
        <Form binding={toggle}>
          {ids}
          <input type="hidden" name="enabled" value={enabled ? "off" : "on"} />
          <SubmitButton variant="secondary">{enabled ? "Switch off" : "Switch on"}</SubmitButton>
        </Form>
        <Form binding={remove} confirmation={{ title: "Delete endpoint", body: `Delete the endpoint ${url} and its delivery log? It receives no more events.`, confirmLabel: "Delete", danger: true }}>
          {ids}
          <SubmitButton variant="danger">Delete</SubmitButton>
        </Form>
      </div>
      <FormMessage state={test.state} />
      <FormMessage state={roll.state} />
      {roll.state.data?.secret && <WebhookSecret secret={roll.state.data.secret} />}
      <FormMessage state={toggle.state} />
      <FormMessage state={remove.state} />
    </div>
  );
}
