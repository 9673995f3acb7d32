import { describe, expect, it } from "vitest";
import type { AccountKind, LicenceType, Role } from "@/generated/prisma/enums";
import {
  checkPaygPrerequisites,
  isUnderMssp,
  PAYG_REFUSAL_MESSAGES,
  type PaygFacts,
  type PaygRefusal,
} from "@/server/plans/payg-prerequisites";
import { effectiveLicenceType } from "@/server/gateways/effective-licence-type";
import { can } from "@/server/auth/permissions";

const PASSING: PaygFacts = { underMssp: true, mayManage: true, holderHasActivePaygContract: true };

/** Each plan-level prerequisite, how to break it, and the reason it must give. */
const BREAKS: { reason: PaygRefusal; fail: Partial<PaygFacts> }[] = [
  { reason: "ACCOUNT_NOT_MSSP", fail: { underMssp: false } },
  { reason: "USER_NOT_ADMIN", fail: { mayManage: false } },
  { reason: "NO_ACTIVE_PAYG_CONTRACT", fail: { holderHasActivePaygContract: false } },
];

/** Every subset of the prerequisites failing at once (2³ = 8 rows, the empty one is the all-pass case). */
const COMBINATIONS = Array.from({ length: 2 ** BREAKS.length }, (_, mask) => {
  const broken = BREAKS.filter((_, i) => mask & (1 << i));
  return {
    label: broken.length ? broken.map((b) => b.reason).join(" + ") : "all prerequisites met",
    facts: Object.assign({}, PASSING, ...broken.map((b) => b.fail)) as PaygFacts,
    expected: broken.map((b) => b.reason),
  };
});

describe("checkPaygPrerequisites", () => {
  it("covers every combination once", () => {
    expect(COMBINATIONS).toHaveLength(8);
    expect(new Set(COMBINATIONS.map((c) => c.label)).size).toBe(8);
  });

  it.each(COMBINATIONS)("$label", ({ facts, expected }) => {
    expect(checkPaygPrerequisites(facts)).toEqual(expected);
  });

  it.each(BREAKS)("$reason alone is the only reason given", ({ reason, fail }) => {
    expect(checkPaygPrerequisites({ ...PASSING, ...fail })).toEqual([reason]);
  });

  it.each<[Role | null, PaygRefusal[]]>([
    ["ADMIN", []],
    ["VIEWER", ["USER_NOT_ADMIN"]],
    ["BILLING", ["USER_NOT_ADMIN"]],
    [null, ["USER_NOT_ADMIN"]],
  ])("role %s → %j", (role, expected) => {
    const account = { path: "/m/" };
    const actor = { grants: role ? [{ accountId: "m", accountPath: account.path, role }] : [] };
    expect(checkPaygPrerequisites({ ...PASSING, mayManage: can(actor, "account:manage", account) })).toEqual(expected);
  });

  it("never names the firmware: that is checked per gateway", () => {
    for (const { facts } of COMBINATIONS) expect(checkPaygPrerequisites(facts)).not.toContain("GATEWAY_FIRMWARE_TOO_OLD");
  });

  it("has a message for every reason", () => {
    const reasons: PaygRefusal[] = ["ACCOUNT_NOT_MSSP", "USER_NOT_ADMIN", "NO_ACTIVE_PAYG_CONTRACT", "GATEWAY_FIRMWARE_TOO_OLD"];
    for (const reason of reasons) expect(PAYG_REFUSAL_MESSAGES[reason].length, reason).toBeGreaterThan(20);
    expect(new Set(reasons.map((r) => PAYG_REFUSAL_MESSAGES[r])).size).toBe(reasons.length);
    expect(PAYG_REFUSAL_MESSAGES.GATEWAY_FIRMWARE_TOO_OLD).toContain("R82.00.00");
  });
});

describe("isUnderMssp", () => {
  it.each<[AccountKind, AccountKind[], boolean]>([
    ["MSSP", [], true],
    ["MSSP", ["DISTRIBUTOR"], true],
    ["MSSP", ["DISTRIBUTOR", "MSSP"], true],
    ["CUSTOMER", ["DISTRIBUTOR", "MSSP"], true],
    ["CUSTOMER", ["DISTRIBUTOR", "MSSP", "MSSP"], true],
    ["CUSTOMER", [], false],
    ["CUSTOMER", ["DISTRIBUTOR"], false],
    ["DISTRIBUTOR", [], false],
  ])("%s below %j → %s", (kind, ancestors, expected) => {
    expect(isUnderMssp(kind, ancestors)).toBe(expected);
  });
});

describe("effectiveLicenceType", () => {
  const OLD = "R81.20";
  const NEW = "R82.10";
  type PlanType = LicenceType | null;
  type LockState = "locked" | "unlocked-own-SUBSCRIPTION" | "unlocked-own-PAYG";
  const lockFacts: Record<LockState, { lockedToPlan: boolean; ownLicenceType: LicenceType }> = {
    locked: { lockedToPlan: true, ownLicenceType: "SUBSCRIPTION" },
    "unlocked-own-SUBSCRIPTION": { lockedToPlan: false, ownLicenceType: "SUBSCRIPTION" },
    "unlocked-own-PAYG": { lockedToPlan: false, ownLicenceType: "PAYG" },
  };

  // Written out by hand from docs/gateways-and-plans.md#licence-types, not derived: plan type × lock state × firmware.
  const TABLE: [PlanType, LockState, string, LicenceType][] = [
    ["SUBSCRIPTION", "locked", OLD, "SUBSCRIPTION"],
    ["SUBSCRIPTION", "locked", NEW, "SUBSCRIPTION"],
    ["SUBSCRIPTION", "unlocked-own-SUBSCRIPTION", OLD, "SUBSCRIPTION"],
    ["SUBSCRIPTION", "unlocked-own-SUBSCRIPTION", NEW, "SUBSCRIPTION"],
    ["SUBSCRIPTION", "unlocked-own-PAYG", OLD, "SUBSCRIPTION"],
    ["SUBSCRIPTION", "unlocked-own-PAYG", NEW, "PAYG"],
    ["PAYG", "locked", OLD, "SUBSCRIPTION"],
    ["PAYG", "locked", NEW, "PAYG"],
    ["PAYG", "unlocked-own-SUBSCRIPTION", OLD, "SUBSCRIPTION"],
    ["PAYG", "unlocked-own-SUBSCRIPTION", NEW, "SUBSCRIPTION"],
    ["PAYG", "unlocked-own-PAYG", OLD, "SUBSCRIPTION"],
    ["PAYG", "unlocked-own-PAYG", NEW, "PAYG"],
    [null, "locked", OLD, "SUBSCRIPTION"],
    [null, "locked", NEW, "SUBSCRIPTION"],
    [null, "unlocked-own-SUBSCRIPTION", OLD, "SUBSCRIPTION"],
    [null, "unlocked-own-SUBSCRIPTION", NEW, "SUBSCRIPTION"],
    [null, "unlocked-own-PAYG", OLD, "SUBSCRIPTION"],
    [null, "unlocked-own-PAYG", NEW, "PAYG"],
  ];

  it("the table has every combination exactly once", () => {
    const keys = new Set(TABLE.map(([plan, lock, firmware]) => `${plan}|${lock}|${firmware}`));
    expect(keys.size).toBe(3 * 3 * 2);
    expect(TABLE).toHaveLength(18);
  });

  it.each(TABLE)("plan %s, %s, firmware %s → %s", (planLicenceType, lock, firmwareVersion, expected) => {
    expect(effectiveLicenceType({ planLicenceType, firmwareVersion, ...lockFacts[lock] })).toBe(expected);
  });

  it("a locked gateway follows its plan even when a stale own type says otherwise", () => {
    expect(effectiveLicenceType({ planLicenceType: "SUBSCRIPTION", lockedToPlan: true, ownLicenceType: "PAYG", firmwareVersion: NEW })).toBe("SUBSCRIPTION");
    expect(effectiveLicenceType({ planLicenceType: "PAYG", lockedToPlan: true, ownLicenceType: "SUBSCRIPTION", firmwareVersion: NEW })).toBe("PAYG");
  });

  it("the firmware boundary is R82.00.00 exactly", () => {
    const onPaygPlan = (firmwareVersion: string) =>
      effectiveLicenceType({ planLicenceType: "PAYG", lockedToPlan: true, ownLicenceType: "SUBSCRIPTION", firmwareVersion });
    expect(onPaygPlan("R81.99.99")).toBe("SUBSCRIPTION");
    expect(onPaygPlan("R82")).toBe("PAYG");
    expect(onPaygPlan("R82.00.00")).toBe("PAYG");
    expect(onPaygPlan("r82.10")).toBe("PAYG");
  });
});
