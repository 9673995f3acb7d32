import "server-only";
import type { BillingProfile } from "@/generated/prisma/client";
import type { Db, DbTx } from "@/server/db";
import { getAccountInReach, lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { changedFields, recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { parseInput } from "../price-books/price-book-input";
import { billingProfileSchema, defaultStatementPrefix, type BillingProfileInput } from "./billing-profile-input";

export interface BillingProfileView {
  legalName: string;
  address: string;
  statementPrefix: string;
  /** False while the account has never saved one: the values shown are the defaults statements use. */
  saved: boolean;
}

/** An account's billing profile, or what statements use without one: its name, no address, its initials. */
export async function getBillingProfile(db: DbTx, options: { actor: Actor; accountId: string }): Promise<BillingProfileView> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const profile = await db.billingProfile.findUnique({ where: { accountId: account.id } });
  if (profile) return { legalName: profile.legalName, address: profile.address, statementPrefix: profile.statementPrefix, saved: true };
  return { legalName: account.name, address: "", statementPrefix: defaultStatementPrefix(account.name), saved: false };
}

/** Saves an account's billing profile (docs/money.md#billing-profile): its admins, or admins above it. */
export async function updateBillingProfile(db: Db, options: { actor: Actor; accountId: string; input: BillingProfileInput }): Promise<BillingProfile> {
  const { actor } = options;
  const input = parseInput(billingProfileSchema, options.input);
  return db.$transaction(async (tx) => {
    const { account } = await lockAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    const before = await tx.billingProfile.findUnique({ where: { accountId: account.id } });
    const profile = await tx.billingProfile.upsert({ where: { accountId: account.id }, create: { accountId: account.id, ...input }, update: input });
    // The prefix is recorded as the numbers it makes: a bare "NWD" would read as a code (docs/screens.md#labels).
    const record = (profile: { legalName: string; address: string; statementPrefix: string }) => ({
      legalName: profile.legalName,
      address: profile.address,
      statementNumbers: `${profile.statementPrefix}-YYYY-NNNNN`,
    });
    const diff = before ? changedFields(record(before), record(input)) : { after: record(input) };
    if (Object.keys(diff.after).length > 0) {
      await recordAuditEvent(tx, actor, { accountId: account.id, action: "billing_profile.updated", objectType: "billing_profile", objectId: account.id, ...diff });
    }
    return profile;
  });
}
