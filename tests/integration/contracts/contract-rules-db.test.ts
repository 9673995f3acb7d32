import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { FIRST_PAGE, type PageRequest } from "@/lib/list-params";
import { addContract } from "@/server/contracts/add-contract";
import { editContract } from "@/server/contracts/edit-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { archiveContract } from "@/server/contracts/archive-contract";
import { listContracts, iterateContracts, type ContractFilters } from "@/server/contracts/list-contracts";
import { activateService } from "@/server/contracts/activate-service";
import { addContractSchema, editContractSchema } from "@/server/contracts/contract-input";
import { AppError } from "@/lib/errors";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import {
  AD360,
  accountWrites,
  activeAddOnSkus,
  addInput,
  addPortalContract,
  DEFAULT_FILTERS,
  FAR_FUTURE_NOW,
  insertContract,
  isoOf,
  noonOf,
  QSM,
  QSM_SDWAN,
  QSM_TP,
  syncOneContract,
} from "../../support/contract-factories";

const serviceId = async (code: string) => (await db.service.findUniqueOrThrow({ where: { code } })).id;

describe("adding: what a new contract gets", () => {
  it("an NFR gets the service's predefined units, its default package, no AddOns and seven years", async () => {
    const t = await makeTenant("nfr");
    // The form shows units and package disabled; whatever else is posted is ignored.
    const input = addInput({ type: "NFR", service: AD360, quantity: 999, addOns: ["AD360-ADD-PATCH"] });
    const contract = await addContract(db, { actor: t.distributorAdmin.actor, accountId: t.mssp.id, input, now: FAR_FUTURE_NOW });
    const pkg = await db.package.findUniqueOrThrow({ where: { id: contract.packageId } });
    expect(contract).toMatchObject({ type: "NFR", quantity: 10, source: "PORTAL", trialExpiryAction: null, subscriptionReference: null });
    expect(pkg.sku).toBe("AD360-STD");
    expect(await activeAddOnSkus(contract.id)).toEqual([]);
    expect(isoOf(contract.registeredOn)).toBe("2031-03-10");
    expect(isoOf(contract.expiresOn)).toBe("2038-03-09");
  });

  it("a trial defaults to 30 days and CONVERT; both can be chosen", async () => {
    const t = await makeTenant("trial");
    const byDefault = await addContract(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: addInput({ type: "TRIAL", quantity: 5 }), now: noonOf("2031-01-15") });
    expect(byDefault).toMatchObject({ trialExpiryAction: "CONVERT", quantity: 5 });
    expect(isoOf(byDefault.expiresOn)).toBe("2031-02-13");
    const chosen = await addContract(db, {
      actor: t.msspAdmin.actor,
      accountId: t.childMssp.id,
      input: addInput({ type: "TRIAL", quantity: 5, trialDays: "14", trialExpiryAction: "EXPIRE" }),
      now: noonOf("2031-01-15"),
    });
    expect(chosen.trialExpiryAction).toBe("EXPIRE");
    expect(isoOf(chosen.expiresOn)).toBe("2031-01-28");
  });

  it("a subscription needs its reference (a field error); with it, it lasts one year", async () => {
    const parsed = addContractSchema.safeParse({ service: QSM, type: "SUBSCRIPTION", quantity: 3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(["subscriptionReference"]);
    const blank = addContractSchema.safeParse({ service: QSM, type: "SUBSCRIPTION", quantity: 3, subscriptionReference: "   " });
    expect(blank.error!.issues.map((issue) => issue.path.join("."))).toEqual(["subscriptionReference"]);

    const t = await makeTenant("sub");
    const contract = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION", { extra: { subscriptionReference: "SO-42" } });
    expect(contract.subscriptionReference).toBe("SO-42");
    expect(isoOf(contract.expiresOn)).toBe("2032-03-09");
  });

  it("PAYG is open-ended and keeps its quantity threshold, package and AddOns", async () => {
    const t = await makeTenant("payg");
    const contract = await addPortalContract(t.msspAdmin.actor, t.grandCustomer.id, "PAYG", { extra: { packageSku: "QSM-MGMT-PAYG", addOns: `${QSM_TP};${QSM_SDWAN}` } });
    expect(contract.expiresOn).toBeNull();
    expect(contract.quantity).toBe(10);
    expect((await db.package.findUniqueOrThrow({ where: { id: contract.packageId } })).sku).toBe("QSM-MGMT-PAYG");
    expect(await activeAddOnSkus(contract.id)).toEqual([QSM_SDWAN, QSM_TP].sort());
  });

  it("refuses a type the service does not offer, an unknown package or AddOn, naming the field", async () => {
    const t = await makeTenant("catalogue");
    const writes = await accountWrites(t.customer.id);
    await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { service: AD360, addOns: [] } }), "RULE_VIOLATION", "SERVICE_DOES_NOT_OFFER_TYPE");
    const pkg = await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { packageSku: "HB-STD" } }), "INVALID");
    expect(Object.keys(pkg.fieldErrors ?? {})).toEqual(["packageSku"]);
    const addOn = await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { addOns: ["HB-ADD-DLP"] } }), "INVALID");
    expect(Object.keys(addOn.fieldErrors ?? {})).toEqual(["addOns"]);
    const service = await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { service: "no-such-service" } }), "INVALID");
    expect(Object.keys(service.fieldErrors ?? {})).toEqual(["service"]);
    expect(await accountWrites(t.customer.id)).toEqual(writes);
  });
});

describe("NFR: at most one per account and service, ever", () => {
  it("add, cancel, add again → NFR_ALREADY_USED; nothing more is written", async () => {
    const t = await makeTenant("nfr-once");
    const first = await addPortalContract(t.distributorAdmin.actor, t.mssp.id, "NFR");
    await cancelContract(db, { actor: t.distributorAdmin.actor, contractId: first.id, input: { reason: "Evaluation over" }, now: FAR_FUTURE_NOW });
    const writes = await accountWrites(t.mssp.id);
    await expectAppError(addPortalContract(t.distributorAdmin.actor, t.mssp.id, "NFR"), "CONFLICT", "NFR_ALREADY_USED");
    // Still refused years later, after the canceled one would have expired and been archived.
    await db.contract.update({ where: { id: first.id }, data: { archivedAt: noonOf("2031-05-01") } });
    await expectAppError(addPortalContract(t.distributorAdmin.actor, t.mssp.id, "NFR", { now: noonOf("2040-01-01") }), "CONFLICT", "NFR_ALREADY_USED");
    expect(await accountWrites(t.mssp.id)).toEqual(writes);
    expect(await db.contract.count({ where: { accountId: t.mssp.id, type: "NFR" } })).toBe(1);
  });

  it("another service, or another account, may still have its own NFR", async () => {
    const t = await makeTenant("nfr-other");
    await addPortalContract(t.msspAdmin.actor, t.childMssp.id, "NFR");
    await expect(addPortalContract(t.msspAdmin.actor, t.childMssp.id, "NFR", { extra: { service: AD360 } })).resolves.toMatchObject({ quantity: 10 });
    await expect(addPortalContract(t.distributorAdmin.actor, t.mssp.id, "NFR")).resolves.toMatchObject({ quantity: 5 });
    expect(await db.contract.count({ where: { accountId: { in: [t.mssp.id, t.childMssp.id] }, type: "NFR" } })).toBe(3);
  });

  it("two simultaneous NFR adds → exactly one contract and one CONFLICT NFR_ALREADY_USED", async () => {
    const t = await makeTenant("nfr-race");
    // Two admins who both manage the child MSSP (its MSSP's admin and the distributor's).
    const results = await Promise.allSettled([
      addPortalContract(t.msspAdmin.actor, t.childMssp.id, "NFR"),
      addPortalContract(t.distributorAdmin.actor, t.childMssp.id, "NFR"),
    ]);
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(AppError);
    expect(rejected[0]!.reason).toMatchObject({ code: "CONFLICT", reason: "NFR_ALREADY_USED" });
    expect(await db.contract.count({ where: { accountId: t.childMssp.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: t.childMssp.id, action: "contract.added" } })).toBe(1);
  });
});

describe("one live PAYG and one live trial per account and service", () => {
  it("PAYG_ALREADY_ACTIVE until the first is canceled", async () => {
    const t = await makeTenant("payg-once");
    const first = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    const writes = await accountWrites(t.customer.id);
    await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG"), "CONFLICT", "PAYG_ALREADY_ACTIVE");
    expect(await accountWrites(t.customer.id)).toEqual(writes);
    // Another service is fine.
    await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { service: "harmony-browse", addOns: [] } });
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: first.id, input: { reason: "Switching plans" }, now: FAR_FUTURE_NOW });
    await expect(addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG")).resolves.toMatchObject({ type: "PAYG" });
  });

  it("TRIAL_ALREADY_ACTIVE until the first has ended", async () => {
    const t = await makeTenant("trial-once");
    const first = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL");
    await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL"), "CONFLICT", "TRIAL_ALREADY_ACTIVE");
    // On its last day it is still live...
    await expectAppError(addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: noonOf(isoOf(first.expiresOn)!) }), "CONFLICT", "TRIAL_ALREADY_ACTIVE");
    // ...the day after, a new trial may start.
    await expect(addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: noonOf("2031-04-09") })).resolves.toMatchObject({ type: "TRIAL" });
  });
});

describe("editing: only what differs is a change", () => {
  it("a subscription posted with its unchanged quantity is not a change (no audit); a different one is refused", async () => {
    const t = await makeTenant("edit-sub");
    const sub = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION");
    const writes = await accountWrites(t.customer.id);
    const same = await editContract(db, { actor: t.msspAdmin.actor, contractId: sub.id, input: editContractSchema.parse({ quantity: "10", addAddOns: [QSM_TP] }), now: FAR_FUTURE_NOW });
    expect(same.quantity).toBe(10);
    expect(await accountWrites(t.customer.id)).toEqual(writes);
    await expectAppError(
      editContract(db, { actor: t.msspAdmin.actor, contractId: sub.id, input: editContractSchema.parse({ quantity: "11" }), now: FAR_FUTURE_NOW }),
      "RULE_VIOLATION",
      "QUANTITY_CHANGE_NOT_ALLOWED",
    );
    // Its quantity posted unchanged together with a new AddOn: only the AddOn is a change.
    await editContract(db, { actor: t.msspAdmin.actor, contractId: sub.id, input: editContractSchema.parse({ quantity: "10", addAddOns: [QSM_TP, QSM_SDWAN] }), now: FAR_FUTURE_NOW });
    expect(await activeAddOnSkus(sub.id)).toEqual([QSM_SDWAN, QSM_TP].sort());
    const audit = await db.auditEvent.findMany({ where: { accountId: t.customer.id, action: "contract.edited" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ contract: expect.stringMatching(/^CT-\d{6,}$/), addOns: [QSM_TP] });
    expect(audit[0]!.after).toEqual({ contract: expect.stringMatching(/^CT-\d{6,}$/), addOns: [QSM_TP, QSM_SDWAN] });
  });

  it("a trial's decision posted unchanged is not a change", async () => {
    const t = await makeTenant("edit-trial");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL");
    const writes = await accountWrites(t.customer.id);
    await editContract(db, { actor: t.msspAdmin.actor, contractId: trial.id, input: editContractSchema.parse({ trialExpiryAction: "CONVERT", quantity: 10 }), now: FAR_FUTURE_NOW });
    expect(await accountWrites(t.customer.id)).toEqual(writes);
  });

  it("PAYG: quantity, AddOn in and AddOn out in one change, audited with before and after", async () => {
    const t = await makeTenant("edit-payg");
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    const updated = await editContract(db, {
      actor: t.msspAdmin.actor,
      contractId: payg.id,
      input: editContractSchema.parse({ quantity: 25, addAddOns: QSM_SDWAN, removeAddOns: QSM_TP }),
      now: FAR_FUTURE_NOW,
    });
    expect(updated.quantity).toBe(25);
    expect(await activeAddOnSkus(payg.id)).toEqual([QSM_SDWAN]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "contract.edited" } });
    expect(audit.before).toMatchObject({ quantity: 10, addOns: [QSM_TP] });
    expect(audit.after).toMatchObject({ quantity: 25, addOns: [QSM_SDWAN] });
  });

  it("removing an AddOn that is not on a PAYG contract is a field error; nothing is written", async () => {
    const t = await makeTenant("edit-missing");
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { addOns: [] } });
    const writes = await accountWrites(t.customer.id);
    const error = await expectAppError(
      editContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: editContractSchema.parse({ removeAddOns: [QSM_TP], quantity: 40 }), now: FAR_FUTURE_NOW }),
      "INVALID",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["removeAddOns"]);
    expect((await db.contract.findUniqueOrThrow({ where: { id: payg.id } })).quantity).toBe(10);
    expect(await accountWrites(t.customer.id)).toEqual(writes);
  });

  it("an expired or canceled contract cannot be edited (CONTRACT_NOT_ACTIVE)", async () => {
    const t = await makeTenant("edit-ended");
    const sub = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION");
    await expectAppError(
      editContract(db, { actor: t.msspAdmin.actor, contractId: sub.id, input: editContractSchema.parse({ addAddOns: [QSM_SDWAN] }), now: noonOf("2032-03-10") }),
      "RULE_VIOLATION",
      "CONTRACT_NOT_ACTIVE",
    );
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG");
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: { reason: "Done here" }, now: FAR_FUTURE_NOW });
    await expectAppError(
      editContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: editContractSchema.parse({ quantity: 3 }), now: FAR_FUTURE_NOW }),
      "RULE_VIOLATION",
      "CONTRACT_NOT_ACTIVE",
    );
    await expectAppError(cancelContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: { reason: "Again" }, now: FAR_FUTURE_NOW }), "RULE_VIOLATION", "ALREADY_CANCELED");
  });
});

describe("listing contracts", () => {
  async function listingFixture() {
    const t = await makeTenant("list");
    const admin = t.msspAdmin.actor;
    const account = t.customer.id;
    // Registered on 2031-03-10 (FAR_FUTURE_NOW) unless said otherwise.
    const payg = await addPortalContract(admin, account, "PAYG"); // QSM, open-ended
    const sub = await addPortalContract(admin, account, "SUBSCRIPTION", { extra: { service: "harmony-browse", addOns: [] } }); // expires 2032-03-09
    const trial = await addPortalContract(admin, account, "TRIAL", { extra: { service: "harmony-email-collaboration", addOns: [] } }); // expires 2031-04-08
    const canceled = await addPortalContract(admin, account, "PAYG", { extra: { service: "defensx-web-security", addOns: [] } });
    await cancelContract(db, { actor: admin, contractId: canceled.id, input: { reason: "Not needed" }, now: FAR_FUTURE_NOW });
    const expired = await insertContract({ accountId: account, type: "SUBSCRIPTION", serviceCode: "guest-wifi", registeredOn: "2030-03-01", expiresOn: "2031-02-28" });
    const archived = await insertContract({ accountId: account, type: "TRIAL", serviceCode: "endpoint-protection-plus", registeredOn: "2031-01-01", expiresOn: "2031-01-30" });
    await archiveContract(db, { actor: admin, contractId: archived.id, now: FAR_FUTURE_NOW });
    return { t, admin, account, payg, sub, trial, canceled, expired, archived };
  }

  const list = async (f: Awaited<ReturnType<typeof listingFixture>>, filters: Partial<ContractFilters>, now = FAR_FUTURE_NOW, page: PageRequest = FIRST_PAGE, pageSize = 50) =>
    listContracts(db, { actor: f.admin, accountId: f.account, filters: { ...DEFAULT_FILTERS, ...filters }, page, pageSize, now });
  const ids = (page: { rows: { id: string }[] }) => page.rows.map((row) => row.id);

  it("filters by type, status (derived at `now`), service and archived", async () => {
    const f = await listingFixture();
    const all = await list(f, {});
    expect(ids(all)).toEqual([f.payg.id, f.sub.id, f.trial.id, f.canceled.id, f.expired.id]);
    expect(all.total).toBe(5);
    expect(Object.fromEntries(all.rows.map((row) => [row.id, row.status]))).toEqual({
      [f.payg.id]: "ACTIVE",
      [f.sub.id]: "ACTIVE",
      [f.trial.id]: "ABOUT_TO_EXPIRE",
      [f.canceled.id]: "CANCELED",
      [f.expired.id]: "EXPIRED",
    });

    expect(ids(await list(f, { type: "TRIAL" }))).toEqual([f.trial.id]);
    expect(ids(await list(f, { type: "PAYG" }))).toEqual([f.payg.id, f.canceled.id]);
    expect(ids(await list(f, { status: "ACTIVE" }))).toEqual([f.payg.id, f.sub.id]);
    expect(ids(await list(f, { status: "ABOUT_TO_EXPIRE" }))).toEqual([f.trial.id]);
    expect(ids(await list(f, { status: "EXPIRED" }))).toEqual([f.expired.id]);
    expect(ids(await list(f, { status: "CANCELED" }))).toEqual([f.canceled.id]);
    expect(ids(await list(f, { serviceId: await serviceId("harmony-browse") }))).toEqual([f.sub.id]);
    expect(ids(await list(f, { type: "PAYG", status: "ACTIVE" }))).toEqual([f.payg.id]);

    // Travel: on 2032-02-08 the subscription is 30 days from its end, the trial long expired.
    const later = noonOf("2032-02-08");
    expect(ids(await list(f, { status: "ABOUT_TO_EXPIRE" }, later))).toEqual([f.sub.id]);
    expect(ids(await list(f, { status: "ABOUT_TO_EXPIRE" }, noonOf("2032-02-07")))).toEqual([]);
    expect(ids(await list(f, { status: "EXPIRED" }, later))).toEqual([f.trial.id, f.expired.id]);
    expect(ids(await list(f, { status: "ACTIVE" }, later))).toEqual([f.payg.id]);

    const withArchived = await list(f, { showArchived: true });
    expect(ids(withArchived)).toEqual([f.payg.id, f.sub.id, f.trial.id, f.canceled.id, f.expired.id, f.archived.id]);
    expect(withArchived.rows.find((row) => row.id === f.archived.id)).toMatchObject({ archived: true, status: "EXPIRED" });
    expect(ids(await list(f, { showArchived: true, status: "EXPIRED" }))).toEqual([f.expired.id, f.archived.id]);
  });

  it("sorts by every column both ways and pages", async () => {
    const f = await listingFixture();
    expect(ids(await list(f, { sort: "contractId", dir: "desc" }))).toEqual([f.expired.id, f.canceled.id, f.trial.id, f.sub.id, f.payg.id]);
    // Open-ended PAYG sort last either way.
    expect(ids(await list(f, { sort: "expiresOn", dir: "asc" }))).toEqual([f.expired.id, f.trial.id, f.sub.id, f.payg.id, f.canceled.id]);
    expect(ids(await list(f, { sort: "expiresOn", dir: "desc" }))).toEqual([f.sub.id, f.trial.id, f.expired.id, f.payg.id, f.canceled.id]);
    // DefensX, Guest WiFi, Harmony Browse, Harmony Email, Quantum Spark.
    expect(ids(await list(f, { sort: "service", dir: "asc" }))).toEqual([f.canceled.id, f.expired.id, f.sub.id, f.trial.id, f.payg.id]);
    expect(ids(await list(f, { sort: "service", dir: "desc" }))).toEqual([f.payg.id, f.trial.id, f.sub.id, f.expired.id, f.canceled.id]);
    // Same registration day: ties keep contract-id order.
    expect(ids(await list(f, { sort: "registeredOn", dir: "asc" }))).toEqual([f.expired.id, f.payg.id, f.sub.id, f.trial.id, f.canceled.id]);
    expect(ids(await list(f, { sort: "registeredOn", dir: "desc" }))).toEqual([f.payg.id, f.sub.id, f.trial.id, f.canceled.id, f.expired.id]);
    // By derived status: ACTIVE (later expiry first), ABOUT_TO_EXPIRE, EXPIRED, CANCELED.
    const byStatus = await list(f, { sort: "status", dir: "asc" });
    expect(ids(byStatus)).toEqual([f.payg.id, f.sub.id, f.trial.id, f.expired.id, f.canceled.id]);
    expect(byStatus.rows.map((row) => row.status)).toEqual(["ACTIVE", "ACTIVE", "ABOUT_TO_EXPIRE", "EXPIRED", "CANCELED"]);
    expect(ids(await list(f, { sort: "status", dir: "desc" }))).toEqual([f.canceled.id, f.expired.id, f.trial.id, f.sub.id, f.payg.id]);
    const byType = await list(f, { sort: "type", dir: "asc" });
    expect(byType.rows.map((row) => row.type)).toEqual(["TRIAL", "SUBSCRIPTION", "SUBSCRIPTION", "PAYG", "PAYG"]); // enum order

    const page1 = await list(f, {}, FAR_FUTURE_NOW, FIRST_PAGE, 2);
    const page2 = await list(f, {}, FAR_FUTURE_NOW, { kind: "after", cursor: page1.next! }, 2);
    expect(ids(page2)).toEqual([f.trial.id, f.canceled.id]);
    expect(page2).toMatchObject({ total: 5, totalCapped: false, offset: 2, pageSize: 2 });
    expect(page2.next).not.toBeNull();

    const exported = [];
    for await (const row of iterateContracts(db, { actor: f.admin, accountId: f.account, filters: { ...DEFAULT_FILTERS, sort: "contractId", dir: "desc" }, batchSize: 2, now: FAR_FUTURE_NOW })) {
      exported.push(row.id);
    }
    expect(exported).toEqual([f.expired.id, f.canceled.id, f.trial.id, f.sub.id, f.payg.id]);
  });

  it("shows each row's fields and the actions its manager may take", async () => {
    const f = await listingFixture();
    const rows = (await list(f, {})).rows;
    const payg = rows.find((row) => row.id === f.payg.id)!;
    expect(payg).toMatchObject({
      contractId: expect.stringMatching(/^CT-\d{6,}$/),
      serviceName: "Quantum Spark Management",
      serviceStatus: "ACTIVE",
      type: "PAYG",
      source: "PORTAL",
      packageSku: "QSM-MGMT-STD",
      addOns: [{ sku: QSM_TP, name: "Threat Prevention" }],
      quantity: 10,
      registeredOn: "2031-03-10",
      expiresOn: null,
      archived: false,
      actions: { edit: { quantity: true, addAddOns: true, removeAddOns: true, trialExpiryAction: false }, cancel: true, archive: false },
    });
    expect(rows.find((row) => row.id === f.sub.id)).toMatchObject({ userCenterId: expect.stringMatching(/^SO-/), actions: { cancel: false, archive: false } });
    expect(rows.find((row) => row.id === f.trial.id)).toMatchObject({ trialExpiryAction: "CONVERT", actions: { edit: { trialExpiryAction: true } } });
    expect(rows.find((row) => row.id === f.canceled.id)).toMatchObject({ cancelReason: "Not needed", actions: { cancel: false, archive: true } });
    expect(rows.find((row) => row.id === f.expired.id)).toMatchObject({ actions: { archive: true, cancel: false } });
  });
});

describe("User Center contracts in the list", () => {
  it("stop appearing once expired, even with Show archived; on their last day they still show", async () => {
    const t = await makeTenant("uc-list");
    const admin = t.msspAdmin.actor;
    const live = await syncOneContract(admin, t.customer.id, { expiresOn: "2031-03-10" });
    const expired = await syncOneContract(admin, t.customer.id, { type: "EVALUATION", service: "harmony-browse", package: "HB-STD", addOns: [], registrationDate: "2031-01-01", expiresOn: "2031-03-09" });
    const portal = await insertContract({ accountId: t.customer.id, type: "SUBSCRIPTION", registeredOn: "2030-01-01", expiresOn: "2031-01-01" });
    for (const showArchived of [false, true]) {
      const page = await listContracts(db, { actor: admin, accountId: t.customer.id, filters: { ...DEFAULT_FILTERS, showArchived }, pageSize: 10, now: FAR_FUTURE_NOW });
      expect(page.rows.map((row) => row.id), `showArchived ${showArchived}`).toEqual([live.id, portal.id]);
      const onlyExpired = await listContracts(db, { actor: admin, accountId: t.customer.id, filters: { ...DEFAULT_FILTERS, showArchived, status: "EXPIRED" }, pageSize: 10, now: FAR_FUTURE_NOW });
      expect(onlyExpired.rows.map((row) => row.id)).toEqual([portal.id]);
    }
    expect((await listContracts(db, { actor: admin, accountId: t.customer.id, filters: DEFAULT_FILTERS, pageSize: 10, now: FAR_FUTURE_NOW })).rows[0]).toMatchObject({
      id: live.id,
      status: "ABOUT_TO_EXPIRE",
      source: "USER_CENTER",
      userCenterId: live.externalId,
      actions: { cancel: false, archive: false },
    });
    // The next day it is gone too; the rows are still in the database (not archived).
    const nextDay = await listContracts(db, { actor: admin, accountId: t.customer.id, filters: { ...DEFAULT_FILTERS, showArchived: true }, pageSize: 10, now: noonOf("2031-03-11") });
    expect(nextDay.rows.map((row) => row.id)).toEqual([portal.id]);
    expect(await db.contract.count({ where: { id: { in: [live.id, expired.id] }, archivedAt: null } })).toBe(2);
  });

  it("their service requires activation until an admin activates it; portal contracts activate it at once", async () => {
    const t = await makeTenant("uc-activate");
    const admin = t.msspAdmin.actor;
    const synced = await syncOneContract(admin, t.customer.id, { service: "harmony-browse", package: "HB-STD", addOns: [] });
    await addPortalContract(admin, t.customer.id, "PAYG");
    const statusOf = async () =>
      Object.fromEntries(
        (await listContracts(db, { actor: admin, accountId: t.customer.id, filters: DEFAULT_FILTERS, pageSize: 10, now: FAR_FUTURE_NOW })).rows.map((row) => [row.serviceName, row.serviceStatus]),
      );
    expect(await statusOf()).toEqual({ "Harmony Browse": "REQUIRES_ACTIVATION", "Quantum Spark Management": "ACTIVE" });

    await activateService(db, { actor: admin, accountId: t.customer.id, serviceId: synced.serviceId });
    expect(await statusOf()).toEqual({ "Harmony Browse": "ACTIVE", "Quantum Spark Management": "ACTIVE" });
    const audit = await db.auditEvent.findMany({ where: { accountId: t.customer.id, action: "service.activated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ objectId: synced.serviceId, actorLabel: t.msspAdmin.email });

    // Activating again changes nothing; a service without contracts cannot be activated.
    await activateService(db, { actor: admin, accountId: t.customer.id, serviceId: synced.serviceId });
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "service.activated" } })).toBe(1);
    const error = await expectAppError(activateService(db, { actor: admin, accountId: t.customer.id, serviceId: await serviceId("guest-wifi") }), "INVALID");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["serviceId"]);
    await expectAppError(activateService(db, { actor: admin, accountId: t.customer.id, serviceId: "not-a-uuid" }), "NOT_FOUND");
    expect(await db.accountService.count({ where: { accountId: t.customer.id } })).toBe(2);
  });
});
