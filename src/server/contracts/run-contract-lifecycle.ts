import "server-only";
import { contractLabel } from "@/lib/contract-label";
import type { Db } from "@/server/db";
import { recordWebhookEvents } from "@/server/webhook-outbox/record-webhook-event";
import { contractEventData } from "@/server/webhook-outbox/contract-event-data";

export interface ContractLifecycleResult {
  trialsConverted: number;
  statusesUpdated: number;
  archived: number;
}

/**
 * The daily contract lifecycle (docs/contracts.md#contract-lifecycle), set-based and idempotent:
 * 1. trials set to CONVERT that ended become one-year subscriptions (once per
 *    trial: `converted_from_id` is unique);
 * 2. stored statuses are refreshed from dates (screens derive them anyway);
 * 3. portal contracts that ended 30 or more days ago are archived.
 * "Today" is each account's local day at `now` in its billing timezone, so the
 * scheduled route (and tests travelling through time) pass the instant.
 */
export async function runContractLifecycle(db: Db, options: { now: Date }): Promise<ContractLifecycleResult> {
  const now = options.now;
  return db.$transaction(
    async (tx) => {
      // One run at a time across instances; a second caller waits, then finds nothing left to do.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('contract-lifecycle'))`;

      // Labels are made by the one contractLabel (never a second copy in SQL), so each step
      // returns the contracts it changed and their audit events are written from those rows.
      const due = await tx.$queryRaw<{ id: string; number: number }[]>`
        SELECT t.id, t.number FROM contracts t JOIN accounts a ON a.id = t.account_id
        WHERE t.type = 'TRIAL' AND t.trial_expiry_action = 'CONVERT' AND t.canceled_at IS NULL
          AND t.expires_on < (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
          AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.converted_from_id = t.id)`;
      const trialLabels = new Map(due.map((trial) => [trial.id, contractLabel(trial.number)]));
      const converted = due.length
        ? await tx.$queryRaw<{ id: string; accountId: string; trialId: string; number: number }[]>`
            WITH due AS (
              SELECT t.*, d.reference FROM contracts t
              JOIN unnest(${due.map((trial) => trial.id)}::uuid[], ${due.map((trial) => `Converted from trial ${trialLabels.get(trial.id)}`)}::text[])
                AS d(id, reference) ON d.id = t.id
            ), inserted AS (
              INSERT INTO contracts (id, account_id, service_id, package_id, type, source, subscription_reference,
                                     quantity, registered_on, expires_on, status, converted_from_id, created_at, updated_at)
              SELECT gen_random_uuid(), due.account_id, due.service_id, due.package_id, 'SUBSCRIPTION', 'PORTAL',
                     due.reference, due.quantity,
                     due.expires_on + 1, (due.expires_on + interval '1 year')::date, 'ACTIVE', due.id, ${now}, ${now}
              FROM due
              ON CONFLICT (converted_from_id) DO NOTHING
              RETURNING id, account_id, converted_from_id, number
            ), copied_add_ons AS (
              INSERT INTO contract_add_ons (id, account_id, contract_id, add_on_id, added_at)
              SELECT gen_random_uuid(), i.account_id, i.id, ca.add_on_id, ${now}
              FROM inserted i JOIN contract_add_ons ca ON ca.contract_id = i.converted_from_id AND ca.ended_at IS NULL
            )
            SELECT id::text, account_id::text AS "accountId", converted_from_id::text AS "trialId", number FROM inserted`
        : [];
      if (converted.length) {
        await tx.$executeRaw`
          INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, before, after, created_at)
          SELECT c.account_id, 'system:contract-lifecycle', 'contract.trial_converted', 'contract', c.id::text,
                 jsonb_build_object('trial', x.trial),
                 jsonb_build_object('contract', x.contract, 'type', 'SUBSCRIPTION',
                                    'registeredOn', c.registered_on, 'expiresOn', c.expires_on),
                 ${now}
          FROM unnest(${converted.map((row) => row.id)}::uuid[], ${converted.map((row) => trialLabels.get(row.trialId)!)}::text[],
                      ${converted.map((row) => contractLabel(row.number))}::text[]) AS x(id, trial, contract)
          JOIN contracts c ON c.id = x.id`;
        const subscriptions = await tx.contract.findMany({
          where: { id: { in: converted.map((row) => row.id) } },
          include: { service: { select: { code: true, name: true } } },
        });
        await recordWebhookEvents(
          tx,
          subscriptions.map((contract) => ({
            accountId: contract.accountId,
            type: "contract.created" as const,
            data: { ...contractEventData(contract, contract.service), convertedFromTrial: contract.convertedFromId },
            now,
          })),
        );
      }

      const statusesUpdated = await tx.$executeRaw`
        WITH computed AS (
          SELECT c.id,
            (CASE
              WHEN c.canceled_at IS NOT NULL THEN 'CANCELED'
              WHEN c.expires_on IS NULL THEN 'ACTIVE'
              WHEN c.expires_on < (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date THEN 'EXPIRED'
              WHEN c.expires_on - (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date <= 30 THEN 'ABOUT_TO_EXPIRE'
              ELSE 'ACTIVE'
            END)::"ContractStatus" AS status
          FROM contracts c JOIN accounts a ON a.id = c.account_id
        )
        UPDATE contracts c SET status = computed.status, updated_at = ${now}
        FROM computed WHERE computed.id = c.id AND c.status <> computed.status`;

      const archived = await tx.$queryRaw<{ id: string; number: number }[]>`
        UPDATE contracts c SET archived_at = ${now}, updated_at = ${now}
        FROM accounts a
        WHERE a.id = c.account_id AND c.archived_at IS NULL AND c.source = 'PORTAL'
          AND (c.canceled_at IS NOT NULL OR c.expires_on IS NOT NULL)
          AND COALESCE((c.canceled_at AT TIME ZONE a.billing_timezone)::date, c.expires_on) + 30
              <= (${now}::timestamptz AT TIME ZONE a.billing_timezone)::date
        RETURNING c.id::text, c.number`;
      if (archived.length) {
        await tx.$executeRaw`
          INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, after, created_at)
          SELECT c.account_id, 'system:contract-lifecycle', 'contract.archived', 'contract', c.id::text,
                 jsonb_build_object('contract', x.contract, 'by', 'automatic, 30 days after it ended'),
                 ${now}
          FROM unnest(${archived.map((row) => row.id)}::uuid[], ${archived.map((row) => contractLabel(row.number))}::text[]) AS x(id, contract)
          JOIN contracts c ON c.id = x.id`;
      }

      return {
        trialsConverted: converted.length,
        statusesUpdated,
        archived: archived.length,
      };
    },
    { timeout: 120_000 },
  );
}
