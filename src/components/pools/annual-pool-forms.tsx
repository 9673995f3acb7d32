"use client";

import { useState } from "react";
import { assignAnnualAction } from "@/actions/pools/assign-annual-licences";
import { buyBlockAction } from "@/actions/pools/buy-licence-block";
import { recoverAction } from "@/actions/pools/recover-licences";
import { recoverIdleAction } from "@/actions/pools/recover-idle-licences";
import { Form, useFormAction } from "@/components/ui/form";
import { ClientAccountField } from "./client-account-field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatCents } from "@/lib/money";
import { chooseTier, orderTotalCents } from "@/lib/pool-pricing";
import { formatCount, noun } from "@/lib/plural";

interface Tier {
  serviceCode: string;
  minQuantity: number;
  unitPriceCents: number;
}

const YEAR_OPTIONS = [
  { value: "1", label: "1 year" },
  { value: "2", label: "2 years" },
  { value: "3", label: "3 years" },
];

/** Buy a block: the price (tier × quantity × years) is shown as the person types, before they confirm. */
export function BuyBlockForm({ accountId, services, tiers }: { accountId: string; services: { code: string; name: string }[]; tiers: Tier[] }) {
  const action = useFormAction(buyBlockAction);
  const state = action.state;
  const [service, setService] = useState(state.values?.service ?? services[0]?.code ?? "");
  const [years, setYears] = useState(Number(state.values?.years ?? 1));
  const [quantity, setQuantity] = useState(state.values?.quantity ?? "");
  const serviceTiers = tiers.filter((tier) => tier.serviceCode === service).sort((a, b) => a.minQuantity - b.minQuantity);
  const count = /^\d+$/.test(quantity) ? Number(quantity) : 0;
  const tier = count > 0 ? chooseTier(serviceTiers, count) : null;
  const total = tier ? orderTotalCents(count, tier.unitPriceCents, years) : null;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="expectedTotalCents" value={total?.toString() ?? ""} />
      <FormMessage state={state} />
      <SelectField idPrefix="buy" label="Product" name="service" value={service} onChange={(e) => setService(e.target.value)} options={services.map((s) => ({ value: s.code, label: s.name }))} errors={state.fieldErrors?.service} />
      <SelectField idPrefix="buy" label="Duration" name="years" value={String(years)} onChange={(e) => setYears(Number(e.target.value))} options={YEAR_OPTIONS} errors={state.fieldErrors?.years} />
      <TextField idPrefix="buy" label="Licences" name="quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} errors={state.fieldErrors?.quantity} />
      <div role="status" aria-label="Order price" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">
        {serviceTiers.length === 0 ? (
          "There is no price list for this product yet."
        ) : tier && total !== null ? (
          <>
            <span className="block">
              {count} × {formatCents(tier.unitPriceCents)} × {formatCount(years, noun("year"))} (tier from {formatCount(tier.minQuantity, noun("licence"))})
            </span>
            <span className="block font-semibold text-slate-900">Price: {formatCents(total)}</span>
          </>
        ) : (
          `Blocks start at ${formatCount(serviceTiers[0]!.minQuantity, noun("licence"))}.`
        )}
      </div>
      <SubmitButton pendingLabel="Buying…" disabled={!total}>
        Confirm purchase
      </SubmitButton>
    </Form>
  );
}

export function AssignAnnualForm({
  accountId,
  pools,
}: {
  accountId: string;
  pools: { id: string; label: string }[];
}) {
  const action = useFormAction(assignAnnualAction);
  const state = action.state;
  if (pools.length === 0) return <p className="text-sm text-slate-600">Buy licences first: assignments come from My available licenses.</p>;
  return (
    <Form binding={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <SelectField idPrefix="assign" label="Pool" name="poolId" defaultValue={state.values?.poolId} options={pools.map((p) => ({ value: p.id, label: p.label }))} errors={state.fieldErrors?.poolId} />
      <ClientAccountField partnerId={accountId} idPrefix="assign" errors={state.fieldErrors?.clientAccountId} />
      <TextField idPrefix="assign" label="Licences to assign" name="quantity" inputMode="numeric" defaultValue={state.values?.quantity} errors={state.fieldErrors?.quantity} hint="The term starts today in the client's timezone." />
      <SubmitButton pendingLabel="Assigning…">Assign licences</SubmitButton>
    </Form>
  );
}

/**
 * Inline recovery on an assignment row: at most the recoverable count. `list` is the page of the
 * list the row is on (`after=…`), so the person lands back on it.
 */
export function RecoverForm({ accountId, assignmentId, recoverable, label, list = "" }: { accountId: string; assignmentId: string; recoverable: number; label: string; list?: string }) {
  const action = useFormAction(recoverAction);
  const state = action.state;
  return (
    <Form binding={action} className="flex flex-col gap-1" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      {list && <input type="hidden" name="list" value={list} />}
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={`recover-${assignmentId}`}>
          Licences to recover from {label}
        </label>
        <input
          id={`recover-${assignmentId}`}
          name="quantity"
          inputMode="numeric"
          defaultValue={state.values?.quantity ?? String(recoverable)}
          className="w-16 rounded-md px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
        />
        <SubmitButton variant="secondary" size="sm" pendingLabel="…" aria-label={`Recover licences from ${label}`}>
          Recover
        </SubmitButton>
      </div>
      {state.status !== "idle" && <FormMessage state={state} />}
    </Form>
  );
}

export function RecoverIdleButton({ accountId, clientAccountId, serviceId, idle, label }: { accountId: string; clientAccountId: string; serviceId: string; idle: number; label: string }) {
  const action = useFormAction(recoverIdleAction);
  const state = action.state;
  return (
    <Form binding={action} className="flex flex-col gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="clientAccountId" value={clientAccountId} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <SubmitButton variant="secondary" size="sm" pendingLabel="Recovering…" aria-label={`Recover ${formatCount(idle, noun("idle licence"))} of ${label}`}>
        Recover {idle} idle
      </SubmitButton>
      {state.status !== "idle" && <FormMessage state={state} />}
    </Form>
  );
}
