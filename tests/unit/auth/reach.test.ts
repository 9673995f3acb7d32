import { describe, expect, it } from "vitest";
import {
  canReachPath,
  childPath,
  effectiveRole,
  parentPathOf,
  reachableAccountWhere,
  rootPath,
  type Grant,
} from "@/server/auth/reach";

const dist = rootPath("d");
const mssp = childPath(dist, "m");
const customer = childPath(mssp, "c");
const otherMssp = childPath(dist, "x");

describe("reachable accounts", () => {
  const grants: Grant[] = [{ accountId: "m", accountPath: mssp, role: "ADMIN" }];

  it("reaches the membership's account and everything below it", () => {
    expect(canReachPath(grants, mssp)).toBe(true);
    expect(canReachPath(grants, customer)).toBe(true);
  });

  it("never reaches up or sideways", () => {
    expect(canReachPath(grants, dist)).toBe(false);
    expect(canReachPath(grants, otherMssp)).toBe(false);
  });

  it("does not confuse ids that share a prefix", () => {
    const lookalike = childPath(dist, "m2");
    expect(canReachPath([{ accountId: "m", accountPath: childPath(dist, "m"), role: "ADMIN" }], lookalike)).toBe(false);
  });

  it("builds a where clause of path prefixes, and an impossible one without grants", () => {
    expect(reachableAccountWhere(grants)).toEqual({ OR: [{ path: { startsWith: mssp } }] });
    expect(reachableAccountWhere([])).toEqual({ id: { in: [] } });
  });
});

describe("effective role", () => {
  it("takes the strongest membership at or above the account", () => {
    const grants: Grant[] = [
      { accountId: "c", accountPath: customer, role: "VIEWER" },
      { accountId: "m", accountPath: mssp, role: "ADMIN" },
    ];
    expect(effectiveRole(grants, customer)).toBe("ADMIN");
  });

  it("ignores memberships below the account", () => {
    const grants: Grant[] = [{ accountId: "c", accountPath: customer, role: "ADMIN" }];
    expect(effectiveRole(grants, mssp)).toBeNull();
  });

  it("ranks VIEWER above BILLING", () => {
    const grants: Grant[] = [
      { accountId: "m", accountPath: mssp, role: "BILLING" },
      { accountId: "c", accountPath: customer, role: "VIEWER" },
    ];
    expect(effectiveRole(grants, customer)).toBe("VIEWER");
    expect(effectiveRole(grants, mssp)).toBe("BILLING");
  });
});

describe("tree paths", () => {
  it("derives the parent's path", () => {
    expect(parentPathOf(customer)).toBe(mssp);
    expect(parentPathOf(dist)).toBeNull();
  });
});
