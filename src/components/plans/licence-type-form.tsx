"use client";

import Link from "next/link";
import { useState } from "react";
import type { LicenceType } from "@/generated/prisma/enums";
import { setLicenceTypeAction } from "@/actions/plans/set-plan-licence-type";
import { Button } from "@/components/ui/button";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * Subscription | Pay-As-You-Go for a plan. PAYG → Subscription asks for
 * confirmation in the "Select Subscription Licensing" dialog; "View Gateways"
 * lists the gateways that stay on subscription (absent when all are R82+).
 */
export function LicenceTypeForm({
  accountId,
  planId,
  current,
  paygRefusals,
  ineligibleGateways,
}: {
  accountId: string;
  planId: string;
  current: LicenceType;
  paygRefusals: { reason: string; message: string }[];
  ineligibleGateways: { id: string; name: string; firmwareVersion: string; accountId: string }[];
}) {
  const action = useFormAction(setLicenceTypeAction);
  const state = action.state;
  const [choice, setChoice] = useState<LicenceType>(current);
  const [showGateways, setShowGateways] = useState(false);

  return (
    <div className="space-y-4">
      <FormMessage state={state} />
      <Form
        binding={action}
        // Resetting after an applied change would show the licence type the page loaded with while the
        // state holds the applied one (and clicking that radio would then change nothing): keep the screen as it is.
        onReset={(event) => event.preventDefault()}
        className="space-y-4"
        // PAYG → Subscription needs the "Select Subscription Licensing" confirmation first.
        confirmation={
          current === "PAYG" && choice === "SUBSCRIPTION"
            ? {
                title: "Select Subscription Licensing",
                body: "The gateways of this plan will stop using Pay-As-You-Go and use subscription licenses instead.",
              }
            : null
        }
      >
        <input type="hidden" name="accountId" value={accountId} />
        <input type="hidden" name="planId" value={planId} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">License type</legend>
          <div className="mt-2 space-y-2 text-sm">
            <label className="flex items-start gap-2">
              <input type="radio" name="licenceType" value="SUBSCRIPTION" checked={choice === "SUBSCRIPTION"} onChange={() => setChoice("SUBSCRIPTION")} className="mt-0.5" />
              <span>
                <span className="font-medium">Subscription</span>
                <span className="block text-slate-600">A pre-paid yearly subscription purchased through your distributor, with an expiration date.</span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input type="radio" name="licenceType" value="PAYG" checked={choice === "PAYG"} onChange={() => setChoice("PAYG")} className="mt-0.5" />
              <span>
                <span className="font-medium">Pay-As-You-Go</span>
                <span className="block text-slate-600">Charged only for the days a gateway is actively used.</span>
              </span>
            </label>
          </div>
        </fieldset>
        {choice === "PAYG" && current !== "PAYG" && paygRefusals.length > 0 && (
          <ul className="space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
            {paygRefusals.map((refusal) => (
              <li key={refusal.reason}>{refusal.message}</li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton disabled={choice === current} pendingLabel="Applying…">
            Apply
          </SubmitButton>
          {ineligibleGateways.length > 0 && (
            <Button variant="secondary" aria-expanded={showGateways} onClick={() => setShowGateways((value) => !value)}>
              View Gateways
            </Button>
          )}
        </div>
      </Form>
      {showGateways && (
        <section aria-label="Gateways that cannot use Pay-As-You-Go" className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
          <p className="mb-2 text-sm text-slate-700">These gateways run versions older than R82.00.00 and cannot use PAYG licensing:</p>
          <ul className="space-y-1 text-sm">
            {ineligibleGateways.map((gateway) => (
              <li key={gateway.id}>
                <Link className="font-medium text-brand-700 hover:underline" href={`/a/${gateway.accountId}/gateways/${gateway.id}`}>
                  {gateway.name}
                </Link>{" "}
                <span className="text-slate-600">{gateway.firmwareVersion}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
