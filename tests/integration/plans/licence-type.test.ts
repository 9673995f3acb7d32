import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LicenceType } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { addContract } from "@/server/contracts/add-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { createPlan } from "@/server/plans/create-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { lockGateway } from "@/server/gateways/lock-gateway";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { updateGateway } from "@/server/gateways/update-gateway";
import { countGatewaysByLicenceType, iterateGateways, listGateways, type GatewayFilters } from "@/server/gateways/list-gateways";
import { effectiveLicenceType } from "@/server/gateways/effective-licence-type";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { setPlanLicenceType } from "@/server/plans/set-plan-licence-type";
import { makeAccount, makeActor, makeTenant, unique, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { insertContract } from "../../support/contract-factories";

const QSM = "quantum-spark-management";
const FILTERS: GatewayFilters = { sort: "name", dir: "asc" };

const serial = () => `SN-${randomUUID().slice(0, 12).toUpperCase()}`;

function gatewayInput(account: TestAccount, firmwareVersion: string, planId?: string, name = unique("gw")) {
  return gatewayInputSchema.parse({ name, serialNumber: serial(), firmwareVersion, accountId: account.id, planId });
}

async function addGateway(actor: Actor, account: TestAccount, firmwareVersion: string, planId?: string, name?: string) {
  return registerGateway(db, { actor, input: gatewayInput(account, firmwareVersion, planId, name) });
}

/** An active PAYG contract for the plans' service, added the way the portal does (by an admin above the account). */
async function addPaygContract(actor: Actor, accountId: string) {
  return addContract(db, { actor, accountId, input: addContractSchema.parse({ service: QSM, type: "PAYG", quantity: 5 }) });
}

/** Effective licence type of each gateway below the account, as the Gateways list shows it. */
async function licenceTypes(actor: Actor, accountId: string, filters: Partial<GatewayFilters> = {}) {
  const page = await listGateways(db, { actor, accountId, filters: { ...FILTERS, ...filters }, pageSize: 100 });
  return Object.fromEntries(page.rows.map((row) => [row.id, row.licenceType]));
}

const planType = async (planId: string) => (await db.plan.findUniqueOrThrow({ where: { id: planId } })).licenceType;
const licenceAudits = (planId: string) =>
  db.auditEvent.findMany({ where: { objectId: planId, action: "plan.license_type_changed" }, orderBy: { id: "asc" } });

/** A tenant with a plan on the MSSP holding one old, one boundary and one newer gateway. */
async function planWithGateways(label = "lic") {
  const t = await makeTenant(label);
  const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Branches" });
  const old = await addGateway(t.msspAdmin.actor, t.customer, "R81.20", plan.id, "a-old");
  const boundary = await addGateway(t.msspAdmin.actor, t.customer, "R82", plan.id, "b-boundary");
  const recent = await addGateway(t.msspAdmin.actor, t.mssp, "R82.10", plan.id, "c-recent");
  return { t, plan, old, boundary, recent };
}

describe("switching a plan to PAYG: prerequisites", () => {
  it("without a PAYG contract: RULE_VIOLATION NO_ACTIVE_PAYG_CONTRACT, nothing written", async () => {
    const { t, plan } = await planWithGateways();
    const error = await expectAppError(
      setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }),
      "RULE_VIOLATION",
      "NO_ACTIVE_PAYG_CONTRACT",
    );
    expect(error.message).toMatch(/Pay-As-You-Go contract/);
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
    expect(await licenceAudits(plan.id)).toHaveLength(0);
  });

  it("a viewer or billing user: FORBIDDEN USER_NOT_ADMIN, with or without a contract", async () => {
    const { t, plan } = await planWithGateways();
    for (const who of [t.msspViewer, t.msspBilling]) {
      const error = await expectAppError(setPlanLicenceType(db, { actor: who.actor, planId: plan.id, licenceType: "PAYG" }), "FORBIDDEN", "USER_NOT_ADMIN");
      // Every failing prerequisite is named, the first one decides the code.
      expect(error.message).toMatch(/administrator.*Pay-As-You-Go contract/);
    }
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    for (const who of [t.msspViewer, t.msspBilling]) {
      const error = await expectAppError(setPlanLicenceType(db, { actor: who.actor, planId: plan.id, licenceType: "PAYG" }), "FORBIDDEN", "USER_NOT_ADMIN");
      expect(error.message).toMatch(/administrator/);
    }
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
  });

  it("a canceled PAYG contract counts as none", async () => {
    const { t, plan } = await planWithGateways();
    const contract = await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await cancelContract(db, { actor: t.distributorAdmin.actor, contractId: contract.id, input: { reason: "Customer left" } });
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
  });

  it("an expired or archived PAYG contract counts as none", async () => {
    const { t, plan } = await planWithGateways();
    await insertContract({ accountId: t.mssp.id, type: "PAYG", registeredOn: "2020-01-01", expiresOn: "2020-12-31" });
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    const archived = await insertContract({ accountId: t.mssp.id, type: "PAYG", registeredOn: "2020-01-01", expiresOn: null });
    await db.contract.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
  });

  it("an expiry in the future still counts, judged on the day given", async () => {
    const { t, plan } = await planWithGateways();
    await insertContract({ accountId: t.mssp.id, type: "PAYG", registeredOn: "2030-01-01", expiresOn: "2030-06-30" });
    await expectAppError(
      setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG", now: new Date("2030-07-01T12:00:00Z") }),
      "RULE_VIOLATION",
      "NO_ACTIVE_PAYG_CONTRACT",
    );
    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG", now: new Date("2030-06-30T12:00:00Z") });
    expect(result.licenceType).toBe("PAYG");
  });

  it("a PAYG contract of another service, or of another account of the tenant, does not count", async () => {
    const { t, plan } = await planWithGateways();
    await insertContract({ accountId: t.mssp.id, type: "PAYG", serviceCode: "defensx-web-security", registeredOn: "2024-01-01", expiresOn: null });
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await addPaygContract(t.msspAdmin.actor, t.childMssp.id);
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
  });

  it("a plan on an account with no MSSP above it: RULE_VIOLATION ACCOUNT_NOT_MSSP", async () => {
    // The portal never creates such a plan; written directly to prove the rule holds on its own.
    const standalone = await makeAccount({ kind: "CUSTOMER", name: unique("standalone") });
    const admin = await makeActor(standalone, "ADMIN");
    const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
    const plan = await db.plan.create({ data: { accountId: standalone.id, serviceId: service.id, name: "Orphan" } });
    await insertContract({ accountId: standalone.id, type: "PAYG", registeredOn: "2024-01-01", expiresOn: null });
    const error = await expectAppError(setPlanLicenceType(db, { actor: admin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "ACCOUNT_NOT_MSSP");
    expect(error.message).toMatch(/MSSP/);
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");

    // And for a single gateway of such an account.
    const gateway = await addGateway(admin.actor, standalone, "R82.10");
    await expectAppError(unlockGateway(db, { actor: admin.actor, gatewayId: gateway.id, licenceType: "PAYG" }), "RULE_VIOLATION", "ACCOUNT_NOT_MSSP");
  });

  it("the admin of the child a plan is shared with may see it but not switch it", async () => {
    const { t, plan } = await planWithGateways();
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await expectAppError(setPlanLicenceType(db, { actor: t.customerAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "FORBIDDEN", "USER_NOT_ADMIN");
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
  });
});

describe("switching a plan to PAYG: success", () => {
  it("switches, lists the gateways below R82 as ineligible, audits, and the gateways follow", async () => {
    const { t, plan, old, boundary, recent } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(result).toEqual({ licenceType: "PAYG", ineligibleGateways: [{ id: old.id, name: "a-old", firmwareVersion: "R81.20" }] });
    expect(await planType(plan.id)).toBe("PAYG");

    const audits = await licenceAudits(plan.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      accountId: t.mssp.id,
      actorUserId: t.msspAdmin.user.id,
      before: { licenseType: "SUBSCRIPTION" },
      after: { licenseType: "PAYG", gatewaysOnPayg: 2, stayOnSubscription: ["a-old"] },
    });

    // Effective types: old firmware stays on subscription.
    expect(await licenceTypes(t.msspViewer.actor, t.mssp.id)).toEqual({ [old.id]: "SUBSCRIPTION", [boundary.id]: "PAYG", [recent.id]: "PAYG" });

    // Switching to PAYG again changes nothing and writes nothing.
    const again = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(again.ineligibleGateways.map((g) => g.id)).toEqual([old.id]);
    expect(await licenceAudits(plan.id)).toHaveLength(1);
  });

  it("with every gateway on R82+ the ineligible list is empty (no \"View Gateways\")", async () => {
    const t = await makeTenant("lic");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Modern" });
    await addGateway(t.msspAdmin.actor, t.customer, "R82.00.00", plan.id);
    await addGateway(t.msspAdmin.actor, t.grandCustomer, "r83", plan.id);
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(result.ineligibleGateways).toEqual([]);
    expect(Object.values(await licenceTypes(t.msspAdmin.actor, t.mssp.id))).toEqual(["PAYG", "PAYG"]);
  });

  it("an empty plan can switch", async () => {
    const t = await makeTenant("lic");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Empty" });
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expect(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" })).resolves.toEqual({
      licenceType: "PAYG",
      ineligibleGateways: [],
    });
  });

  it("a plan of a child MSSP uses the child MSSP's own contract", async () => {
    const t = await makeTenant("lic");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    await addPaygContract(t.msspAdmin.actor, t.childMssp.id);
    await expect(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" })).resolves.toMatchObject({ licenceType: "PAYG" });
  });
});

describe("shared plans: the child's PAYG contract is the one that counts", () => {
  it("the owner's contract alone is not enough; the child's is", async () => {
    const { t, plan, old, recent } = await planWithGateways();
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
    // A single gateway of the shared plan is judged by the same holder.
    await expectAppError(unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");

    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(result.ineligibleGateways.map((g) => g.id)).toEqual([old.id]);
  });

  it("with the child's contract and none on the owner, a shared plan switches", async () => {
    const { t, plan } = await planWithGateways();
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.childMssp.id });
    await addPaygContract(t.msspAdmin.actor, t.childMssp.id);
    await expect(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" })).resolves.toMatchObject({ licenceType: "PAYG" });
  });

  it("a canceled contract of the child counts as none", async () => {
    const { t, plan } = await planWithGateways();
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    const contract = await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: contract.id, input: { reason: "Stopped" } });
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expectAppError(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
  });
});

describe("sharing a plan that is already on PAYG", () => {
  it("is refused while the child has no active PAYG contract (the owner's does not count), accepted once it has one", async () => {
    const { t, plan } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });

    const error = await expectAppError(
      sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id }),
      "RULE_VIOLATION",
      "NO_ACTIVE_PAYG_CONTRACT",
    );
    expect(error.message).toMatch(/shared with needs an active Pay-As-You-Go contract/);
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).sharedWithAccountId).toBeNull();
    expect(await db.auditEvent.count({ where: { objectId: plan.id, action: "plan.shared" } })).toBe(0);

    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await expect(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id })).resolves.toMatchObject({
      sharedWithAccountId: t.customer.id,
      licenceType: "PAYG",
    });
  });

  it("stopping sharing hands the plan back to the owner, whose contract must then be active", async () => {
    const { t, plan } = await planWithGateways();
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    await expectAppError(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: null }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).sharedWithAccountId).toBe(t.customer.id);
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expect(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: null })).resolves.toMatchObject({ sharedWithAccountId: null });
  });

  it("a subscription plan is shared without any contract", async () => {
    const { t, plan } = await planWithGateways();
    await expect(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.childMssp.id })).resolves.toMatchObject({
      sharedWithAccountId: t.childMssp.id,
    });
  });
});

describe("switching PAYG → subscription", () => {
  it("needs confirmation (INVALID CONFIRMATION_REQUIRED), then switches back and every gateway is on subscription", async () => {
    const { t, plan, old, boundary, recent } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });

    for (const confirmed of [undefined, false]) {
      const error = await expectAppError(
        setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "SUBSCRIPTION", confirmed }),
        "INVALID",
        "CONFIRMATION_REQUIRED",
      );
      expect(error.fieldErrors?.confirmed?.[0]).toMatch(/Select Subscription Licensing/);
    }
    expect(await planType(plan.id)).toBe("PAYG");
    expect(await licenceAudits(plan.id)).toHaveLength(1);

    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "SUBSCRIPTION", confirmed: true });
    expect(result.licenceType).toBe("SUBSCRIPTION");
    expect(await planType(plan.id)).toBe("SUBSCRIPTION");
    const audits = await licenceAudits(plan.id);
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ before: { licenseType: "PAYG" }, after: { licenseType: "SUBSCRIPTION" } });
    expect(await licenceTypes(t.msspAdmin.actor, t.mssp.id)).toEqual({ [old.id]: "SUBSCRIPTION", [boundary.id]: "SUBSCRIPTION", [recent.id]: "SUBSCRIPTION" });
  });

  it("a viewer cannot switch back, even confirmed", async () => {
    const { t, plan } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    await expectAppError(
      setPlanLicenceType(db, { actor: t.msspViewer.actor, planId: plan.id, licenceType: "SUBSCRIPTION", confirmed: true }),
      "FORBIDDEN",
      "USER_NOT_ADMIN",
    );
    expect(await planType(plan.id)).toBe("PAYG");
  });

  it("subscription → subscription needs no confirmation and writes nothing", async () => {
    const { t, plan } = await planWithGateways();
    await expect(setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "SUBSCRIPTION" })).resolves.toMatchObject({
      licenceType: "SUBSCRIPTION",
    });
    expect(await licenceAudits(plan.id)).toHaveLength(0);
  });
});

describe("the licence-type filter agrees with effectiveLicenceType", () => {
  it("on a mixed set of every plan type × lock state × firmware", async () => {
    const t = await makeTenant("mix");
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    // Gateways without a plan are judged by their own account's contract.
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    const subPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Sub" });
    const paygPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Payg" });
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: paygPlan.id, licenceType: "PAYG" });

    type Lock = "locked" | "own-SUBSCRIPTION" | "own-PAYG";
    // The expected effective type, written out by hand.
    const cases: [string, string | null, Lock, string, LicenceType][] = [];
    const plans: [string, string | null, LicenceType | null][] = [
      ["sub", subPlan.id, "SUBSCRIPTION"],
      ["payg", paygPlan.id, "PAYG"],
      ["none", null, null],
    ];
    for (const [label, planId, type] of plans) {
      for (const lock of ["locked", "own-SUBSCRIPTION", "own-PAYG"] as Lock[]) {
        for (const firmware of ["R81.20", "R82.10"]) {
          const paygChosen = lock === "own-PAYG" || (lock === "locked" && type === "PAYG");
          cases.push([`${label}/${lock}/${firmware}`, planId, lock, firmware, paygChosen && firmware === "R82.10" ? "PAYG" : "SUBSCRIPTION"]);
        }
      }
    }
    const expected: Record<string, LicenceType> = {};
    for (const [name, planId, lock, firmware, type] of cases) {
      const gateway = await addGateway(t.msspAdmin.actor, t.customer, firmware, planId ?? undefined, name);
      if (lock === "own-SUBSCRIPTION" || (lock === "own-PAYG" && firmware === "R82.10")) {
        await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id, licenceType: lock === "own-PAYG" ? "PAYG" : "SUBSCRIPTION" });
      } else if (lock === "own-PAYG") {
        // The portal refuses PAYG below R82; written directly so both rules meet such a row anyway.
        await db.gateway.update({ where: { id: gateway.id }, data: { lockedToPlan: false, ownLicenceType: "PAYG" } });
      }
      expected[gateway.id] = type;
    }
    // A stale row: locked, no plan, own PAYG on R82+ (its own type applies).
    const stale = await addGateway(t.msspAdmin.actor, t.customer, "R82.10", undefined, "none/locked-stale-PAYG/R82.10");
    await db.gateway.update({ where: { id: stale.id }, data: { lockedToPlan: true, ownLicenceType: "PAYG" } });
    expected[stale.id] = "PAYG";

    const all = await listGateways(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: FILTERS, pageSize: 100 });
    expect(all.total).toBe(19);
    expect(Object.fromEntries(all.rows.map((r) => [r.id, r.licenceType]))).toEqual(expected);

    // The pure rule on the stored rows gives the same answer.
    const rows = await db.gateway.findMany({ where: { accountId: t.customer.id }, include: { plan: true } });
    for (const row of rows) {
      const pure = effectiveLicenceType({
        lockedToPlan: row.lockedToPlan,
        ownLicenceType: row.ownLicenceType,
        firmwareVersion: row.firmwareVersion,
        planLicenceType: row.plan?.licenceType ?? null,
      });
      expect(pure, row.name).toBe(expected[row.id]);
    }

    for (const type of ["PAYG", "SUBSCRIPTION"] as LicenceType[]) {
      const want = Object.keys(expected).filter((id) => expected[id] === type).sort();
      const filtered = await listGateways(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { ...FILTERS, licenceType: type }, pageSize: 100 });
      expect(filtered.rows.map((r) => r.id).sort(), `filter ${type}`).toEqual(want);
      expect(filtered.total).toBe(want.length);
      expect(filtered.rows.every((r) => r.licenceType === type)).toBe(true);
      const streamed: string[] = [];
      for await (const row of iterateGateways(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { ...FILTERS, licenceType: type }, batchSize: 3 })) {
        streamed.push(row.id);
      }
      expect(streamed.sort()).toEqual(want);
    }
    const paygCount = Object.values(expected).filter((v) => v === "PAYG").length;
    expect(paygCount).toBe(5);
    expect(await countGatewaysByLicenceType(db, t.mssp.path)).toEqual({ PAYG: paygCount, SUBSCRIPTION: 19 - paygCount });

    // The filter combines with the plan filter.
    const paygInPaygPlan = await listGateways(db, {
      actor: t.msspAdmin.actor,
      accountId: t.mssp.id,
      filters: { ...FILTERS, licenceType: "PAYG", planId: paygPlan.id },
      pageSize: 100,
    });
    expect(paygInPaygPlan.rows.map((r) => r.name)).toEqual(["payg/locked/R82.10", "payg/own-PAYG/R82.10"]);
  });
});

describe("single gateways: unlock and lock", () => {
  it("unlocking to PAYG with firmware below R82 is refused (GATEWAY_FIRMWARE_TOO_OLD) even with a contract", async () => {
    const { t, old } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    const error = await expectAppError(unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: old.id, licenceType: "PAYG" }), "RULE_VIOLATION", "GATEWAY_FIRMWARE_TOO_OLD");
    expect(error.message).toMatch(/R82\.00\.00/);
    expect(await db.gateway.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ lockedToPlan: true, ownLicenceType: "SUBSCRIPTION" });
    expect(await db.auditEvent.count({ where: { objectId: old.id, action: "gateway.unlocked" } })).toBe(0);
  });

  it("without a contract, or as a viewer, unlocking to PAYG is refused with the matching reason", async () => {
    const { t, recent } = await planWithGateways();
    await expectAppError(unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expectAppError(unlockGateway(db, { actor: t.msspViewer.actor, gatewayId: recent.id, licenceType: "PAYG" }), "FORBIDDEN", "USER_NOT_ADMIN");
    await expectAppError(unlockGateway(db, { actor: t.msspBilling.actor, gatewayId: recent.id, licenceType: "SUBSCRIPTION" }), "FORBIDDEN", "USER_NOT_ADMIN");
    expect((await db.gateway.findUniqueOrThrow({ where: { id: recent.id } })).lockedToPlan).toBe(true);
  });

  it("R82+ with a contract unlocks to PAYG on a subscription plan; locking back follows the plan", async () => {
    const { t, plan, boundary, recent } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    const unlocked = await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: boundary.id, licenceType: "PAYG" });
    expect(unlocked).toMatchObject({ lockedToPlan: false, ownLicenceType: "PAYG" });
    let types = await licenceTypes(t.msspAdmin.actor, t.mssp.id);
    expect(types[boundary.id]).toBe("PAYG");
    expect(types[recent.id]).toBe("SUBSCRIPTION");
    const unlockAudit = await db.auditEvent.findFirstOrThrow({ where: { objectId: boundary.id, action: "gateway.unlocked" } });
    expect(unlockAudit).toMatchObject({ accountId: t.customer.id, before: { lockedToPlan: true, licenseType: "SUBSCRIPTION" }, after: { lockedToPlan: false, licenseType: "PAYG" } });

    // Unlocked gateways keep their own type when the plan switches.
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, licenceType: "SUBSCRIPTION" });
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "SUBSCRIPTION", confirmed: true });
    types = await licenceTypes(t.msspAdmin.actor, t.mssp.id);
    expect([types[boundary.id], types[recent.id]]).toEqual(["PAYG", "SUBSCRIPTION"]);

    // Locked back: it follows the plan (subscription now), its own type is reset.
    const locked = await lockGateway(db, { actor: t.msspAdmin.actor, gatewayId: boundary.id });
    expect(locked).toMatchObject({ lockedToPlan: true, ownLicenceType: "SUBSCRIPTION" });
    expect((await licenceTypes(t.msspAdmin.actor, t.mssp.id))[boundary.id]).toBe("SUBSCRIPTION");
    expect(await db.auditEvent.count({ where: { objectId: boundary.id, action: "gateway.locked" } })).toBe(1);

    // On a PAYG plan, locking back puts an unlocked-subscription gateway on PAYG.
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect((await licenceTypes(t.msspAdmin.actor, t.mssp.id))[recent.id]).toBe("SUBSCRIPTION");
    await lockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id });
    expect((await licenceTypes(t.msspAdmin.actor, t.mssp.id))[recent.id]).toBe("PAYG");
    // Locking a locked gateway writes nothing more.
    await lockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id });
    expect(await db.auditEvent.count({ where: { objectId: recent.id, action: "gateway.locked" } })).toBe(1);
  });

  it("lockGateway refuses a viewer and a gateway with no plan (NO_PLAN)", async () => {
    const { t, recent } = await planWithGateways();
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, licenceType: "SUBSCRIPTION" });
    await expectAppError(lockGateway(db, { actor: t.msspViewer.actor, gatewayId: recent.id }), "FORBIDDEN", "USER_NOT_ADMIN");
    expect((await db.gateway.findUniqueOrThrow({ where: { id: recent.id } })).lockedToPlan).toBe(false);

    const loose = await addGateway(t.msspAdmin.actor, t.customer, "R82.10");
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: loose.id, licenceType: "PAYG" });
    await expectAppError(lockGateway(db, { actor: t.msspAdmin.actor, gatewayId: loose.id }), "INVALID", "NO_PLAN");
  });

  it("a gateway without a plan is judged by its own account's contract", async () => {
    const t = await makeTenant("lic");
    const loose = await addGateway(t.msspAdmin.actor, t.customer, "R82.10");
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await expectAppError(unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: loose.id, licenceType: "PAYG" }), "RULE_VIOLATION", "NO_ACTIVE_PAYG_CONTRACT");
    await addPaygContract(t.msspAdmin.actor, t.customer.id);
    await unlockGateway(db, { actor: t.customerAdmin.actor, gatewayId: loose.id, licenceType: "PAYG" });
    expect((await licenceTypes(t.customerAdmin.actor, t.customer.id))[loose.id]).toBe("PAYG");
  });
});

describe("updating firmware of PAYG gateways", () => {
  it("refuses a downgrade below R82 on an unlocked PAYG gateway, allows upgrades", async () => {
    const { t, plan, recent } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, licenceType: "PAYG" });
    const base = { name: "c-recent", serialNumber: recent.serialNumber, accountId: t.mssp.id, planId: plan.id };

    const error = await expectAppError(
      updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, input: gatewayInputSchema.parse({ ...base, firmwareVersion: "R81.20" }) }),
      "INVALID",
    );
    expect(error.fieldErrors?.firmwareVersion?.[0]).toMatch(/subscription/);
    expect(await db.gateway.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ firmwareVersion: "R82.10", ownLicenceType: "PAYG", lockedToPlan: false });

    // R82 itself is still fine, and so is an upgrade.
    for (const firmwareVersion of ["R82", "R83.10"]) {
      const updated = await updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: recent.id, input: gatewayInputSchema.parse({ ...base, firmwareVersion }) });
      expect(updated.firmwareVersion).toBe(firmwareVersion);
    }
    expect((await licenceTypes(t.msspAdmin.actor, t.mssp.id))[recent.id]).toBe("PAYG");
  });

  it("a locked gateway on a PAYG plan may downgrade: it falls back to subscription and becomes ineligible", async () => {
    const { t, plan, recent } = await planWithGateways();
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    await updateGateway(db, {
      actor: t.msspAdmin.actor,
      gatewayId: recent.id,
      input: gatewayInputSchema.parse({ name: "c-recent", serialNumber: recent.serialNumber, accountId: t.mssp.id, planId: plan.id, firmwareVersion: "R81.10" }),
    });
    expect((await licenceTypes(t.msspAdmin.actor, t.mssp.id))[recent.id]).toBe("SUBSCRIPTION");
    const result = await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(result.ineligibleGateways.map((g) => g.name)).toEqual(["a-old", "c-recent"]);
  });
});

describe("countGatewaysByLicenceType", () => {
  it("counts effective types below an account", async () => {
    const { t, plan } = await planWithGateways();
    await addGateway(t.msspAdmin.actor, t.grandCustomer, "R82.10");
    expect(await countGatewaysByLicenceType(db, t.mssp.path)).toEqual({ PAYG: 0, SUBSCRIPTION: 4 });
    await addPaygContract(t.distributorAdmin.actor, t.mssp.id);
    await setPlanLicenceType(db, { actor: t.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" });
    expect(await countGatewaysByLicenceType(db, t.mssp.path)).toEqual({ PAYG: 2, SUBSCRIPTION: 2 });
    // The customer holds a-old and b-boundary; the MSSP itself holds c-recent.
    expect(await countGatewaysByLicenceType(db, t.customer.path)).toEqual({ PAYG: 1, SUBSCRIPTION: 1 });
    expect(await countGatewaysByLicenceType(db, t.childMssp.path)).toEqual({ PAYG: 0, SUBSCRIPTION: 1 });
    expect(await countGatewaysByLicenceType(db, t.distributor.path)).toEqual({ PAYG: 2, SUBSCRIPTION: 2 });
  });
});
