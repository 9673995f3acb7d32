"use client";

import { useState } from "react";
import { assignMonthlyAction } from "@/actions/pools/assign-monthly-licences";
import { exchangeAction } from "@/actions/pools/exchange-points";
import { setAutoExchangeAction } from "@/actions/pools/set-auto-exchange";
import { setPriorityAction } from "@/actions/pools/set-renewal-priority";
import { Form, useFormAction } from "@/components/ui/form";
import { ClientAccountField } from "./client-account-field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { quoteMonthlyExchange, quoteRenewalExchange } from "@/lib/pool-proration";

/**
 * Exchange points for monthly licences. The preview uses the same arithmetic as
 * the server, for "today" in the partner's timezone as the server computed it;
 * the server charges only the points shown here (or refuses if the day changed).
 */
export function ExchangeForm({
  accountId,
  today,
  nextFirst,
  balance,
  services,
}: {
  accountId: string;
  today: string;
  nextFirst: string;
  balance: number;
  services: { code: string; name: string; pointsPerLicence: number | null }[];
}) {
  const action = useFormAction(exchangeAction);
  const state = action.state;
  const [service, setService] = useState(state.values?.service ?? services[0]?.code ?? "");
  const [devices, setDevices] = useState(state.values?.devices ?? "");
  const [target, setTarget] = useState<"THIS_MONTH" | "NEXT_RENEWAL">(state.values?.target === "NEXT_RENEWAL" ? "NEXT_RENEWAL" : "THIS_MONTH");
  const price = services.find((s) => s.code === service)?.pointsPerLicence ?? 0;
  const n = /^\d+$/.test(devices) && Number(devices) > 0 ? Number(devices) : 0;
  const quote = n
    ? target === "THIS_MONTH"
      ? quoteMonthlyExchange({ today, devices: n, pricePerLicence: price })
      : { ...quoteRenewalExchange({ devices: n, pricePerLicence: price }), remainingDays: null, protectionDays: null }
    : null;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="expectedPoints" value={quote?.points ?? ""} />
      <FormMessage state={state} />
      <SelectField
        idPrefix="exchange"
        label="Product"
        name="service"
        value={service}
        onChange={(e) => setService(e.target.value)}
        options={services.map((s) => ({ value: s.code, label: `${s.name} (${s.pointsPerLicence} points per licence)` }))}
        errors={state.fieldErrors?.service}
      />
      <TextField idPrefix="exchange" label="Devices to protect" name="devices" inputMode="numeric" value={devices} onChange={(e) => setDevices(e.target.value)} errors={state.fieldErrors?.devices} />
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium text-slate-700">Licences for</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="target" value="THIS_MONTH" checked={target === "THIS_MONTH"} onChange={() => setTarget("THIS_MONTH")} />
          This month, from today ({today}) until {nextFirst}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="target" value="NEXT_RENEWAL" checked={target === "NEXT_RENEWAL"} onChange={() => setTarget("NEXT_RENEWAL")} />
          The renewal on {nextFirst} (full month)
        </label>
      </fieldset>
      {quote && (
        <dl aria-label="Exchange preview" className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
          {quote.remainingDays !== null && (
            <>
              <dt className="text-slate-600">Remaining days</dt>
              <dd className="font-medium" data-testid="preview-remaining-days">{quote.remainingDays}</dd>
              <dt className="text-slate-600">Protection days</dt>
              <dd className="font-medium" data-testid="preview-protection-days">{quote.protectionDays}</dd>
            </>
          )}
          <dt className="text-slate-600">Licences</dt>
          <dd className="font-medium" data-testid="preview-licences">{quote.licences}</dd>
          <dt className="text-slate-600">Points</dt>
          <dd className="font-medium" data-testid="preview-points">{quote.points}</dd>
          <dt className="text-slate-600">Balance after</dt>
          <dd className={balance - quote.points < 0 ? "font-medium text-red-700" : "font-medium"}>
            {balance - quote.points < 0 ? `Not enough points (balance ${balance})` : balance - quote.points}
          </dd>
        </dl>
      )}
      <SubmitButton pendingLabel="Exchanging…" disabled={!quote}>
        Confirm exchange
      </SubmitButton>
    </Form>
  );
}

export function AssignMonthlyForm({ accountId, poolId, product }: { accountId: string; poolId: string; product: string }) {
  const action = useFormAction(assignMonthlyAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-3" noValidate aria-label={`Assign monthly licences of ${product}`}>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="poolId" value={poolId} />
      <FormMessage state={state} />
      <ClientAccountField partnerId={accountId} idPrefix={`assign-${poolId}`} errors={state.fieldErrors?.clientAccountId} />
      <TextField idPrefix={`assign-${poolId}`} label="Devices" name="devices" inputMode="numeric" defaultValue={state.values?.devices} errors={state.fieldErrors?.devices} />
      <SubmitButton variant="secondary" pendingLabel="Assigning…">
        Assign to client
      </SubmitButton>
    </Form>
  );
}

export function PriorityForm({ accountId, assignmentId, priority, clientName }: { accountId: string; assignmentId: string; priority: number | null; clientName: string }) {
  const action = useFormAction(setPriorityAction);
  const state = action.state;
  return (
    <Form binding={action} className="flex flex-col gap-1" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor={`priority-${assignmentId}`}>
          Renewal priority of {clientName}
        </label>
        <input
          id={`priority-${assignmentId}`}
          name="priority"
          inputMode="numeric"
          placeholder="—"
          defaultValue={state.values?.priority ?? (priority === null ? "" : String(priority))}
          className="w-16 rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
        />
        <SubmitButton variant="secondary" size="sm" pendingLabel="…" aria-label={`Save renewal priority of ${clientName}`}>
          Save
        </SubmitButton>
      </div>
      {state.status === "error" && <FormMessage state={state} />}
    </Form>
  );
}

export function AutoExchangeForm({ accountId, poolId, enabled, product }: { accountId: string; poolId: string; enabled: boolean; product: string }) {
  const action = useFormAction(setAutoExchangeAction);
  const state = action.state;
  return (
    <Form binding={action} className="space-y-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="poolId" value={poolId} />
      <input type="hidden" name="enabled" value={enabled ? "off" : "on"} />
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        Exchange points automatically at renewal: <strong>{enabled ? "on" : "off"}</strong>
      </p>
      <SubmitButton variant="secondary" size="sm" aria-label={`${enabled ? "Turn off" : "Turn on"} automatic exchange at renewal for ${product}`}>
        {enabled ? "Turn off" : "Turn on"}
      </SubmitButton>
    </Form>
  );
}
