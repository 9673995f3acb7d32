"use client";

import { createWebhookEndpointAction } from "@/actions/webhooks/create-webhook-endpoint";
import { updateWebhookEndpointAction } from "@/actions/webhooks/update-webhook-endpoint";
import { CheckboxField, TextField } from "@/components/ui/field";
import { Form, useFieldEcho, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { WEBHOOK_EVENT_LABEL, WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { WebhookSecret } from "./webhook-secret";

export interface WebhookEndpointValues {
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
}

const NEW_ENDPOINT: WebhookEndpointValues = { url: "", description: "", eventTypes: [], enabled: true };

/** The endpoint's fields, shared by "Add an endpoint" and the endpoint's own page (docs/webhooks.md#endpoints). */
function EndpointFields({ values, idPrefix }: { values: WebhookEndpointValues; idPrefix: string }) {
  return (
    <>
      <TextField label="Endpoint URL" name="url" type="url" idPrefix={idPrefix} defaultValue={values.url} placeholder="https://example.com/webhooks" hint="Events are posted here as JSON, signed per Standard Webhooks." />
      <TextField label="Description" name="description" idPrefix={idPrefix} defaultValue={values.description} placeholder="e.g. PSA integration" />
      <EventTypeChoices chosen={values.eventTypes} />
      <CheckboxField label="Send events to this endpoint" name="enabled" defaultChecked={values.enabled} />
    </>
  );
}

/** One labelled checkbox per event type; its error sits under the group, named by the group's legend. */
function EventTypeChoices({ chosen }: { chosen: string[] }) {
  const { errors } = useFieldEcho("eventTypes");
  return (
    <fieldset aria-describedby={errors?.length ? "event-types-error" : undefined}>
      <legend className="text-sm font-medium text-slate-700">Events to send</legend>
      <div className="mt-2 grid gap-1 sm:grid-cols-2">
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <CheckboxField key={type} name="eventTypes" value={type} defaultChecked={chosen.includes(type)} label={WEBHOOK_EVENT_LABEL[type]} />
        ))}
      </div>
      {errors?.length ? (
        <p id="event-types-error" className="mt-1 text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function AddWebhookEndpointForm({ accountId }: { accountId: string }) {
  const binding = useFormAction(createWebhookEndpointAction);
  const { state } = binding;
  return (
    <>
      <Form binding={binding} className="space-y-4" aria-label="Add an endpoint" key={state.status === "ok" ? state.at : undefined}>
        <input type="hidden" name="accountId" value={accountId} />
        <EndpointFields values={NEW_ENDPOINT} idPrefix="new-endpoint" />
        <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
      </Form>
      <div className="mt-3 space-y-3">
        <FormMessage state={state} />
        {state.data?.secret && <WebhookSecret secret={state.data.secret} />}
      </div>
    </>
  );
}

export function EditWebhookEndpointForm({ accountId, endpointId, values }: { accountId: string; endpointId: string; values: WebhookEndpointValues }) {
  const binding = useFormAction(updateWebhookEndpointAction);
  const { state } = binding;
  return (
    <Form binding={binding} className="space-y-4" aria-label="Edit the endpoint">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <FormMessage state={state} />
      <EndpointFields values={values} idPrefix="endpoint" />
      {state.fieldErrors?.eventTypes && <p className="text-xs font-medium text-red-700">{state.fieldErrors.eventTypes.join(" ")}</p>}
      <SubmitButton pendingLabel="Saving…">Save endpoint</SubmitButton>
    </Form>
  );
}
