import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { addContract } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { createPlan } from "@/server/plans/create-plan";
import { deletePlan } from "@/server/plans/delete-plan";
import { renamePlan } from "@/server/plans/rename-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { assignGatewaysToPlan } from "@/server/plans/assign-gateways-to-plan";
import { searchAssignableGateways } from "@/server/gateways/search-assignable-gateways";
import { getGatewayInReach } from "@/server/gateways/get-gateway-in-reach";
import { lockGateway } from "@/server/gateways/lock-gateway";
import { registerGateway } from "@/server/gateways/register-gateway";
import { removeGateway } from "@/server/gateways/remove-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { updateGateway } from "@/server/gateways/update-gateway";
import { iterateGateways, listGateways, type GatewayFilters } from "@/server/gateways/list-gateways";
import { listPlans } from "@/server/plans/list-plans";
import { gatewayInputSchema, type GatewayInput } from "@/server/gateways/gateway-input";
import { setPlanLicenceType } from "@/server/plans/set-plan-licence-type";
import { makeTenant } from "../../support/factories";
import { plansSnapshot } from "../../support/plan-factories";
import { expectAppError } from "../../support/expect-app-error";

const MISSING = "00000000-0000-4000-8000-000000000000";
const FILTERS: GatewayFilters = { sort: "name", dir: "asc" };
const serial = () => `SN-${randomUUID().slice(0, 12).toUpperCase()}`;
const input = (accountId: string, values: Partial<GatewayInput> = {}): GatewayInput =>
  gatewayInputSchema.parse({ name: "Spy gateway", serialNumber: serial(), firmwareVersion: "R82.10", accountId, ...values });
const paygContract = (actor: Actor, accountId: string) =>
  addContract(db, { actor, accountId, input: addContractSchema.parse({ service: "quantum-spark-management", type: "PAYG", quantity: 3 }) });

/** Runs one attempt that must fail with this code; the error names the attempt when it does not. */
async function refused(name: string, code: "NOT_FOUND" | "INVALID", attempt: () => Promise<unknown>) {
  return expectAppError(attempt(), code).catch((failure: unknown) => {
    throw new Error(`${name}: ${String(failure)}`);
  });
}

/**
 * Tenant A's admins against tenant B's plans, gateways and accounts, for every
 * plans and gateways action: NOT_FOUND (or INVALID where a foreign id is one
 * field of a form) — exactly as for an id that does not exist — and nothing of
 * either tenant changes.
 */
describe("two tenants: plans and gateways", () => {
  it("an admin of one tenant can neither see nor touch the other's", async () => {
    const a = await makeTenant("a");
    const b = await makeTenant("b");

    // B's world: a PAYG-ready plan shared with its customer, gateways in and out of it.
    await paygContract(b.distributorAdmin.actor, b.mssp.id);
    await paygContract(b.msspAdmin.actor, b.customer.id);
    const bPlan = await createPlan(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, name: "B plan" });
    const bChildPlan = await createPlan(db, { actor: b.msspAdmin.actor, accountId: b.childMssp.id, name: "B child plan" });
    await sharePlan(db, { actor: b.msspAdmin.actor, planId: bPlan.id, childAccountId: b.customer.id });
    const bGateway = await registerGateway(db, { actor: b.msspAdmin.actor, input: input(b.customer.id, { name: "B gw", planId: bPlan.id }) });
    const bLoose = await registerGateway(db, { actor: b.msspAdmin.actor, input: input(b.grandCustomer.id, { name: "B loose" }) });
    const bUnlocked = await registerGateway(db, { actor: b.msspAdmin.actor, input: input(b.mssp.id, { name: "B unlocked", planId: bPlan.id }) });
    await unlockGateway(db, { actor: b.msspAdmin.actor, gatewayId: bUnlocked.id, licenceType: "SUBSCRIPTION" });

    // A's world.
    await paygContract(a.distributorAdmin.actor, a.mssp.id);
    const aPlan = await createPlan(db, { actor: a.msspAdmin.actor, accountId: a.mssp.id, name: "A plan" });
    const aGateway = await registerGateway(db, { actor: a.msspAdmin.actor, input: input(a.customer.id, { name: "A gw", planId: aPlan.id }) });
    const aLoose = await registerGateway(db, { actor: a.msspAdmin.actor, input: input(a.customer.id, { name: "A loose" }) });

    const bBefore = await plansSnapshot(b.distributor);
    const aBefore = await plansSnapshot(a.distributor);

    for (const attacker of [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor]) {
      // The reference answers: an id that does not exist at all.
      const missingAccount = await refused("listPlans(missing)", "NOT_FOUND", () => listPlans(db, { actor: attacker, accountId: MISSING }));
      const missingPlan = await refused("renamePlan(missing)", "NOT_FOUND", () => renamePlan(db, { actor: attacker, planId: MISSING, name: "X1" }));
      const missingGateway = await refused("removeGateway(missing)", "NOT_FOUND", () => removeGateway(db, { actor: attacker, gatewayId: MISSING }));

      // B's accounts.
      for (const account of [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer, { id: MISSING }, { id: "not-a-uuid" }]) {
        const id = account.id;
        const attempts: [string, () => Promise<unknown>][] = [
          ["createPlan", () => createPlan(db, { actor: attacker, accountId: id, name: "Hijack" })],
          ["listPlans", () => listPlans(db, { actor: attacker, accountId: id })],
          ["listGateways", () => listGateways(db, { actor: attacker, accountId: id, filters: FILTERS, pageSize: 10 })],
          ["listGateways(PAYG)", () => listGateways(db, { actor: attacker, accountId: id, filters: { ...FILTERS, licenceType: "PAYG" }, pageSize: 10 })],
          ["iterateGateways", async () => { for await (const _ of iterateGateways(db, { actor: attacker, accountId: id, filters: FILTERS })) void _; }],
          ["registerGateway(on B)", () => registerGateway(db, { actor: attacker, input: input(id) })],
          ["updateGateway(give to B)", () => updateGateway(db, { actor: attacker, gatewayId: aGateway.id, input: input(id, { name: "A gw", serialNumber: aGateway.serialNumber }) })],
        ];
        for (const [name, attempt] of attempts) {
          const error = await refused(`${name} on account ${id}`, "NOT_FOUND", attempt);
          expect(error.message, name).toBe(missingAccount.message);
        }
      }

      // B's plans.
      for (const planId of [bPlan.id, bChildPlan.id, MISSING, "not-a-uuid"]) {
        const attempts: [string, () => Promise<unknown>][] = [
          ["renamePlan", () => renamePlan(db, { actor: attacker, planId, name: "Hijacked" })],
          ["deletePlan", () => deletePlan(db, { actor: attacker, planId })],
          ["sharePlan(unshare)", () => sharePlan(db, { actor: attacker, planId, childAccountId: null })],
          ["sharePlan(with A)", () => sharePlan(db, { actor: attacker, planId, childAccountId: a.customer.id })],
          ["setPlanLicenceType(PAYG)", () => setPlanLicenceType(db, { actor: attacker, planId, licenceType: "PAYG" })],
          ["setPlanLicenceType(SUBSCRIPTION)", () => setPlanLicenceType(db, { actor: attacker, planId, licenceType: "SUBSCRIPTION", confirmed: true })],
          ["assign A's gateway into B's plan", () => assignGatewaysToPlan(db, { actor: attacker, planId, gatewayIds: [aGateway.id] })],
          ["assign B's gateway into B's plan", () => assignGatewaysToPlan(db, { actor: attacker, planId, gatewayIds: [bLoose.id] })],
          ["search gateways to assign to B's plan", () => searchAssignableGateways(db, { actor: attacker, accountId: a.mssp.id, planId, q: "" })],
        ];
        for (const [name, attempt] of attempts) {
          const error = await refused(`${name} on plan ${planId}`, "NOT_FOUND", attempt);
          expect(error.message, name).toBe(missingPlan.message);
        }
      }

      // B's gateways.
      for (const gatewayId of [bGateway.id, bLoose.id, bUnlocked.id, MISSING, "not-a-uuid"]) {
        const attempts: [string, () => Promise<unknown>][] = [
          ["getGatewayInReach", () => getGatewayInReach(db, attacker, gatewayId)],
          ["updateGateway", () => updateGateway(db, { actor: attacker, gatewayId, input: input(a.customer.id, { name: "Stolen" }) })],
          ["removeGateway", () => removeGateway(db, { actor: attacker, gatewayId })],
          ["unlockGateway(PAYG)", () => unlockGateway(db, { actor: attacker, gatewayId, licenceType: "PAYG" })],
          ["unlockGateway(SUBSCRIPTION)", () => unlockGateway(db, { actor: attacker, gatewayId, licenceType: "SUBSCRIPTION" })],
          ["lockGateway", () => lockGateway(db, { actor: attacker, gatewayId })],
        ];
        for (const [name, attempt] of attempts) {
          const error = await refused(`${name} on gateway ${gatewayId}`, "NOT_FOUND", attempt);
          expect(error.message, name).toBe(missingGateway.message);
        }
      }
    }

    // Foreign ids as one field of an otherwise valid request from A's admin: INVALID, same as a missing id.
    const attacker = a.msspAdmin.actor;
    const pairs: [string, (foreign: string) => Promise<unknown>][] = [
      ["assign B's gateway into A's plan", (foreign) => assignGatewaysToPlan(db, { actor: attacker, planId: aPlan.id, gatewayIds: [aGateway.id, foreign] })],
      ["share A's plan with B's account", (foreign) => sharePlan(db, { actor: attacker, planId: aPlan.id, childAccountId: foreign })],
      ["register on A into B's plan", (foreign) => registerGateway(db, { actor: attacker, input: input(a.customer.id, { planId: foreign }) })],
      ["move A's gateway into B's plan", (foreign) => updateGateway(db, { actor: attacker, gatewayId: aGateway.id, input: input(a.customer.id, { name: "A gw", serialNumber: aGateway.serialNumber, planId: foreign }) })],
    ];
    const foreignIds: Record<string, string[]> = {
      "assign B's gateway into A's plan": [bGateway.id, bLoose.id],
      "share A's plan with B's account": [b.customer.id, b.childMssp.id, b.mssp.id],
      "register on A into B's plan": [bPlan.id, bChildPlan.id],
      "move A's gateway into B's plan": [bPlan.id, bChildPlan.id],
    };
    for (const [name, attempt] of pairs) {
      const reference = await refused(`${name} (missing)`, "INVALID", () => attempt(MISSING));
      for (const foreign of foreignIds[name]!) {
        const error = await refused(`${name} ${foreign}`, "INVALID", () => attempt(foreign));
        expect(error.message, name).toBe(reference.message);
        expect(error.fieldErrors, name).toEqual(reference.fieldErrors);
      }
    }

    // A's lists never show B's plans or gateways, whatever the filter.
    const aGatewayIds = (await listGateways(db, { actor: attacker, accountId: a.mssp.id, filters: FILTERS, pageSize: 100 })).rows.map((r) => r.id);
    expect(aGatewayIds).toEqual([aGateway.id, aLoose.id]);
    expect((await listGateways(db, { actor: attacker, accountId: a.mssp.id, filters: { ...FILTERS, planId: bPlan.id }, pageSize: 100 })).total).toBe(0);
    expect((await listGateways(db, { actor: attacker, accountId: a.mssp.id, filters: { ...FILTERS, q: "B " }, pageSize: 100 })).total).toBe(0);
    expect((await listPlans(db, { actor: attacker, accountId: a.customer.id })).rows.map((p) => p.id)).toEqual([]);
    expect((await listPlans(db, { actor: attacker, accountId: a.mssp.id })).rows.map((p) => p.id)).toEqual([aPlan.id]);
    // "Assign gateways" of A's plan offers A's gateways only, whatever the search (B's names in full:
    // a lone "B" would match A's random hex serial numbers).
    for (const [q, expected] of [["", [aLoose.id]], ["loose", [aLoose.id]], ["B loose", []], ["B gw", []], ["gw", []]] as const) {
      expect((await searchAssignableGateways(db, { actor: attacker, accountId: a.mssp.id, planId: aPlan.id, q })).map((g) => g.id), q).toEqual(expected);
    }

    // Nothing of either tenant changed.
    expect(await plansSnapshot(b.distributor)).toEqual(bBefore);
    expect(await plansSnapshot(a.distributor)).toEqual(aBefore);
    expect(bBefore.plans.find((p) => p.id === bPlan.id)).toMatchObject({ name: "B plan", licenceType: "SUBSCRIPTION", sharedWithAccountId: b.customer.id });
    expect(bBefore.gateways).toHaveLength(3);
  });

  it("B's own admins do manage the same kind of fixtures (the refusals above are about tenancy, not blanket)", async () => {
    const b = await makeTenant("b");
    await paygContract(b.distributorAdmin.actor, b.mssp.id);
    const plan = await createPlan(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, name: "B plan" });
    const gateway = await registerGateway(db, { actor: b.msspAdmin.actor, input: input(b.customer.id, { planId: plan.id }) });
    await expect(setPlanLicenceType(db, { actor: b.msspAdmin.actor, planId: plan.id, licenceType: "PAYG" })).resolves.toMatchObject({ licenceType: "PAYG" });
    await expect(getGatewayInReach(db, b.customerAdmin.actor, gateway.id)).resolves.toMatchObject({ id: gateway.id });
    await expect(renamePlan(db, { actor: b.msspAdmin.actor, planId: plan.id, name: "B renamed" })).resolves.toMatchObject({ name: "B renamed" });
  });
});
