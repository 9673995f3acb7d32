"use client";

import type { AlertKind } from "@/generated/prisma/enums";
import { updateAlertSettingAction } from "@/actions/alerts/update-alert-setting";
import { CheckboxField, TextField } from "@/components/ui/field";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { ALERT_KIND_HELP, ALERT_KIND_LABEL, ALERT_THRESHOLD_LABEL } from "@/lib/alert-kinds";

/** One kind of alert of an account, as its form shows it (docs/money.md#alerts). */
export interface AlertSettingValues {
  kind: AlertKind;
  enabled: boolean;
  /** The threshold as typed: a budget in the book's currency ("1500.00"), a percentage, days. */
  threshold: string;
  minDevices: string;
  recipients: string;
  isDefault: boolean;
}

/** The settings of one kind of alert: a form for the account's admins, the values for everyone else. */
export function AlertSettingForm({ accountId, values, currency, canManage }: { accountId: string; values: AlertSettingValues; currency: string | null; canManage: boolean }) {
  const binding = useFormAction(updateAlertSettingAction);
  const { kind } = values;
  const thresholdLabel = ALERT_THRESHOLD_LABEL[kind];
  const label = kind === "FORECAST_OVER_BUDGET" && currency ? `${thresholdLabel} (${currency})` : thresholdLabel;
  const spike = kind === "USAGE_SPIKE" || kind === "USAGE_DROP";
  const id = `alert-${kind.toLowerCase()}`;
  if (!canManage) {
    return (
      <dl className="grid grid-cols-2 gap-1 text-sm" aria-label={ALERT_KIND_LABEL[kind]}>
        <dt className="text-slate-600">Alert</dt>
        <dd>{values.enabled ? "On" : "Off"}</dd>
        {label && (
          <>
            <dt className="text-slate-600">{label}</dt>
            <dd>{values.threshold || "—"}</dd>
          </>
        )}
        {spike && (
          <>
            <dt className="text-slate-600">At least (devices)</dt>
            <dd>{values.minDevices}</dd>
          </>
        )}
        <dt className="text-slate-600">Also email</dt>
        <dd>{values.recipients || "—"}</dd>
      </dl>
    );
  }
  return (
    <Form binding={binding} className="space-y-3" aria-label={ALERT_KIND_LABEL[kind]}>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="kind" value={kind} />
      <FormMessage state={binding.state} />
      <p className="text-sm text-slate-600">{ALERT_KIND_HELP[kind]}</p>
      <CheckboxField label="Send this alert" name="enabled" defaultChecked={values.enabled} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {label && (
          <TextField
            idPrefix={id}
            label={label}
            name="threshold"
            inputMode={kind === "FORECAST_OVER_BUDGET" ? "decimal" : "numeric"}
            defaultValue={values.threshold}
            hint={kind === "FORECAST_OVER_BUDGET" && !currency ? "A budget needs a price book for this account." : undefined}
          />
        )}
        {spike && <TextField idPrefix={id} label="At least (devices)" name="minDevices" inputMode="numeric" defaultValue={values.minDevices} />}
      </div>
      <TextField
        idPrefix={id}
        label="Also email"
        name="recipients"
        type="text"
        defaultValue={values.recipients}
        hint="Addresses separated by commas, besides the account's notification recipients."
      />
      <SubmitButton variant="secondary" size="sm">
        Save
      </SubmitButton>
    </Form>
  );
}
