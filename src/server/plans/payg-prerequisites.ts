import type { AccountKind } from "@/generated/prisma/enums";

/**
 * PAYG prerequisites (docs/gateways-and-plans.md#payg-prerequisites), each failing one named. Order matters only for
 * which reason a person reads first; all failing reasons are returned.
 */
export type PaygRefusal =
  | "ACCOUNT_NOT_MSSP"
  | "USER_NOT_ADMIN"
  | "NO_ACTIVE_PAYG_CONTRACT"
  | "GATEWAY_FIRMWARE_TOO_OLD";

export const PAYG_REFUSAL_MESSAGES: Record<PaygRefusal, string> = {
  ACCOUNT_NOT_MSSP: "Pay-As-You-Go is available only for an MSSP account or an MSSP child account.",
  USER_NOT_ADMIN: "Only an administrator can change the licence type.",
  NO_ACTIVE_PAYG_CONTRACT: "The account has no active Pay-As-You-Go contract for this service.",
  GATEWAY_FIRMWARE_TOO_OLD: "Pay-As-You-Go needs firmware R82.00.00 or higher on the gateway.",
};

export interface PaygFacts {
  /** The plan's (or gateway's) account is an MSSP or sits below one. */
  underMssp: boolean;
  /** The caller may manage the plan's (or gateway's) account (auth/permissions.ts: ADMIN there). */
  mayManage: boolean;
  /** The contract holder (for a shared plan: the child) has a live PAYG contract for the service. */
  holderHasActivePaygContract: boolean;
}

export function checkPaygPrerequisites(facts: PaygFacts): PaygRefusal[] {
  const reasons: PaygRefusal[] = [];
  if (!facts.underMssp) reasons.push("ACCOUNT_NOT_MSSP");
  if (!facts.mayManage) reasons.push("USER_NOT_ADMIN");
  if (!facts.holderHasActivePaygContract) reasons.push("NO_ACTIVE_PAYG_CONTRACT");
  return reasons;
}

/** Distributors never hold plans; MSSPs and everything below an MSSP may. */
export function isUnderMssp(accountKind: AccountKind, ancestorKinds: readonly AccountKind[]): boolean {
  return accountKind === "MSSP" || ancestorKinds.includes("MSSP");
}
