import "server-only";
import { z } from "zod";
import { isoDay, text } from "@/lib/input-schemas";
import { dbDateToIso, isoDateToDb } from "@/lib/dates";
import { AppError, invalid, ruleViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { resolveAddOns, resolvePackage, resolveService } from "./resolve-catalogue";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { contractEventData } from "@/server/webhook-outbox/contract-event-data";

/** The User Center feed: the account's regular subscriptions and evaluations. */
export const userCenterFeedSchema = z.object({
  contracts: z
    .array(
      z.object({
        contractId: text().trim().min(1).max(100),
        service: text().trim().min(1),
        type: z.enum(["SUBSCRIPTION", "EVALUATION"]),
        package: text().trim().optional(),
        addOns: z.array(text().trim().min(1)).max(20).default([]),
        quantity: z.number().int().min(1).max(1_000_000),
        registrationDate: isoDay(),
        expiresOn: isoDay(),
      }),
    )
    .max(5000),
});
export type UserCenterFeed = z.infer<typeof userCenterFeedSchema>;

export interface SyncReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  errors: { contractId: string; error: string }[];
  /** User Center contracts we hold that the feed no longer lists (left untouched). */
  notInFeed: string[];
}

export function parseUserCenterFeed(raw: unknown): UserCenterFeed {
  const parsed = userCenterFeedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid("The User Center feed is not in the expected shape.", {
      feed: [`${issue.path.join(".") || "feed"}: ${issue.message}`],
    });
  }
  return parsed.data;
}

/**
 * Loads the feed for a User Center id from USER_CENTER_FEED_URL (with
 * `{userCenterId}` in it), refusing slow or failing sources with a clear error.
 */
export async function fetchUserCenterFeed(userCenterId: string, feedUrl = process.env.USER_CENTER_FEED_URL): Promise<unknown> {
  if (!feedUrl) {
    throw new AppError("INVALID", "No User Center feed is configured for this portal. Upload the feed file instead.", {
      reason: "USER_CENTER_FEED_NOT_CONFIGURED",
    });
  }
  const url = feedUrl.replace("{userCenterId}", encodeURIComponent(userCenterId));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    throw new AppError("INVALID", `The User Center feed could not be read (${(error as Error).message}).`, {
      reason: "USER_CENTER_FEED_UNAVAILABLE",
    });
  }
}

/** "Sync UC": upserts the account's User Center contracts by contract id and reports what changed. */
export async function syncUserCenter(
  db: Db,
  options: { actor: Actor; accountId: string; feed: UserCenterFeed; now?: Date },
): Promise<SyncReport> {
  const { actor, feed } = options;
  const now = options.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      const { account } = await lockAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "account:manage", account);
      if (!account.userCenterId) throw ruleViolation("USER_CENTER_NOT_LINKED", "This account is not linked to a User Center account.");
      const report: SyncReport = { created: [], updated: [], unchanged: [], errors: [], notInFeed: [] };

      for (const entry of feed.contracts) {
        try {
          const service = await resolveService(tx, entry.service);
          const pkg = resolvePackage(service, entry.package);
          const addOns = resolveAddOns(service, entry.addOns);
          const existing = await tx.contract.findUnique({
            where: { accountId_externalId: { accountId: account.id, externalId: entry.contractId } },
            include: { addOns: { where: { endedAt: null } } },
          });
          const data = {
            serviceId: service.id,
            packageId: pkg.id,
            type: entry.type,
            quantity: entry.quantity,
            registeredOn: isoDateToDb(entry.registrationDate),
            expiresOn: isoDateToDb(entry.expiresOn),
            syncedAt: now,
          };
          if (!existing) {
            const created = await tx.contract.create({
              data: {
                ...data,
                accountId: account.id,
                source: "USER_CENTER",
                externalId: entry.contractId,
                addOns: { create: addOns.map((addOn) => ({ accountId: account.id, addOnId: addOn.id, addedAt: now })) },
              },
            });
            await recordWebhookEvent(tx, { accountId: account.id, type: "contract.created", data: contractEventData(created, service), now });
            report.created.push(entry.contractId);
            continue;
          }
          const currentAddOns = new Set(existing.addOns.map((row) => row.addOnId));
          const wantedAddOns = new Set(addOns.map((addOn) => addOn.id));
          const same =
            existing.serviceId === data.serviceId &&
            existing.packageId === data.packageId &&
            existing.type === data.type &&
            existing.quantity === data.quantity &&
            dbDateToIso(existing.registeredOn) === entry.registrationDate &&
            existing.expiresOn !== null &&
            dbDateToIso(existing.expiresOn) === entry.expiresOn &&
            currentAddOns.size === wantedAddOns.size &&
            [...wantedAddOns].every((id) => currentAddOns.has(id));
          const updated = await tx.contract.update({ where: { id: existing.id }, data });
          if (same) {
            report.unchanged.push(entry.contractId);
            continue;
          }
          await tx.contractAddOn.updateMany({
            where: { contractId: existing.id, endedAt: null, addOnId: { notIn: [...wantedAddOns] } },
            data: { endedAt: now, endReason: "REMOVED", endNote: "Removed in the User Center" },
          });
          const toAdd = [...wantedAddOns].filter((id) => !currentAddOns.has(id));
          if (toAdd.length) {
            await tx.contractAddOn.createMany({
              data: toAdd.map((addOnId) => ({ accountId: account.id, contractId: existing.id, addOnId, addedAt: now })),
            });
          }
          await recordWebhookEvent(tx, { accountId: account.id, type: "contract.updated", data: { ...contractEventData(updated, service), change: { source: "USER_CENTER" } }, now });
          report.updated.push(entry.contractId);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const field = error.fieldErrors ? Object.values(error.fieldErrors)[0]?.[0] : undefined;
          report.errors.push({ contractId: entry.contractId, error: field ?? error.message });
        }
      }

      const listed = new Set(feed.contracts.map((entry) => entry.contractId));
      const held = await tx.contract.findMany({
        where: { accountId: account.id, source: "USER_CENTER" },
        select: { externalId: true },
      });
      report.notInFeed = held.flatMap((row) => (row.externalId && !listed.has(row.externalId) ? [row.externalId] : []));

      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "contract.user_center_synced",
        objectType: "account",
        objectId: account.id,
        after: {
          userCenterId: account.userCenterId,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged.length,
          errors: report.errors.length,
        },
      });
      return report;
    },
    { timeout: 120_000 },
  );
}
