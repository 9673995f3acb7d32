import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createPlan } from "@/server/plans/create-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { apiKeyOf } from "../../support/api/api-keys";
import { makeTenant } from "../../support/factories";
import { makeGateway, paygContract, plansSnapshot } from "../../support/plan-factories";

/** Two tenants through the API's Plans and Gateways operations (docs/api.md#plans-and-gateways). */

describe("two tenants: Plans and Gateways API", () => {
  it("A's keys get 404 for every plan and gateway of B, by path or account; B's ids in filters list nothing of B", async () => {
    const a = await makeTenant("api2-plans-a");
    const b = await makeTenant("api2-plans-b");
    // B's world is PAYG-ready, so only reach can refuse A.
    await paygContract(b.distributorAdmin.actor, b.mssp.id);
    await paygContract(b.msspAdmin.actor, b.customer.id);
    const bPlan = await createPlan(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, name: "B plan" });
    const bChildPlan = await createPlan(db, { actor: b.msspAdmin.actor, accountId: b.childMssp.id, name: "B child plan" });
    await sharePlan(db, { actor: b.msspAdmin.actor, planId: bPlan.id, childAccountId: b.customer.id });
    const bGateways = [await makeGateway(b.msspAdmin.actor, b.customer, "B gw", "R82.10", bPlan.id), await makeGateway(b.msspAdmin.actor, b.grandCustomer, "B loose")];
    const aPlan = await createPlan(db, { actor: a.msspAdmin.actor, accountId: a.mssp.id, name: "A plan" });
    await makeGateway(a.msspAdmin.actor, a.customer, "A gw", "R82.10", aPlan.id);
    const before = await plansSnapshot(b.distributor);

    for (const { actor, account } of [
      { actor: a.distributorAdmin.actor, account: a.distributor },
      { actor: a.msspAdmin.actor, account: a.mssp },
      { actor: a.customerAdmin.actor, account: a.customer },
    ]) {
      const { api } = await apiKeyOf(actor, account.id);
      for (const planId of [bPlan.id, bChildPlan.id]) {
        expect((await api.GET("/plans/{planId}", { params: { path: { planId } } })).response.status).toBe(404);
        for (const body of [{ licenceType: "PAYG" as const }, { licenceType: "SUBSCRIPTION" as const, confirmed: true }]) {
          expect((await api.POST("/plans/{planId}/licence-type", { params: { path: { planId } }, body })).response.status).toBe(404);
        }
        // B's plan as a filter: nothing of B, whatever A's account.
        const filtered = await api.GET("/gateways", { params: { query: { planId } } });
        expect(filtered.data!.data).toEqual([]);
      }
      for (const g of bGateways) {
        expect((await api.GET("/gateways/{gatewayId}", { params: { path: { gatewayId: g.id } } })).response.status).toBe(404);
        for (const licenceType of ["PAYG", "SUBSCRIPTION", "FOLLOW_PLAN"] as const) {
          expect((await api.POST("/gateways/{gatewayId}/licence-type", { params: { path: { gatewayId: g.id } }, body: { licenceType } })).response.status).toBe(404);
        }
        const searched = await api.GET("/gateways", { params: { query: { q: g.serialNumber } } });
        expect(searched.data!.data).toEqual([]);
      }
      for (const bAccount of [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer]) {
        expect((await api.GET("/plans", { params: { query: { accountId: bAccount.id } } })).response.status).toBe(404);
        expect((await api.GET("/gateways", { params: { query: { accountId: bAccount.id } } })).response.status).toBe(404);
      }
      const ownPlans = await api.GET("/plans", { params: { query: { limit: 100 } } });
      expect(ownPlans.data!.data.filter((plan) => [bPlan.id, bChildPlan.id].includes(plan.id))).toEqual([]);
      const ownGateways = await api.GET("/gateways", { params: { query: { limit: 100 } } });
      expect(ownGateways.data!.data.filter((g) => bGateways.some((bg) => bg.id === g.id))).toEqual([]);
    }
    expect(await plansSnapshot(b.distributor)).toEqual(before);
  });
});
