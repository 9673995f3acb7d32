"use client";

import Link from "next/link";
import { syncUserCenterAction } from "@/actions/contracts/sync-user-center";
import { Form, useFormAction } from "@/components/ui/form";
import { FormMessage } from "@/components/ui/form-message";
import { Field, inputClasses } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { SyncReport } from "@/server/contracts/sync-user-center";

export function SyncUserCenterForm({ accountId, feedConfigured }: { accountId: string; feedConfigured: boolean }) {
  const action = useFormAction(syncUserCenterAction);
  const state = action.state;
  const report = state.data?.report ? (JSON.parse(state.data.report) as SyncReport) : null;
  return (
    <div className="space-y-4">
      <Form binding={action} className="space-y-3" noValidate>
        <input type="hidden" name="accountId" value={accountId} />
        <FormMessage state={state} />
        <p className="text-sm text-slate-600">
          {feedConfigured
            ? "The portal reads the configured User Center feed. You can also upload a feed file instead."
            : "No User Center feed is configured for this portal: upload the account's feed file (JSON)."}
        </p>
        <Field label="Feed file (.json, optional when a feed is configured)" name="file" errors={state.fieldErrors?.file ?? state.fieldErrors?.feed}>
          {(aria) => <input type="file" name="file" accept=".json,application/json" className={inputClasses} {...aria} />}
        </Field>
        <SubmitButton pendingLabel="Syncing…">Sync UC</SubmitButton>
      </Form>
      {report && (
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          {(
            [
              ["Added", report.created],
              ["Updated", report.updated],
              ["Unchanged", report.unchanged],
              ["In the portal but no longer in the feed", report.notInFeed],
            ] as const
          ).map(([label, list]) => (
            <div key={label} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
              <dt className="font-medium">
                {label}: {list.length}
              </dt>
              <dd className="mt-1 text-xs text-slate-600">{list.join(", ") || "—"}</dd>
            </div>
          ))}
          {report.errors.length > 0 && (
            <div className="rounded-md bg-red-50 p-3 ring-1 ring-red-200 sm:col-span-2">
              <dt className="font-medium text-red-900">Errors: {report.errors.length}</dt>
              {report.errors.map((error) => (
                <dd key={error.contractId} className="text-xs text-red-900">
                  {error.contractId}: {error.error}
                </dd>
              ))}
            </div>
          )}
        </dl>
      )}
      <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/a/${accountId}/contracts`}>
        Back to Services &amp; Contracts
      </Link>
    </div>
  );
}
