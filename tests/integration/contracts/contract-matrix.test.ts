import { describe, expect, it } from "vitest";
import type { Contract } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { AppErrorCode } from "@/lib/errors";
import { addDaysIso } from "@/lib/dates";
import { addContract } from "@/server/contracts/add-contract";
import { editContract } from "@/server/contracts/edit-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { archiveContract } from "@/server/contracts/archive-contract";
import { listContracts } from "@/server/contracts/list-contracts";
import { syncUserCenter } from "@/server/contracts/sync-user-center";
import { activateService } from "@/server/contracts/activate-service";
import { commitContractImport, previewContractImport } from "@/server/contracts/import/contract-import";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { cancelContractSchema, editContractSchema } from "@/server/contracts/contract-input";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import {
  accountWrites,
  activeAddOnSkus,
  addInput,
  addPortalContract,
  contractSnapshot,
  DEFAULT_FILTERS,
  FAR_FUTURE_NOW,
  FAR_FUTURE_TODAY,
  feedEntry,
  insertContract,
  isoOf,
  noonOf,
  portalInput,
  QSM_SDWAN,
  QSM_TP,
  syncOneContract,
} from "../../support/contract-factories";

/**
 * Every contract type × every operation × every account kind against the real
 * database. Each cell starts from a fresh tenant and a fresh contract in the
 * state the operation needs, acts as the admin who manages that account's
 * contracts (the admin of the account above it), and checks the exact outcome:
 * the change and its audit event, or the exact refusal with nothing written.
 */

type Kind = "distributor" | "mssp" | "childMssp" | "customer";
type TypeKey = "PAYG" | "NFR" | "SUBSCRIPTION (portal)" | "SUBSCRIPTION (User Center)" | "TRIAL" | "EVALUATION";
type Op =
  | "add"
  | "edit quantity"
  | "add AddOn"
  | "remove AddOn"
  | "change trial expiry decision"
  | "cancel whole"
  | "cancel one AddOn"
  | "archive when active"
  | "archive when expired"
  | "archive when canceled";

const KINDS: Kind[] = ["distributor", "mssp", "childMssp", "customer"];
const OK = "ok";
/** The cell cannot exist (e.g. an NFR on a customer, which its add row refuses). */
const NA = "n/a";
/** Nobody above a distributor manages its contracts: refused before any rule. */
const ABOVE = "FORBIDDEN/CONTRACTS_MANAGED_ABOVE";
const rule = (reason: string) => `RULE_VIOLATION/${reason}`;

type Row = [distributor: string, mssp: string, childMssp: string, customer: string];

/** The expected outcome of every cell: [distributor, MSSP, MSSP child account, customer]. */
const EXPECTED: Record<TypeKey, Record<Op, Row>> = {
  PAYG: {
    add: [ABOVE, OK, OK, OK],
    "edit quantity": [ABOVE, OK, OK, OK],
    "add AddOn": [ABOVE, OK, OK, OK],
    "remove AddOn": [ABOVE, OK, OK, OK],
    "change trial expiry decision": [ABOVE, ...same(rule("EXPIRY_ACTION_CHANGE_NOT_ALLOWED"))],
    "cancel whole": [ABOVE, OK, OK, OK],
    "cancel one AddOn": [ABOVE, OK, OK, OK],
    "archive when active": [ABOVE, ...same(rule("NOT_EXPIRED"))],
    // A PAYG contract never expires (no end date): even 20 years on it is not archivable...
    "archive when expired": [ABOVE, ...same(rule("NOT_EXPIRED"))],
    // ...it ends by being canceled.
    "archive when canceled": [ABOVE, OK, OK, OK],
  },
  NFR: {
    add: [ABOVE, OK, OK, rule("NFR_NOT_FOR_CUSTOMER")],
    "edit quantity": [ABOVE, rule("NFR_NOT_EDITABLE"), rule("NFR_NOT_EDITABLE"), NA],
    "add AddOn": [ABOVE, rule("NFR_NOT_EDITABLE"), rule("NFR_NOT_EDITABLE"), NA],
    "remove AddOn": [ABOVE, rule("NFR_NOT_EDITABLE"), rule("NFR_NOT_EDITABLE"), NA],
    "change trial expiry decision": [ABOVE, rule("NFR_NOT_EDITABLE"), rule("NFR_NOT_EDITABLE"), NA],
    "cancel whole": [ABOVE, OK, OK, NA],
    "cancel one AddOn": [ABOVE, rule("ADDON_CANCEL_ONLY_PAYG"), rule("ADDON_CANCEL_ONLY_PAYG"), NA],
    "archive when active": [ABOVE, rule("NOT_EXPIRED"), rule("NOT_EXPIRED"), NA],
    "archive when expired": [ABOVE, OK, OK, NA],
    "archive when canceled": [ABOVE, OK, OK, NA],
  },
  "SUBSCRIPTION (portal)": {
    add: [ABOVE, OK, OK, OK],
    "edit quantity": [ABOVE, ...same(rule("QUANTITY_CHANGE_NOT_ALLOWED"))],
    "add AddOn": [ABOVE, OK, OK, OK],
    "remove AddOn": [ABOVE, ...same(rule("ADDON_REMOVAL_NOT_ALLOWED"))],
    "change trial expiry decision": [ABOVE, ...same(rule("EXPIRY_ACTION_CHANGE_NOT_ALLOWED"))],
    "cancel whole": [ABOVE, ...same(rule("CANNOT_CANCEL_SUBSCRIPTION"))],
    "cancel one AddOn": [ABOVE, ...same(rule("CANNOT_CANCEL_SUBSCRIPTION"))],
    "archive when active": [ABOVE, ...same(rule("NOT_EXPIRED"))],
    "archive when expired": [ABOVE, OK, OK, OK],
    "archive when canceled": [NA, NA, NA, NA],
  },
  "SUBSCRIPTION (User Center)": {
    // Only Sync UC creates these; the portal's Add Contract always makes a portal subscription.
    add: [NA, NA, NA, NA],
    "edit quantity": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "add AddOn": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "remove AddOn": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "change trial expiry decision": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "cancel whole": [ABOVE, ...same(rule("CANNOT_CANCEL_SUBSCRIPTION"))],
    "cancel one AddOn": [ABOVE, ...same(rule("CANNOT_CANCEL_SUBSCRIPTION"))],
    "archive when active": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_ARCHIVED"))],
    "archive when expired": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_ARCHIVED"))],
    "archive when canceled": [NA, NA, NA, NA],
  },
  TRIAL: {
    add: [ABOVE, OK, OK, OK],
    "edit quantity": [ABOVE, ...same(rule("QUANTITY_CHANGE_NOT_ALLOWED"))],
    "add AddOn": [ABOVE, ...same(rule("ADDON_ADD_NOT_ALLOWED"))],
    "remove AddOn": [ABOVE, ...same(rule("ADDON_REMOVAL_NOT_ALLOWED"))],
    "change trial expiry decision": [ABOVE, OK, OK, OK],
    "cancel whole": [ABOVE, ...same(rule("CANNOT_CANCEL_TRIAL"))],
    "cancel one AddOn": [ABOVE, ...same(rule("CANNOT_CANCEL_TRIAL"))],
    "archive when active": [ABOVE, ...same(rule("NOT_EXPIRED"))],
    "archive when expired": [ABOVE, OK, OK, OK],
    "archive when canceled": [NA, NA, NA, NA],
  },
  EVALUATION: {
    add: [ABOVE, ...same(rule("EVALUATION_NOT_ADDABLE"))],
    "edit quantity": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "add AddOn": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "remove AddOn": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "change trial expiry decision": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_EDITABLE"))],
    "cancel whole": [ABOVE, ...same(rule("CANNOT_CANCEL_EVALUATION"))],
    "cancel one AddOn": [ABOVE, ...same(rule("CANNOT_CANCEL_EVALUATION"))],
    "archive when active": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_ARCHIVED"))],
    "archive when expired": [ABOVE, ...same(rule("USER_CENTER_CONTRACT_NOT_ARCHIVED"))],
    "archive when canceled": [NA, NA, NA, NA],
  },
};

function same(outcome: string): [string, string, string] {
  return [outcome, outcome, outcome];
}

/** Operations that need the contract in the canceled state first (by its manager). */
const NEEDS_CANCELED: ReadonlySet<Op> = new Set(["archive when canceled"]);

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

function target(t: Tenant, kind: Kind) {
  // Who manages each account's contracts: the admin of the account above it
  // (nobody is above a distributor, so its own admin acts and is refused).
  switch (kind) {
    case "distributor":
      return { account: t.distributor, manager: t.distributorAdmin };
    case "mssp":
      return { account: t.mssp, manager: t.distributorAdmin };
    case "childMssp":
      return { account: t.childMssp, manager: t.msspAdmin };
    case "customer":
      return { account: t.customer, manager: t.msspAdmin };
  }
}

/** The contract a cell works on, made the way such a contract really comes to exist. */
async function seedContract(t: Tenant, kind: Kind, type: TypeKey, options: { canceled: boolean }): Promise<Contract> {
  const { account, manager } = target(t, kind);
  if (kind === "distributor") {
    // No portal flow puts a contract on a distributor; written directly to prove the guard holds anyway.
    const portalType = { PAYG: "PAYG", NFR: "NFR", "SUBSCRIPTION (portal)": "SUBSCRIPTION", TRIAL: "TRIAL" } as const;
    const isUc = type === "SUBSCRIPTION (User Center)" || type === "EVALUATION";
    const contractType = isUc ? (type === "EVALUATION" ? "EVALUATION" : "SUBSCRIPTION") : portalType[type as keyof typeof portalType];
    return insertContract({
      accountId: account.id,
      type: contractType,
      source: isUc ? "USER_CENTER" : "PORTAL",
      addOnSkus: contractType === "NFR" ? [] : [QSM_TP],
      registeredOn: FAR_FUTURE_TODAY,
      expiresOn: contractType === "PAYG" ? null : contractType === "NFR" ? "2038-03-09" : contractType === "TRIAL" ? "2031-04-08" : "2032-03-09",
      canceledAt: options.canceled ? FAR_FUTURE_NOW : undefined,
    });
  }
  let contract: Contract;
  if (type === "SUBSCRIPTION (User Center)" || type === "EVALUATION") {
    contract = await syncOneContract(manager.actor, account.id, {
      type: type === "EVALUATION" ? "EVALUATION" : "SUBSCRIPTION",
      registrationDate: "2031-01-01",
      expiresOn: type === "EVALUATION" ? "2031-04-30" : "2032-01-31",
    });
  } else {
    const portalType = type === "SUBSCRIPTION (portal)" ? "SUBSCRIPTION" : type;
    contract = await addPortalContract(manager.actor, account.id, portalType);
  }
  if (options.canceled) {
    contract = await cancelContract(db, { actor: manager.actor, contractId: contract.id, input: { reason: "Ended by the test" }, now: FAR_FUTURE_NOW });
  }
  return contract;
}

/** The instant the operation runs at: after the contract's last day for "archive when expired". */
function instantFor(op: Op, contract: Contract): Date {
  if (op !== "archive when expired") return FAR_FUTURE_NOW;
  const expires = isoOf(contract.expiresOn);
  return expires ? noonOf(addDaysIso(expires, 1)) : new Date("2051-03-10T12:00:00Z");
}

const EXPECTED_ACTION: Record<Op, string> = {
  add: "contract.added",
  "edit quantity": "contract.edited",
  "add AddOn": "contract.edited",
  "remove AddOn": "contract.edited",
  "change trial expiry decision": "contract.edited",
  "cancel whole": "contract.canceled",
  "cancel one AddOn": "contract.addon_canceled",
  "archive when active": "contract.archived",
  "archive when expired": "contract.archived",
  "archive when canceled": "contract.archived",
};

function runOperation(op: Exclude<Op, "add">, actor: Tenant["msspAdmin"]["actor"], contract: Contract, now: Date) {
  const edit = (values: Record<string, unknown>) =>
    editContract(db, { actor, contractId: contract.id, input: editContractSchema.parse(values), now });
  const cancel = (values: Record<string, unknown>) =>
    cancelContract(db, { actor, contractId: contract.id, input: cancelContractSchema.parse({ reason: "Customer left", ...values }), now });
  switch (op) {
    case "edit quantity":
      return edit({ quantity: contract.quantity + 5 });
    case "add AddOn":
      return edit({ addAddOns: [QSM_SDWAN] });
    case "remove AddOn":
      return edit({ removeAddOns: [QSM_TP] });
    case "change trial expiry decision":
      return edit({ trialExpiryAction: "EXPIRE" });
    case "cancel whole":
      return cancel({});
    case "cancel one AddOn":
      return cancel({ addOn: QSM_TP });
    case "archive when active":
    case "archive when expired":
    case "archive when canceled":
      return archiveContract(db, { actor, contractId: contract.id, now });
  }
}

/** What each successful operation must have changed on the contract. */
async function expectEffect(op: Exclude<Op, "add">, before: Awaited<ReturnType<typeof contractSnapshot>>) {
  const after = await contractSnapshot(before.id);
  const skus = await activeAddOnSkus(before.id);
  switch (op) {
    case "edit quantity":
      expect(after.quantity).toBe(before.quantity + 5);
      break;
    case "add AddOn":
      expect(skus).toEqual([QSM_SDWAN, QSM_TP].sort());
      expect(after.quantity).toBe(before.quantity);
      break;
    case "remove AddOn":
      expect(skus).toEqual([]);
      expect(after.addOns.find((row) => row.endedAt)?.endReason).toBe("REMOVED");
      break;
    case "change trial expiry decision":
      expect(before.trialExpiryAction).toBe("CONVERT");
      expect(after.trialExpiryAction).toBe("EXPIRE");
      break;
    case "cancel whole":
      expect(after.canceledAt).not.toBeNull();
      expect(after.status).toBe("CANCELED");
      expect(after.cancelReason).toBe("Customer left");
      expect(skus).toEqual([]);
      break;
    case "cancel one AddOn":
      expect(after.canceledAt).toBeNull();
      expect(skus).toEqual([]);
      expect(after.addOns).toHaveLength(1);
      expect(after.addOns[0]).toMatchObject({ endReason: "CANCELED", endNote: "Customer left" });
      break;
    case "archive when active":
    case "archive when expired":
    case "archive when canceled":
      expect(before.archivedAt).toBeNull();
      expect(after.archivedAt).not.toBeNull();
      break;
  }
}

function parseOutcome(outcome: string): { code: AppErrorCode; reason: string } {
  const [code, reason] = outcome.split("/") as [AppErrorCode, string];
  return { code, reason };
}

const OPS = Object.keys(EXPECTED.PAYG) as Op[];
const CELLS = (Object.keys(EXPECTED) as TypeKey[]).flatMap((type) =>
  OPS.flatMap((op) => KINDS.map((kind, index) => ({ type, op, kind, expected: EXPECTED[type][op][index]! }))),
);

describe("the contract matrix: type × operation × account kind", () => {
  it("covers 6 types × 10 operations × 4 account kinds, n/a only where the state cannot exist", () => {
    expect(CELLS).toHaveLength(6 * 10 * 4);
    const notApplicable = CELLS.filter((cell) => cell.expected === NA).map((cell) => `${cell.type}|${cell.op}|${cell.kind}`);
    // Customers never hold an NFR (its add is refused); User Center contracts only come from Sync UC;
    // only PAYG and NFR can be canceled, so only they can be archived "when canceled".
    const expected = CELLS.filter(
      (cell) =>
        (cell.type === "NFR" && cell.kind === "customer" && cell.op !== "add") ||
        (cell.type === "SUBSCRIPTION (User Center)" && cell.op === "add") ||
        (cell.op === "archive when canceled" && cell.type !== "PAYG" && cell.type !== "NFR"),
    ).map((cell) => `${cell.type}|${cell.op}|${cell.kind}`);
    expect(notApplicable.sort()).toEqual(expected.sort());
  });

  const applicable = CELLS.filter((cell) => cell.expected !== NA);

  it.each(applicable)("$type · $op · $kind → $expected", async ({ type, op, kind, expected }) => {
    const t = await makeTenant("matrix");
    const { account, manager } = target(t, kind);

    if (op === "add") {
      const input =
        type === "EVALUATION" ? addInput({ type: "EVALUATION" }) : portalInput(type === "SUBSCRIPTION (portal)" ? "SUBSCRIPTION" : (type as "PAYG" | "NFR" | "TRIAL"));
      const writesBefore = await accountWrites(account.id);
      const attempt = addContract(db, { actor: manager.actor, accountId: account.id, input, now: FAR_FUTURE_NOW });
      if (expected === OK) {
        const contract = await attempt;
        expect(contract).toMatchObject({ accountId: account.id, type: input.type, source: "PORTAL", status: "ACTIVE" });
        expect(isoOf(contract.registeredOn)).toBe(FAR_FUTURE_TODAY);
        const audit = await db.auditEvent.findMany({ where: { accountId: account.id, objectId: contract.id } });
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ action: "contract.added", actorLabel: manager.email, actorUserId: manager.user.id });
        expect(await accountWrites(account.id)).toMatchObject({ auditEvents: writesBefore.auditEvents + 1, contracts: writesBefore.contracts + 1 });
      } else {
        const { code, reason } = parseOutcome(expected);
        await expectAppError(attempt, code, reason);
        expect(await accountWrites(account.id)).toEqual(writesBefore);
      }
      return;
    }

    const contract = await seedContract(t, kind, type, { canceled: NEEDS_CANCELED.has(op) });
    const before = await contractSnapshot(contract.id);
    const writesBefore = await accountWrites(account.id);
    const attempt = runOperation(op, manager.actor, contract, instantFor(op, contract));

    if (expected === OK) {
      await attempt;
      await expectEffect(op, before);
      const audit = await db.auditEvent.findFirst({ where: { accountId: account.id }, orderBy: { id: "desc" } });
      expect(audit).toMatchObject({ action: EXPECTED_ACTION[op], objectType: "contract", objectId: contract.id, actorLabel: manager.email });
      expect((await accountWrites(account.id)).auditEvents).toBe(writesBefore.auditEvents + 1);
    } else {
      const { code, reason } = parseOutcome(expected);
      await expectAppError(attempt, code, reason);
      expect(await contractSnapshot(contract.id)).toEqual(before);
      expect(await accountWrites(account.id)).toEqual(writesBefore);
    }
  });
});

describe("roles that may not write contracts", () => {
  it.each(["msspViewer", "msspBilling"] as const)("the MSSP's %s is refused every write, and nothing is written", async (who) => {
    const t = await makeTenant("readonly");
    const actor = t[who].actor;
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    const nfr = await addPortalContract(t.msspAdmin.actor, t.childMssp.id, "NFR");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL");
    const expired = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION");
    const uc = await syncOneContract(t.msspAdmin.actor, t.customer.id, { service: "harmony-browse", package: "HB-STD", addOns: [] });
    const preview = await previewContractImport(db, {
      actor: t.msspAdmin.actor,
      accountId: t.mssp.id,
      filename: "contracts.csv",
      bytes: new TextEncoder().encode(`Account,Service,Contract type,Quantity\n${t.customer.id},harmony-browse,PAYG,3\n`),
      now: FAR_FUTURE_NOW,
    });
    const key = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Existing key" });

    const accounts = [t.mssp.id, t.customer.id, t.childMssp.id, t.grandCustomer.id];
    const before = {
      writes: await Promise.all(accounts.map(accountWrites)),
      contracts: await Promise.all([payg, nfr, trial, expired, uc].map((c) => contractSnapshot(c.id))),
      keys: await db.apiKey.findMany({ where: { accountId: t.mssp.id }, orderBy: { id: "asc" } }),
      imports: await db.contractImport.findMany({ where: { accountId: t.mssp.id }, orderBy: { id: "asc" } }),
    };
    const later = noonOf("2032-06-01");
    const attempts: [string, () => Promise<unknown>][] = [
      ["add PAYG to customer", () => addContract(db, { actor, accountId: t.customer.id, input: portalInput("PAYG"), now: FAR_FUTURE_NOW })],
      ["add NFR to child MSSP", () => addContract(db, { actor, accountId: t.childMssp.id, input: portalInput("NFR", { service: "harmony-browse" }), now: FAR_FUTURE_NOW })],
      ["add trial to grand customer", () => addContract(db, { actor, accountId: t.grandCustomer.id, input: portalInput("TRIAL"), now: FAR_FUTURE_NOW })],
      ["edit quantity", () => editContract(db, { actor, contractId: payg.id, input: editContractSchema.parse({ quantity: 99 }), now: FAR_FUTURE_NOW })],
      ["add AddOn", () => editContract(db, { actor, contractId: payg.id, input: editContractSchema.parse({ addAddOns: [QSM_SDWAN] }), now: FAR_FUTURE_NOW })],
      ["remove AddOn", () => editContract(db, { actor, contractId: payg.id, input: editContractSchema.parse({ removeAddOns: [QSM_TP] }), now: FAR_FUTURE_NOW })],
      ["trial decision", () => editContract(db, { actor, contractId: trial.id, input: editContractSchema.parse({ trialExpiryAction: "EXPIRE" }), now: FAR_FUTURE_NOW })],
      ["cancel PAYG", () => cancelContract(db, { actor, contractId: payg.id, input: { reason: "Nope nope" }, now: FAR_FUTURE_NOW })],
      ["cancel AddOn", () => cancelContract(db, { actor, contractId: payg.id, input: { reason: "Nope nope", addOn: QSM_TP }, now: FAR_FUTURE_NOW })],
      ["cancel NFR", () => cancelContract(db, { actor, contractId: nfr.id, input: { reason: "Nope nope" }, now: FAR_FUTURE_NOW })],
      ["archive expired", () => archiveContract(db, { actor, contractId: expired.id, now: later })],
      ["sync UC", () => syncUserCenter(db, { actor, accountId: t.customer.id, feed: { contracts: [feedEntry()] }, now: FAR_FUTURE_NOW })],
      ["activate service", () => activateService(db, { actor, accountId: t.customer.id, serviceId: uc.serviceId })],
      ["preview import", () => previewContractImport(db, { actor, accountId: t.mssp.id, filename: "c.csv", bytes: new TextEncoder().encode("Account,Service,Contract type\nx,y,PAYG\n"), now: FAR_FUTURE_NOW })],
      ["commit import", () => commitContractImport(db, { actor, accountId: t.mssp.id, importId: preview.id, now: FAR_FUTURE_NOW })],
      ["create API key", () => createApiKey(db, { actor, accountId: t.mssp.id, name: "Sneaky" })],
      ["revoke API key", () => revokeApiKey(db, { actor, accountId: t.mssp.id, keyId: key.id })],
    ];
    for (const [name, attempt] of attempts) {
      await expectAppError(attempt(), "FORBIDDEN").catch((failure: unknown) => {
        throw new Error(`${name}: ${String(failure)}`);
      });
    }

    expect(await Promise.all(accounts.map(accountWrites))).toEqual(before.writes);
    expect(await Promise.all([payg, nfr, trial, expired, uc].map((c) => contractSnapshot(c.id)))).toEqual(before.contracts);
    expect(await db.apiKey.findMany({ where: { accountId: t.mssp.id }, orderBy: { id: "asc" } })).toEqual(before.keys);
    expect(await db.contractImport.findMany({ where: { accountId: t.mssp.id }, orderBy: { id: "asc" } })).toEqual(before.imports);
    expect(await db.accountService.count({ where: { accountId: t.customer.id, serviceId: uc.serviceId } })).toBe(0);
  });

  it("they can still read the contracts", async () => {
    const t = await makeTenant("readonly");
    await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    for (const who of ["msspViewer", "msspBilling"] as const) {
      const page = await listContracts(db, { actor: t[who].actor, accountId: t.customer.id, filters: DEFAULT_FILTERS, pageSize: 10, now: FAR_FUTURE_NOW });
      expect(page.total, who).toBe(1);
      expect(page.canManage, who).toBe(false);
      expect(page.rows[0]!.actions).toEqual({
        edit: { quantity: false, addAddOns: false, removeAddOns: false, trialExpiryAction: false },
        cancel: false,
        archive: false,
      });
    }
  });
});

describe("a customer admin", () => {
  it("sees its contracts read-only and is refused every change with CONTRACTS_MANAGED_ABOVE", async () => {
    const t = await makeTenant("cust");
    const actor = t.customerAdmin.actor;
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL");
    const expiredSub = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION");
    const writesBefore = await accountWrites(t.customer.id);
    const snapshots = await Promise.all([payg, trial, expiredSub].map((c) => contractSnapshot(c.id)));

    const page = await listContracts(db, { actor, accountId: t.customer.id, filters: DEFAULT_FILTERS, pageSize: 10, now: FAR_FUTURE_NOW });
    expect(page.rows.map((row) => row.id)).toEqual([payg.id, trial.id, expiredSub.id]);
    expect(page.canManage).toBe(false);
    expect(page.rows.every((row) => !row.actions.cancel && !row.actions.archive && !Object.values(row.actions.edit).some(Boolean))).toBe(true);
    // The same rows, managed from above, offer the actions.
    const managed = await listContracts(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, filters: DEFAULT_FILTERS, pageSize: 10, now: FAR_FUTURE_NOW });
    expect(managed.canManage).toBe(true);
    expect(managed.rows[0]!.actions).toMatchObject({ cancel: true, archive: false, edit: { quantity: true } });

    const attempts: [string, () => Promise<unknown>][] = [
      ["add", () => addContract(db, { actor, accountId: t.customer.id, input: portalInput("PAYG", { service: "harmony-browse" }), now: FAR_FUTURE_NOW })],
      ["edit", () => editContract(db, { actor, contractId: payg.id, input: editContractSchema.parse({ quantity: 50 }), now: FAR_FUTURE_NOW })],
      ["trial decision", () => editContract(db, { actor, contractId: trial.id, input: editContractSchema.parse({ trialExpiryAction: "EXPIRE" }), now: FAR_FUTURE_NOW })],
      ["cancel", () => cancelContract(db, { actor, contractId: payg.id, input: { reason: "Leaving" }, now: FAR_FUTURE_NOW })],
      ["archive", () => archiveContract(db, { actor, contractId: expiredSub.id, now: noonOf("2032-06-01") })],
    ];
    for (const [name, attempt] of attempts) {
      await expectAppError(attempt(), "FORBIDDEN", "CONTRACTS_MANAGED_ABOVE").catch((failure: unknown) => {
        throw new Error(`${name}: ${String(failure)}`);
      });
    }
    expect(await accountWrites(t.customer.id)).toEqual(writesBefore);
    expect(await Promise.all([payg, trial, expiredSub].map((c) => contractSnapshot(c.id)))).toEqual(snapshots);
  });

  it("an MSSP admin cannot manage its own MSSP's contracts either; its distributor can", async () => {
    const t = await makeTenant("own");
    await expectAppError(addPortalContract(t.msspAdmin.actor, t.mssp.id, "PAYG"), "FORBIDDEN", "CONTRACTS_MANAGED_ABOVE");
    const contract = await addPortalContract(t.distributorAdmin.actor, t.mssp.id, "PAYG");
    await expectAppError(
      cancelContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: { reason: "Mine now" }, now: FAR_FUTURE_NOW }),
      "FORBIDDEN",
      "CONTRACTS_MANAGED_ABOVE",
    );
    // A distributor admin manages every account below it, here three levels down.
    const deep = await addPortalContract(t.distributorAdmin.actor, t.grandCustomer.id, "SUBSCRIPTION");
    expect(deep.accountId).toBe(t.grandCustomer.id);
  });
});
