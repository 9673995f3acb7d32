import { describe, expect, it } from "vitest";
import type { AccountKind, Role } from "@/generated/prisma/enums";
import { allowedChildKinds, assertCan, can, canHaveChildren, type Permission } from "@/server/auth/permissions";
import { childPath, rootPath, type Grant } from "@/server/auth/reach";
import { AppError } from "@/lib/errors";

/** What each role may do where it holds the role: the table the portal had before can() took an actor. */
const ROLE_TABLE: Record<Role, readonly Permission[]> = {
  ADMIN: ["account:read", "account:manage", "users:read", "users:manage", "audit:read", "usage:read", "export", "contracts:import", "prices:read", "prices:manage"],
  VIEWER: ["account:read", "users:read", "audit:read", "usage:read", "export", "prices:read"],
  BILLING: ["account:read", "usage:read", "export", "prices:read"],
};
const ON_ACCOUNT = ROLE_TABLE.ADMIN;
/** Decided by the caller's role on the account's parent, and only ADMIN there may. */
const FROM_ABOVE: readonly Permission[] = ["account:change-status", "contracts:manage", "licence-access:change"];
const ROLES: readonly Role[] = ["ADMIN", "VIEWER", "BILLING"];

// A distributor → MSSP → customer tree, plus an MSSP sub-partner and an unrelated MSSP.
const dist = rootPath("d");
const mssp = childPath(dist, "m");
const sub = childPath(mssp, "s");
const customer = childPath(mssp, "c");
const otherMssp = childPath(dist, "o");
const KIND: Record<string, AccountKind> = { [dist]: "DISTRIBUTOR", [mssp]: "MSSP", [sub]: "MSSP", [customer]: "CUSTOMER", [otherMssp]: "MSSP" };

const grant = (accountPath: string, role: Role): Grant => ({ accountId: accountPath, accountPath, role });
const actorWith = (...grants: Grant[]) => ({ grants });

/** How the caller is related to the target account: where their one membership sits. */
const RELATIONS = [
  { relation: "member of the account itself", at: (target: string) => target },
  { relation: "member of its parent", at: (target: string) => parentOf(target) },
  { relation: "member of its grandparent", at: (target: string) => parentOf(parentOf(target)) },
  { relation: "member of a child below it", at: (target: string) => childPath(target, "child") },
  { relation: "member of an unrelated account", at: () => otherMssp },
] as const;

function parentOf(path: string | null): string | null {
  if (!path) return null;
  const parts = path.split("/").filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join("/")}/` : null;
}

/** Today's rule, written out: the role that decides, then the role table (ADMIN only for decisions from above). */
function expected(permission: Permission, role: Role, membership: string, target: string): boolean {
  const decidesOn = FROM_ABOVE.includes(permission) ? parentOf(target) : target;
  if (!decidesOn || !decidesOn.startsWith(membership)) return false;
  return FROM_ABOVE.includes(permission) ? role === "ADMIN" : ROLE_TABLE[role].includes(permission);
}

describe("can: role × account kind × relation", () => {
  const targets = [dist, mssp, sub, customer];
  const cases = targets.flatMap((target) =>
    RELATIONS.flatMap(({ relation, at }) =>
      ROLES.map((role) => ({ label: `${role} ${relation}, on a ${KIND[target]} at depth ${target.split("/").length - 3}`, role, membership: at(target), target })),
    ),
  );

  it.each(cases)("$label", ({ role, membership, target }) => {
    const actor = actorWith(...(membership ? [grant(membership, role)] : []));
    for (const permission of [...ON_ACCOUNT, ...FROM_ABOVE]) {
      const allowed = membership ? expected(permission, role, membership, target) : false;
      expect(can(actor, permission, { path: target }), permission).toBe(allowed);
    }
  });

  it("a caller without memberships may do nothing", () => {
    for (const permission of [...ON_ACCOUNT, ...FROM_ABOVE]) expect(can(actorWith(), permission, { path: customer })).toBe(false);
  });

  it("the strongest membership at or above the account decides", () => {
    const actor = actorWith(grant(dist, "BILLING"), grant(mssp, "ADMIN"));
    expect(can(actor, "users:manage", { path: customer })).toBe(true);
    expect(can(actor, "users:read", { path: dist })).toBe(false);
    expect(can(actor, "contracts:manage", { path: customer })).toBe(true);
    expect(can(actor, "contracts:manage", { path: mssp })).toBe(false);
  });

  it("an ADMIN of a child does not gain rights on its parent", () => {
    const actor = actorWith(grant(customer, "ADMIN"));
    for (const permission of [...ON_ACCOUNT, ...FROM_ABOVE]) expect(can(actor, permission, { path: mssp })).toBe(false);
  });
});

describe("assertCan", () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { code: (error as AppError).code, reason: (error as AppError).reason, message: (error as AppError).message };
    }
    return null;
  };

  it("passes silently when allowed", () => {
    expect(refusal(() => assertCan(actorWith(grant(mssp, "ADMIN")), "account:manage", { path: customer }))).toBeNull();
  });

  it("refuses a role on the account with FORBIDDEN ROLE_NOT_ALLOWED", () => {
    expect(refusal(() => assertCan(actorWith(grant(mssp, "VIEWER")), "account:manage", { path: mssp }))).toEqual({
      code: "FORBIDDEN",
      reason: "ROLE_NOT_ALLOWED",
      message: "Your role does not allow this.",
    });
    expect(refusal(() => assertCan(actorWith(grant(mssp, "BILLING")), "users:read", { path: mssp }))?.reason).toBe("ROLE_NOT_ALLOWED");
  });

  it("a status change of one's own top account is managed above; a non-admin above is a role refusal", () => {
    expect(refusal(() => assertCan(actorWith(grant(mssp, "ADMIN")), "account:change-status", { path: mssp }))).toEqual({
      code: "FORBIDDEN",
      reason: "STATUS_MANAGED_ABOVE",
      message: "This account's status is managed by its parent account.",
    });
    expect(refusal(() => assertCan(actorWith(grant(mssp, "VIEWER")), "account:change-status", { path: customer }))?.reason).toBe(
      "ROLE_NOT_ALLOWED",
    );
  });

  it("contracts are managed from above, whatever the caller holds on the account", () => {
    const managedAbove = {
      code: "FORBIDDEN",
      reason: "CONTRACTS_MANAGED_ABOVE",
      message: "Contracts of this account are managed by an admin of its parent account.",
    };
    expect(refusal(() => assertCan(actorWith(grant(customer, "ADMIN")), "contracts:manage", { path: customer }))).toEqual(managedAbove);
    expect(refusal(() => assertCan(actorWith(grant(mssp, "VIEWER")), "contracts:manage", { path: customer }))).toEqual(managedAbove);
  });

  it("a contract import by a non-admin names its own message", () => {
    expect(refusal(() => assertCan(actorWith(grant(mssp, "VIEWER")), "contracts:import", { path: mssp }))).toEqual({
      code: "FORBIDDEN",
      reason: "ROLE_NOT_ALLOWED",
      message: "Only admins import contracts.",
    });
  });

  it("licence access is changed from above, with the role refusal", () => {
    expect(refusal(() => assertCan(actorWith(grant(customer, "ADMIN")), "licence-access:change", { path: customer }))?.reason).toBe(
      "ROLE_NOT_ALLOWED",
    );
  });
});

describe("account tree rules", () => {
  it("a distributor creates MSSPs; an MSSP creates customers and MSSP children; a customer nothing", () => {
    expect(allowedChildKinds("DISTRIBUTOR")).toEqual(["MSSP"]);
    expect(allowedChildKinds("MSSP")).toEqual(["CUSTOMER", "MSSP"]);
    expect(allowedChildKinds("CUSTOMER")).toEqual([]);
    expect(canHaveChildren("CUSTOMER")).toBe(false);
  });
});
