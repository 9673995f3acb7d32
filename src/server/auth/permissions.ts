import type { AccountKind, Role } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { effectiveRole, parentPathOf, type Actor } from "./reach";

/**
 * Every "may this caller do X to this account" of the portal, by name. Reach
 * (which accounts a caller sees at all) stays inside each query's `where`;
 * these answer what the caller may do to an account they already reach.
 *
 * The caller's role on an account is the strongest of their memberships at or
 * above it (reach.ts). ADMIN changes things; VIEWER reads everything; BILLING
 * reads usage and exports, nothing else. Some changes are decided from above:
 * the caller's role on the account's parent counts, so nobody switches off,
 * re-contracts or cuts off the account their own membership sits on.
 */
export type Permission =
  | "account:read"
  | "account:manage"
  | "users:read"
  | "users:manage"
  | "audit:read"
  | "usage:read"
  | "export"
  /** Inactivate, reactivate or end the trial of an account: an ADMIN of its parent. */
  | "account:change-status"
  /** Add, edit, cancel and archive the account's contracts: an ADMIN of its parent. */
  | "contracts:manage"
  /** Import a contract file for the account and its children: an ADMIN of the account. */
  | "contracts:import"
  /** Force or lift "Access denied" on a location licence of the account: an ADMIN of its parent. */
  | "licence-access:change"
  /** Read a seller's price books, prices, buyers' books and overrides (docs/money.md#who-sees-money). */
  | "prices:read"
  /** Add price books and prices, choose buyers' books, add overrides: an ADMIN of the seller. */
  | "prices:manage";

/** The account a permission is asked about (its materialised tree path is enough). */
export interface PermissionTarget {
  path: string;
}

interface Refusal {
  reason: string;
  message: string;
}

interface PermissionRule {
  roles: readonly Role[];
  /** Whose role decides: the caller's role on the account itself, or on its parent. */
  decidedOn: "account" | "parent";
  /** What assertCan throws (always FORBIDDEN); ROLE_NOT_ALLOWED unless named here. */
  refusal?: Refusal;
  /** When the caller holds no role where it is decided (their own top account, for "parent" rules). */
  refusalWithoutRole?: Refusal;
}

const ALL_ROLES: readonly Role[] = ["ADMIN", "VIEWER", "BILLING"];
const READERS: readonly Role[] = ["ADMIN", "VIEWER"];
const ADMIN: readonly Role[] = ["ADMIN"];

const ROLE_NOT_ALLOWED: Refusal = { reason: "ROLE_NOT_ALLOWED", message: "Your role does not allow this." };

const RULES: Record<Permission, PermissionRule> = {
  "account:read": { roles: ALL_ROLES, decidedOn: "account" },
  "account:manage": { roles: ADMIN, decidedOn: "account" },
  "users:read": { roles: READERS, decidedOn: "account" },
  "users:manage": { roles: ADMIN, decidedOn: "account" },
  "audit:read": { roles: READERS, decidedOn: "account" },
  "usage:read": { roles: ALL_ROLES, decidedOn: "account" },
  export: { roles: ALL_ROLES, decidedOn: "account" },
  "account:change-status": {
    roles: ADMIN,
    decidedOn: "parent",
    refusalWithoutRole: { reason: "STATUS_MANAGED_ABOVE", message: "This account's status is managed by its parent account." },
  },
  "contracts:manage": {
    roles: ADMIN,
    decidedOn: "parent",
    refusal: { reason: "CONTRACTS_MANAGED_ABOVE", message: "Contracts of this account are managed by an admin of its parent account." },
  },
  "contracts:import": {
    roles: ADMIN,
    decidedOn: "account",
    refusal: { reason: "ROLE_NOT_ALLOWED", message: "Only admins import contracts." },
  },
  "licence-access:change": { roles: ADMIN, decidedOn: "parent" },
  "prices:read": { roles: ALL_ROLES, decidedOn: "account" },
  "prices:manage": {
    roles: ADMIN,
    decidedOn: "account",
    refusal: { reason: "ROLE_NOT_ALLOWED", message: "Only admins change price books and prices." },
  },
};

/** The caller's role where the permission is decided; null when they hold none there. */
function deciderRole(actor: Pick<Actor, "grants">, rule: PermissionRule, target: PermissionTarget): Role | null {
  if (rule.decidedOn === "account") return effectiveRole(actor.grants, target.path);
  const parentPath = parentPathOf(target.path);
  return parentPath ? effectiveRole(actor.grants, parentPath) : null;
}

/** Why the caller may not, or null when they may. */
export function refusalOf(actor: Pick<Actor, "grants">, permission: Permission, target: PermissionTarget): Refusal | null {
  const rule = RULES[permission];
  const role = deciderRole(actor, rule, target);
  if (role === null) return rule.refusalWithoutRole ?? rule.refusal ?? ROLE_NOT_ALLOWED;
  return rule.roles.includes(role) ? null : (rule.refusal ?? ROLE_NOT_ALLOWED);
}

/** For pages and read models: whether to offer the control at all. */
export function can(actor: Pick<Actor, "grants">, permission: Permission, target: PermissionTarget): boolean {
  return refusalOf(actor, permission, target) === null;
}

/** For domain code: refuses with FORBIDDEN and the permission's reason. */
export function assertCan(actor: Pick<Actor, "grants">, permission: Permission, target: PermissionTarget): void {
  const refusal = refusalOf(actor, permission, target);
  if (refusal) throw new AppError("FORBIDDEN", refusal.message, { reason: refusal.reason });
}

/** Which kinds of child account each kind may create: distributors create MSSPs, MSSPs create customers and sub-MSSPs. */
const CHILD_KINDS: Record<AccountKind, readonly AccountKind[]> = {
  DISTRIBUTOR: ["MSSP"],
  MSSP: ["CUSTOMER", "MSSP"],
  CUSTOMER: [],
};

export function allowedChildKinds(parentKind: AccountKind): readonly AccountKind[] {
  return CHILD_KINDS[parentKind];
}

export function canHaveChildren(kind: AccountKind): boolean {
  return CHILD_KINDS[kind].length > 0;
}
