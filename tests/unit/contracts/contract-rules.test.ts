import { describe, expect, it } from "vitest";
import type { AccountKind, ContractType } from "@/generated/prisma/enums";
import { REFUSAL_MESSAGES, refusalMessage, type ContractRefusal } from "@/lib/contract-refusals";
import {
  allowedEdits,
  checkAddContract,
  checkArchiveContract,
  checkCancelContract,
  checkEditContract,
  checkHeldContracts,
  deriveContractStatus,
  endedOn,
  expiryForNewContract,
  isDueForAutoArchive,
  isHiddenUserCenterContract,
  type ContractFacts,
  type EditRequest,
} from "@/server/contracts/contract-rules";

const TODAY = "2026-05-10";
const ALL_TYPES: ContractType[] = ["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"];

/** A live portal contract of a type; override what the row is about. */
const facts = (overrides: Partial<ContractFacts> & Pick<ContractFacts, "type">): ContractFacts => ({
  source: "PORTAL",
  expiresOn: overrides.type === "PAYG" ? null : "2027-01-31",
  canceledOn: null,
  archived: false,
  ...overrides,
});

describe("deriveContractStatus", () => {
  it.each([
    ["expires today", { expiresOn: "2026-05-10", canceledOn: null }, "ABOUT_TO_EXPIRE"],
    ["expired yesterday", { expiresOn: "2026-05-09", canceledOn: null }, "EXPIRED"],
    ["expired a year ago", { expiresOn: "2025-05-10", canceledOn: null }, "EXPIRED"],
    ["expires tomorrow", { expiresOn: "2026-05-11", canceledOn: null }, "ABOUT_TO_EXPIRE"],
    ["expires exactly 30 days ahead", { expiresOn: "2026-06-09", canceledOn: null }, "ABOUT_TO_EXPIRE"],
    ["expires 31 days ahead", { expiresOn: "2026-06-10", canceledOn: null }, "ACTIVE"],
    ["open-ended (PAYG)", { expiresOn: null, canceledOn: null }, "ACTIVE"],
    ["canceled, expiry far ahead", { expiresOn: "2030-01-01", canceledOn: "2026-05-01" }, "CANCELED"],
    ["canceled and past its expiry", { expiresOn: "2026-01-01", canceledOn: "2025-12-01" }, "CANCELED"],
    ["canceled open-ended PAYG", { expiresOn: null, canceledOn: "2026-05-10" }, "CANCELED"],
  ] as const)("%s → %s", (_label, input, expected) => {
    expect(deriveContractStatus(input, TODAY)).toBe(expected);
  });

  it("counts calendar days across month ends, year ends and leap days", () => {
    expect(deriveContractStatus({ expiresOn: "2027-01-14", canceledOn: null }, "2026-12-15")).toBe("ABOUT_TO_EXPIRE"); // 30 days
    expect(deriveContractStatus({ expiresOn: "2027-01-15", canceledOn: null }, "2026-12-15")).toBe("ACTIVE"); // 31 days
    // February 2028 has 29 days: 2028-02-01 + 30 days = 2028-03-02.
    expect(deriveContractStatus({ expiresOn: "2028-03-02", canceledOn: null }, "2028-02-01")).toBe("ABOUT_TO_EXPIRE");
    expect(deriveContractStatus({ expiresOn: "2028-03-03", canceledOn: null }, "2028-02-01")).toBe("ACTIVE");
    // February 2027 has 28 days: 2027-02-01 + 30 days = 2027-03-03.
    expect(deriveContractStatus({ expiresOn: "2027-03-03", canceledOn: null }, "2027-02-01")).toBe("ABOUT_TO_EXPIRE");
    expect(deriveContractStatus({ expiresOn: "2027-03-04", canceledOn: null }, "2027-02-01")).toBe("ACTIVE");
    expect(deriveContractStatus({ expiresOn: "2028-02-28", canceledOn: null }, "2028-02-29")).toBe("EXPIRED");
    expect(deriveContractStatus({ expiresOn: "2028-02-29", canceledOn: null }, "2028-02-29")).toBe("ABOUT_TO_EXPIRE");
  });
});

describe("expiryForNewContract", () => {
  it.each([
    // type, registered, trial days, expected last valid day
    ["NFR", "2026-03-10", undefined, "2033-03-09"],
    ["NFR", "2026-01-01", undefined, "2032-12-31"],
    // 2035 has no 29 February: seven years on is 2035-02-28, so the last day is the 27th.
    ["NFR", "2028-02-29", undefined, "2035-02-27"],
    ["NFR", "2028-03-01", undefined, "2035-02-28"],
    ["NFR", "2025-03-01", undefined, "2032-02-29"], // ends on a leap day
    ["SUBSCRIPTION", "2026-03-10", undefined, "2027-03-09"],
    ["SUBSCRIPTION", "2027-03-01", undefined, "2028-02-29"],
    ["SUBSCRIPTION", "2028-02-29", undefined, "2029-02-27"],
    ["SUBSCRIPTION", "2026-12-31", undefined, "2027-12-30"],
    ["TRIAL", "2026-01-15", undefined, "2026-02-13"], // default 30 days, across a month end
    ["TRIAL", "2026-12-15", undefined, "2027-01-13"], // across a year end
    ["TRIAL", "2028-02-01", undefined, "2028-03-01"], // 29-day February
    ["TRIAL", "2027-02-01", undefined, "2027-03-02"], // 28-day February
    ["TRIAL", "2028-01-30", 30, "2028-02-28"],
    ["TRIAL", "2028-01-31", 30, "2028-02-29"],
    ["TRIAL", "2026-05-10", 1, "2026-05-10"], // a one-day trial ends the day it starts
    ["TRIAL", "2026-05-10", 90, "2026-08-07"],
    ["PAYG", "2026-05-10", undefined, null],
    ["EVALUATION", "2026-05-10", undefined, null],
  ] as const)("%s registered %s (%s days) → %s", (type, registered, days, expected) => {
    expect(expiryForNewContract(type, registered, days)).toBe(expected);
  });
});

describe("isDueForAutoArchive and endedOn", () => {
  it.each([
    ["expired 29 days ago", facts({ type: "TRIAL", expiresOn: "2026-04-11" }), false],
    ["expired exactly 30 days ago", facts({ type: "TRIAL", expiresOn: "2026-04-10" }), true],
    ["expired 31 days ago", facts({ type: "SUBSCRIPTION", expiresOn: "2026-04-09" }), true],
    ["expires today", facts({ type: "NFR", expiresOn: TODAY }), false],
    ["expired yesterday", facts({ type: "NFR", expiresOn: "2026-05-09" }), false],
    ["live PAYG", facts({ type: "PAYG" }), false],
    ["PAYG canceled 29 days ago", facts({ type: "PAYG", canceledOn: "2026-04-11" }), false],
    ["PAYG canceled exactly 30 days ago", facts({ type: "PAYG", canceledOn: "2026-04-10" }), true],
    ["NFR canceled 30 days ago, expiry years ahead", facts({ type: "NFR", expiresOn: "2033-01-01", canceledOn: "2026-04-10" }), true],
    ["canceled today", facts({ type: "PAYG", canceledOn: TODAY }), false],
    ["already archived", facts({ type: "TRIAL", expiresOn: "2025-01-01", archived: true }), false],
    ["User Center subscription expired long ago", facts({ type: "SUBSCRIPTION", source: "USER_CENTER", expiresOn: "2020-01-01" }), false],
    ["User Center evaluation expired long ago", facts({ type: "EVALUATION", source: "USER_CENTER", expiresOn: "2020-01-01" }), false],
  ] as const)("%s → %s", (_label, input, expected) => {
    expect(isDueForAutoArchive(input, TODAY)).toBe(expected);
  });

  it("counts 30 days across a leap February", () => {
    const trial = facts({ type: "TRIAL", expiresOn: "2028-02-01" });
    expect(isDueForAutoArchive(trial, "2028-03-01")).toBe(false); // 29 days
    expect(isDueForAutoArchive(trial, "2028-03-02")).toBe(true); // 30 days
  });

  it("a contract ended on its cancel day when canceled, else on its expiry", () => {
    expect(endedOn({ expiresOn: "2033-01-01", canceledOn: "2026-04-10" })).toBe("2026-04-10");
    expect(endedOn({ expiresOn: "2026-04-10", canceledOn: null })).toBe("2026-04-10");
    expect(endedOn({ expiresOn: null, canceledOn: null })).toBeNull();
  });

  it("hides only expired User Center contracts", () => {
    expect(isHiddenUserCenterContract(facts({ type: "EVALUATION", source: "USER_CENTER", expiresOn: "2026-05-09" }), TODAY)).toBe(true);
    expect(isHiddenUserCenterContract(facts({ type: "EVALUATION", source: "USER_CENTER", expiresOn: TODAY }), TODAY)).toBe(false);
    expect(isHiddenUserCenterContract(facts({ type: "SUBSCRIPTION", source: "PORTAL", expiresOn: "2026-05-09" }), TODAY)).toBe(false);
  });
});

describe("checkAddContract: every account kind × type × offered", () => {
  // expected when the service offers the type / when it does not
  const TABLE: Record<AccountKind, Record<ContractType, [string | null, string | null]>> = {
    DISTRIBUTOR: {
      PAYG: ["CONTRACTS_NOT_FOR_DISTRIBUTOR", "CONTRACTS_NOT_FOR_DISTRIBUTOR"],
      NFR: ["CONTRACTS_NOT_FOR_DISTRIBUTOR", "CONTRACTS_NOT_FOR_DISTRIBUTOR"],
      SUBSCRIPTION: ["CONTRACTS_NOT_FOR_DISTRIBUTOR", "CONTRACTS_NOT_FOR_DISTRIBUTOR"],
      TRIAL: ["CONTRACTS_NOT_FOR_DISTRIBUTOR", "CONTRACTS_NOT_FOR_DISTRIBUTOR"],
      EVALUATION: ["EVALUATION_NOT_ADDABLE", "EVALUATION_NOT_ADDABLE"],
    },
    MSSP: {
      PAYG: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      NFR: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      SUBSCRIPTION: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      TRIAL: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      EVALUATION: ["EVALUATION_NOT_ADDABLE", "EVALUATION_NOT_ADDABLE"],
    },
    CUSTOMER: {
      PAYG: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      NFR: ["NFR_NOT_FOR_CUSTOMER", "NFR_NOT_FOR_CUSTOMER"],
      SUBSCRIPTION: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      TRIAL: [null, "SERVICE_DOES_NOT_OFFER_TYPE"],
      EVALUATION: ["EVALUATION_NOT_ADDABLE", "EVALUATION_NOT_ADDABLE"],
    },
  };
  const cases = (Object.keys(TABLE) as AccountKind[]).flatMap((kind) =>
    ALL_TYPES.flatMap((type) => [
      { kind, type, offered: true, expected: TABLE[kind][type][0] },
      { kind, type, offered: false, expected: TABLE[kind][type][1] },
    ]),
  );

  it.each(cases)("$kind adds $type (offered: $offered) → $expected", ({ kind, type, offered, expected }) => {
    const serviceTypes = offered ? ALL_TYPES : ALL_TYPES.filter((t) => t !== type);
    expect(checkAddContract({ accountKind: kind, type, serviceTypes })).toBe(expected);
  });

  it("covers 3 kinds × 5 types × offered or not", () => expect(cases).toHaveLength(30));
});

describe("checkEditContract: every type and source × every change", () => {
  const CHANGES: Record<string, EditRequest> = {
    quantity: { quantity: 12 },
    addAddOn: { addAddOns: ["QSM-ADD-SDWAN"] },
    removeAddOn: { removeAddOns: ["QSM-ADD-TP"] },
    expiryAction: { trialExpiryAction: "EXPIRE" },
    nothing: {},
    emptyLists: { addAddOns: [], removeAddOns: [] },
  };
  type Row = [label: string, facts: ContractFacts, expected: Record<keyof typeof CHANGES, string | null>];
  const all = (reason: string | null) =>
    ({ quantity: reason, addAddOn: reason, removeAddOn: reason, expiryAction: reason, nothing: reason, emptyLists: reason }) as const;
  const TABLE: Row[] = [
    ["PAYG", facts({ type: "PAYG" }), { ...all(null), expiryAction: "EXPIRY_ACTION_CHANGE_NOT_ALLOWED" }],
    [
      "TRIAL",
      facts({ type: "TRIAL" }),
      { ...all(null), quantity: "QUANTITY_CHANGE_NOT_ALLOWED", addAddOn: "ADDON_ADD_NOT_ALLOWED", removeAddOn: "ADDON_REMOVAL_NOT_ALLOWED" },
    ],
    [
      "SUBSCRIPTION (portal)",
      facts({ type: "SUBSCRIPTION" }),
      { ...all(null), quantity: "QUANTITY_CHANGE_NOT_ALLOWED", removeAddOn: "ADDON_REMOVAL_NOT_ALLOWED", expiryAction: "EXPIRY_ACTION_CHANGE_NOT_ALLOWED" },
    ],
    ["SUBSCRIPTION (User Center)", facts({ type: "SUBSCRIPTION", source: "USER_CENTER" }), all("USER_CENTER_CONTRACT_NOT_EDITABLE")],
    ["EVALUATION (User Center)", facts({ type: "EVALUATION", source: "USER_CENTER" }), all("USER_CENTER_CONTRACT_NOT_EDITABLE")],
    ["EVALUATION (portal, hypothetical)", facts({ type: "EVALUATION" }), all("EVALUATION_NOT_EDITABLE")],
    ["NFR", facts({ type: "NFR" }), all("NFR_NOT_EDITABLE")],
    ["canceled PAYG", facts({ type: "PAYG", canceledOn: "2026-05-01" }), all("CONTRACT_NOT_ACTIVE")],
    ["archived PAYG", facts({ type: "PAYG", archived: true }), all("CONTRACT_NOT_ACTIVE")],
    ["expired TRIAL", facts({ type: "TRIAL", expiresOn: "2026-05-09" }), all("CONTRACT_NOT_ACTIVE")],
    ["expired SUBSCRIPTION", facts({ type: "SUBSCRIPTION", expiresOn: "2026-05-09" }), all("CONTRACT_NOT_ACTIVE")],
    ["expired NFR", facts({ type: "NFR", expiresOn: "2026-05-09" }), all("CONTRACT_NOT_ACTIVE")],
    [
      "TRIAL on its last day (about to expire)",
      facts({ type: "TRIAL", expiresOn: TODAY }),
      { ...all(null), quantity: "QUANTITY_CHANGE_NOT_ALLOWED", addAddOn: "ADDON_ADD_NOT_ALLOWED", removeAddOn: "ADDON_REMOVAL_NOT_ALLOWED" },
    ],
  ];
  const cases = TABLE.flatMap(([label, contract, expected]) =>
    Object.entries(CHANGES).map(([change, request]) => ({ label, contract, change, request, expected: expected[change] ?? null })),
  );

  it.each(cases)("$label, change $change → $expected", ({ contract, request, expected }) => {
    expect(checkEditContract(contract, request, TODAY)).toBe(expected);
  });

  it("allowedEdits offers exactly what the table allows", () => {
    expect(allowedEdits(facts({ type: "PAYG" }), TODAY)).toEqual({ quantity: true, addAddOns: true, removeAddOns: true, trialExpiryAction: false });
    expect(allowedEdits(facts({ type: "TRIAL" }), TODAY)).toEqual({ quantity: false, addAddOns: false, removeAddOns: false, trialExpiryAction: true });
    expect(allowedEdits(facts({ type: "SUBSCRIPTION" }), TODAY)).toEqual({ quantity: false, addAddOns: true, removeAddOns: false, trialExpiryAction: false });
    const nothing = { quantity: false, addAddOns: false, removeAddOns: false, trialExpiryAction: false };
    expect(allowedEdits(facts({ type: "NFR" }), TODAY)).toEqual(nothing);
    expect(allowedEdits(facts({ type: "SUBSCRIPTION", source: "USER_CENTER" }), TODAY)).toEqual(nothing);
    expect(allowedEdits(facts({ type: "EVALUATION", source: "USER_CENTER" }), TODAY)).toEqual(nothing);
    expect(allowedEdits(facts({ type: "PAYG", canceledOn: TODAY }), TODAY)).toEqual(nothing);
    expect(allowedEdits(facts({ type: "TRIAL", expiresOn: "2026-05-09" }), TODAY)).toEqual(nothing);
  });
});

describe("checkCancelContract: every type and state, whole or one AddOn", () => {
  type Row = [label: string, facts: ContractFacts, whole: string | null, addOn: string | null];
  const TABLE: Row[] = [
    ["PAYG", facts({ type: "PAYG" }), null, null],
    ["NFR", facts({ type: "NFR" }), null, "ADDON_CANCEL_ONLY_PAYG"],
    ["TRIAL", facts({ type: "TRIAL" }), "CANNOT_CANCEL_TRIAL", "CANNOT_CANCEL_TRIAL"],
    ["SUBSCRIPTION (portal)", facts({ type: "SUBSCRIPTION" }), "CANNOT_CANCEL_SUBSCRIPTION", "CANNOT_CANCEL_SUBSCRIPTION"],
    ["SUBSCRIPTION (User Center)", facts({ type: "SUBSCRIPTION", source: "USER_CENTER" }), "CANNOT_CANCEL_SUBSCRIPTION", "CANNOT_CANCEL_SUBSCRIPTION"],
    ["EVALUATION", facts({ type: "EVALUATION", source: "USER_CENTER" }), "CANNOT_CANCEL_EVALUATION", "CANNOT_CANCEL_EVALUATION"],
    ["canceled PAYG", facts({ type: "PAYG", canceledOn: "2026-05-01" }), "ALREADY_CANCELED", "ALREADY_CANCELED"],
    ["canceled NFR", facts({ type: "NFR", canceledOn: "2026-05-01" }), "ALREADY_CANCELED", "ALREADY_CANCELED"],
    ["archived PAYG", facts({ type: "PAYG", archived: true }), "CONTRACT_NOT_ACTIVE", "CONTRACT_NOT_ACTIVE"],
    ["expired NFR", facts({ type: "NFR", expiresOn: "2026-05-09" }), "CONTRACT_NOT_ACTIVE", "CONTRACT_NOT_ACTIVE"],
    ["NFR on its last day", facts({ type: "NFR", expiresOn: TODAY }), null, "ADDON_CANCEL_ONLY_PAYG"],
    ["expired TRIAL", facts({ type: "TRIAL", expiresOn: "2026-05-09" }), "CANNOT_CANCEL_TRIAL", "CANNOT_CANCEL_TRIAL"],
  ];
  it.each(TABLE)("%s → whole %s, one AddOn %s", (_label, contract, whole, addOn) => {
    expect(checkCancelContract(contract, TODAY)).toBe(whole);
    expect(checkCancelContract(contract, TODAY, { addOn: false })).toBe(whole);
    expect(checkCancelContract(contract, TODAY, { addOn: true })).toBe(addOn);
  });
});

describe("checkArchiveContract: every type and state", () => {
  type Row = [label: string, facts: ContractFacts, expected: string | null];
  const TABLE: Row[] = [
    ["live PAYG", facts({ type: "PAYG" }), "NOT_EXPIRED"],
    ["canceled PAYG (same day)", facts({ type: "PAYG", canceledOn: TODAY }), null],
    ["live NFR", facts({ type: "NFR" }), "NOT_EXPIRED"],
    ["canceled NFR", facts({ type: "NFR", canceledOn: "2026-05-01" }), null],
    ["expired NFR", facts({ type: "NFR", expiresOn: "2026-05-09" }), null],
    ["TRIAL on its last day", facts({ type: "TRIAL", expiresOn: TODAY }), "NOT_EXPIRED"],
    ["TRIAL expired yesterday", facts({ type: "TRIAL", expiresOn: "2026-05-09" }), null],
    ["portal SUBSCRIPTION about to expire", facts({ type: "SUBSCRIPTION", expiresOn: "2026-05-20" }), "NOT_EXPIRED"],
    ["portal SUBSCRIPTION expired 40 days ago", facts({ type: "SUBSCRIPTION", expiresOn: "2026-03-31" }), null],
    ["User Center SUBSCRIPTION live", facts({ type: "SUBSCRIPTION", source: "USER_CENTER" }), "USER_CENTER_CONTRACT_NOT_ARCHIVED"],
    ["User Center SUBSCRIPTION expired", facts({ type: "SUBSCRIPTION", source: "USER_CENTER", expiresOn: "2026-05-09" }), "USER_CENTER_CONTRACT_NOT_ARCHIVED"],
    ["EVALUATION expired", facts({ type: "EVALUATION", source: "USER_CENTER", expiresOn: "2026-05-09" }), "USER_CENTER_CONTRACT_NOT_ARCHIVED"],
    ["archived expired TRIAL", facts({ type: "TRIAL", expiresOn: "2026-05-09", archived: true }), "ALREADY_ARCHIVED"],
    ["archived canceled PAYG", facts({ type: "PAYG", canceledOn: "2026-05-01", archived: true }), "ALREADY_ARCHIVED"],
  ];
  it.each(TABLE)("%s → %s", (_label, contract, expected) => {
    expect(checkArchiveContract(contract, TODAY)).toBe(expected);
  });
});

describe("checkHeldContracts (what the account already holds for the service)", () => {
  const NONE = { hadNfr: false, liveOfSameType: false };
  it.each([
    ["NFR", { hadNfr: true, liveOfSameType: false }, "NFR_ALREADY_USED"],
    ["NFR", NONE, null],
    ["PAYG", { hadNfr: false, liveOfSameType: true }, "PAYG_ALREADY_ACTIVE"],
    ["PAYG", { hadNfr: true, liveOfSameType: false }, null],
    ["TRIAL", { hadNfr: false, liveOfSameType: true }, "TRIAL_ALREADY_ACTIVE"],
    ["TRIAL", NONE, null],
    ["SUBSCRIPTION", { hadNfr: true, liveOfSameType: true }, null],
  ] as const)("%s with %j → %s", (type, held, expected) => {
    expect(checkHeldContracts(type, held)).toBe(expected);
  });

  it("the live-contract refusals name the service; the NFR one does not", () => {
    expect(refusalMessage("PAYG_ALREADY_ACTIVE", "Harmony Endpoint")).toBe(
      "This account already has an active Pay-As-You-Go contract for Harmony Endpoint.",
    );
    expect(refusalMessage("TRIAL_ALREADY_ACTIVE", "Harmony Endpoint")).toBe("This account already has an active trial contract for Harmony Endpoint.");
    expect(refusalMessage("NFR_ALREADY_USED", "Harmony Endpoint")).toBe(
      "This account has already had a Not For Resale contract for this service; it cannot be added again.",
    );
  });
});

describe("refusal messages", () => {
  it("every reason has a sentence for people", () => {
    for (const reason of Object.keys(REFUSAL_MESSAGES) as ContractRefusal[]) {
      const message = refusalMessage(reason, "Harmony Endpoint");
      expect(message.length, reason).toBeGreaterThan(15);
      expect(message.endsWith("."), reason).toBe(true);
    }
  });
});
