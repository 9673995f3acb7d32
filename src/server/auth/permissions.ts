import type { AccountKind, Role } from "@/generated/prisma/client";
import { forbidden } from "@/lib/errors";

/**
 * What each role may do on an account it reaches. ADMIN changes things; VIEWER
 * reads everything; BILLING reads usage and exports, nothing else.
 */
export type Permission =
  | "account:read"
  | "account:manage"
  | "users:read"
  | "users:manage"
  | "audit:read"
  | "usage:read"
  | "export";

const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  ADMIN: new Set<Permission>([
    "account:read",
    "account:manage",
    "users:read",
    "users:manage",
    "audit:read",
    "usage:read",
    "export",
  ]),
  VIEWER: new Set<Permission>(["account:read", "users:read", "audit:read", "usage:read", "export"]),
  BILLING: new Set<Permission>(["account:read", "usage:read", "export"]),
};

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && ROLE_PERMISSIONS[role].has(permission);
}

export function assertCan(role: Role | null, permission: Permission): void {
  if (!can(role, permission)) throw forbidden("Your role does not allow this.", "ROLE_NOT_ALLOWED");
}

/** Which kinds of child account each kind may create (SPEC §1.1). */
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
