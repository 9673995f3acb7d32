import { describe, expect, it } from "vitest";
import { allowedChildKinds, assertCan, can, canHaveChildren, type Permission } from "@/server/auth/permissions";
import { AppError } from "@/lib/errors";

const ALL: Permission[] = ["account:read", "account:manage", "users:read", "users:manage", "audit:read", "usage:read", "export"];

describe("role permissions", () => {
  it.each([
    ["ADMIN", ALL],
    ["VIEWER", ["account:read", "users:read", "audit:read", "usage:read", "export"]],
    ["BILLING", ["account:read", "usage:read", "export"]],
  ] as const)("%s may do exactly its list", (role, allowed) => {
    for (const permission of ALL) {
      expect(can(role, permission), `${role} ${permission}`).toBe((allowed as readonly string[]).includes(permission));
    }
  });

  it("a caller without a role may do nothing", () => {
    for (const permission of ALL) expect(can(null, permission)).toBe(false);
  });

  it("assertCan throws a FORBIDDEN app error with a reason", () => {
    expect(() => assertCan("VIEWER", "account:manage")).toThrow(AppError);
    try {
      assertCan("BILLING", "users:read");
    } catch (error) {
      expect((error as AppError).code).toBe("FORBIDDEN");
      expect((error as AppError).reason).toBe("ROLE_NOT_ALLOWED");
    }
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
