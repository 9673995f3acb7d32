import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { GET as searchRoute } from "@/app/(portal)/a/[accountId]/gateways/plans/search/route";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { registerGateway } from "@/server/gateways/register-gateway";
import { searchGatewayPlanOptions } from "@/server/gateways/search-gateway-plan-options";
import { expectAppError } from "../../support/expect-app-error";
import { expectBadSearchRefused } from "../../support/search-route";
import { makeTenant, type TestAccount } from "../../support/factories";

/*
 * The gateway form's Plan is a server-searched combobox (docs/screens.md#async-combobox) offering
 * exactly the plans saving accepts for the chosen owner: the owner's and those of the accounts
 * above it (docs/gateways-and-plans.md#plans), in the caller's reach — never another tenant's.
 */

const QSM = "quantum-spark-management";

async function makePlan(account: TestAccount, name: string, sharedWith?: TestAccount) {
  const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
  return db.plan.create({ data: { accountId: account.id, serviceId: service.id, name, sharedWithAccountId: sharedWith?.id ?? null } });
}

/** An MSSP with two plans (one shared with its customer) and a child MSSP with one. */
async function planTenant(label: string) {
  const t = await makeTenant(label);
  const plans = {
    gold: await makePlan(t.mssp, "Gold Gateways"),
    bronze: await makePlan(t.mssp, "Shared Bronze", t.customer),
    child: await makePlan(t.childMssp, "Child Gold"),
  };
  return { ...t, plans };
}

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("searchGatewayPlanOptions", () => {
  it("offers the owner's plans and those of the accounts above it, by name", async () => {
    const t = await planTenant("gw-plans");
    const search = (owner: TestAccount, q = "") => searchGatewayPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, ownerId: owner.id, q });
    expect(names(await search(t.mssp))).toEqual(["Gold Gateways", "Shared Bronze"]);
    expect(names(await search(t.customer))).toEqual(["Gold Gateways", "Shared Bronze"]);
    expect(names(await search(t.childMssp))).toEqual(["Child Gold", "Gold Gateways", "Shared Bronze"]);
    expect(names(await search(t.grandCustomer))).toEqual(["Child Gold", "Gold Gateways", "Shared Bronze"]);
    expect(names(await search(t.grandCustomer, "GOLD"))).toEqual(["Child Gold", "Gold Gateways"]);
    expect(await search(t.grandCustomer, "%")).toEqual([]);
    expect((await search(t.grandCustomer, "child"))[0]).toEqual({ id: t.plans.child.id, name: "Child Gold", ownerName: t.childMssp.name });
    await expectAppError(search(t.mssp, "x".repeat(101)), "INVALID");
  });

  it("offers exactly the plans registering a gateway accepts, for every owner", async () => {
    const t = await planTenant("gw-plans-agree");
    const other = await planTenant("gw-plans-agree-other");
    const candidates = [...Object.values(t.plans), other.plans.gold];
    for (const owner of [t.mssp, t.customer, t.childMssp, t.grandCustomer]) {
      const offered = new Set((await searchGatewayPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, ownerId: owner.id, q: "" })).map((plan) => plan.id));
      for (const plan of candidates) {
        const input = gatewayInputSchema.parse({ name: `gw ${plan.name}`, serialNumber: `SN-${randomUUID().slice(0, 8)}`, firmwareVersion: "R82.10", accountId: owner.id, planId: plan.id });
        const accepted = await registerGateway(db, { actor: t.msspAdmin.actor, input }).then(
          () => true,
          (error: unknown) => {
            if (error instanceof AppError && error.code === "INVALID" && error.fieldErrors?.planId) return false;
            throw error;
          },
        );
        expect(accepted, `${plan.name} for ${owner.name}`).toBe(offered.has(plan.id));
      }
    }
  });

  it("answers within the caller's reach: a customer's admin cannot use its MSSP's plans, here or on save", async () => {
    const t = await planTenant("gw-plans-reach");
    expect(await searchGatewayPlanOptions(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, ownerId: t.customer.id, q: "" })).toEqual([]);
  });

  it("never answers another tenant's plan; an account or owner out of reach is not found", async () => {
    const mine = await planTenant("gw-plans-mine");
    const other = await planTenant("gw-plans-other");
    const search = (accountId: string, ownerId: string, actor = mine.msspAdmin.actor) => searchGatewayPlanOptions(db, { actor, accountId, ownerId, q: "" });
    await expectAppError(search(mine.mssp.id, other.customer.id), "NOT_FOUND");
    await expectAppError(search(other.mssp.id, other.customer.id), "NOT_FOUND");
    // An owner above the account being viewed is not one the form offers.
    await expectAppError(search(mine.customer.id, mine.mssp.id), "NOT_FOUND");
    await expectAppError(search(mine.mssp.id, "not-a-uuid"), "NOT_FOUND");
    await expectAppError(search(mine.mssp.id, randomUUID()), "NOT_FOUND");
    await expectAppError(search(mine.mssp.id, mine.customer.id, mine.customerAdmin.actor), "NOT_FOUND");
    const rows = await search(mine.mssp.id, mine.grandCustomer.id);
    expect(rows.map((row) => row.id).sort()).toEqual(Object.values(mine.plans).map((plan) => plan.id).sort());
  });
});

describe("GET /a/<account>/gateways/plans/search", () => {
  const call = (accountId: string, query: string) =>
    searchRoute(new Request(`http://portal.test/a/${accountId}/gateways/plans/search?${query}`), { params: Promise.resolve({ accountId }) });

  it("answers the matches as JSON, names a bad q or owner in a 400, and never 500s", async () => {
    const t = await planTenant("gw-plans-route");
    const other = await planTenant("gw-plans-route-other");
    signedIn = t.msspAdmin.actor;

    const ok = await call(t.mssp.id, `owner=${t.customer.id}&q=gold`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    expect(await ok.json()).toEqual({ plans: [{ id: t.plans.gold.id, name: "Gold Gateways", ownerName: t.mssp.name }] });

    await expectBadSearchRefused((query) => call(t.mssp.id, `owner=${t.customer.id}&${query}`));
    for (const bad of ["q=", "owner=not-a-uuid", `owner=${t.customer.id}&owner=${t.mssp.id}`]) {
      const refused = await call(t.mssp.id, bad);
      expect(refused.status, bad).toBe(400);
      const error = ((await refused.json()) as { error: { code: string; fields: object } }).error;
      expect(error.code).toBe("INVALID");
      expect(Object.keys(error.fields), bad).toEqual(["owner"]);
    }

    expect((await call(t.mssp.id, `owner=${other.customer.id}`)).status).toBe(404);
    expect((await call(other.mssp.id, `owner=${other.customer.id}`)).status).toBe(404);

    signedIn = null;
    expect((await call(t.mssp.id, `owner=${t.customer.id}`)).status).toBe(401);
  });
});
