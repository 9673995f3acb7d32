import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { GET as searchRoute } from "@/app/(portal)/a/[accountId]/plans/search/route";
import { SEARCH_MATCH_LIMIT } from "@/lib/search-text";
import { db } from "@/server/db";
import { getPlanOption, searchPlanOptions } from "@/server/plans/search-plan-options";
import { expectAppError } from "../../support/expect-app-error";
import { expectBadSearchRefused } from "../../support/search-route";
import { makeTenant, type TestAccount } from "../../support/factories";

/*
 * The Gateways list's Plan filter searches plans on the server (docs/screens.md#async-combobox):
 * the account's own plans, those shared with it and those of the accounts below it, by name,
 * at most 20, never another tenant's.
 */

const QSM = "quantum-spark-management";

async function makePlans(account: TestAccount, names: string[], sharedWith?: TestAccount) {
  const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
  await db.plan.createMany({ data: names.map((name) => ({ accountId: account.id, serviceId: service.id, name, sharedWithAccountId: sharedWith?.id ?? null })) });
}

/** An MSSP with plans of its own (one shared with its customer) and a child MSSP with one. */
async function planTenant(label: string) {
  const t = await makeTenant(label);
  await makePlans(t.mssp, ["Gold Gateways", "Silver Gateways", "50%_off", "50 and more"]);
  await makePlans(t.mssp, ["Shared Bronze"], t.customer);
  await makePlans(t.childMssp, ["Child Gold"]);
  return t;
}

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("searchPlanOptions", () => {
  it("matches the name ignoring case, in name order; an empty search lists the first by name", async () => {
    const t = await planTenant("plan-search");
    const search = (q: string) => searchPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, q });
    expect(names(await search("gold"))).toEqual(["Child Gold", "Gold Gateways"]);
    expect(names(await search("  SILVER "))).toEqual(["Silver Gateways"]);
    expect(names(await search(""))).toEqual(["50 and more", "50%_off", "Child Gold", "Gold Gateways", "Shared Bronze", "Silver Gateways"]);
    expect(await search("nothing like it")).toEqual([]);
    const [child] = await search("child");
    expect(child).toEqual({ id: expect.any(String), name: "Child Gold", ownerName: t.childMssp.name });
  });

  it("searches literally: % and _ are characters, text no row can hold matches nothing, an overlong search is refused", async () => {
    const t = await planTenant("plan-literal");
    const search = (q: string) => searchPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, q });
    expect(names(await search("%"))).toEqual(["50%_off"]);
    expect(names(await search("_"))).toEqual(["50%_off"]);
    expect(await search("\u0000")).toEqual([]);
    expect(await search("\uD800")).toEqual([]);
    await expectAppError(search("x".repeat(101)), "INVALID");
  });

  it("answers at most 20", async () => {
    const t = await makeTenant("plan-limit");
    await makePlans(t.mssp, Array.from({ length: 30 }, (_, index) => `Many ${String(index).padStart(2, "0")}`));
    const rows = await searchPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, q: "many" });
    expect(rows).toHaveLength(SEARCH_MATCH_LIMIT);
    expect(rows[0]?.name).toBe("Many 00");
    expect(rows.at(-1)?.name).toBe("Many 19");
  });

  it("answers the account's plans only: a customer sees the plan shared with it, never its MSSP's others", async () => {
    const t = await planTenant("plan-scope");
    expect(names(await searchPlanOptions(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, q: "" }))).toEqual(["Shared Bronze"]);
    // The MSSP's admin looking at the customer gets the same: the list filters the customer's gateways.
    expect(names(await searchPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, q: "" }))).toEqual(["Shared Bronze"]);
    expect(names(await searchPlanOptions(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, q: "" }))).toEqual(["Child Gold"]);
  });

  it("never answers another MSSP's plan; an account out of reach is not found", async () => {
    const mine = await planTenant("plan-mine");
    const other = await planTenant("plan-other");
    await makePlans(other.mssp, ["Gold Elsewhere"]);

    const rows = await searchPlanOptions(db, { actor: mine.msspAdmin.actor, accountId: mine.mssp.id, q: "gold" });
    expect(names(rows)).toEqual(["Child Gold", "Gold Gateways"]);
    const ownIds = new Set(
      (await db.plan.findMany({ where: { account: { path: { startsWith: mine.mssp.path } } }, select: { id: true } })).map((plan) => plan.id),
    );
    expect(rows.every((row) => ownIds.has(row.id))).toBe(true);

    await expectAppError(searchPlanOptions(db, { actor: mine.msspAdmin.actor, accountId: other.mssp.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchPlanOptions(db, { actor: mine.customerAdmin.actor, accountId: mine.mssp.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchPlanOptions(db, { actor: mine.msspAdmin.actor, accountId: "not-a-uuid", q: "" }), "NOT_FOUND");
    await expectAppError(searchPlanOptions(db, { actor: mine.msspAdmin.actor, accountId: randomUUID(), q: "" }), "NOT_FOUND");
  });
});

describe("getPlanOption", () => {
  it("names the URL's plan among the account's options; anything else is null", async () => {
    const mine = await planTenant("plan-option");
    const other = await planTenant("plan-option-other");
    const planId = async (account: TestAccount, name: string) => (await db.plan.findFirstOrThrow({ where: { accountId: account.id, name } })).id;
    const option = (account: TestAccount, id: string, actor = mine.msspAdmin.actor) => getPlanOption(db, { actor, account, planId: id });

    expect(await option(mine.mssp, await planId(mine.mssp, "Gold Gateways"))).toEqual({ id: expect.any(String), name: "Gold Gateways", ownerName: mine.mssp.name });
    expect((await option(mine.customer, await planId(mine.mssp, "Shared Bronze"), mine.customerAdmin.actor))?.name).toBe("Shared Bronze");
    expect(await option(mine.customer, await planId(mine.mssp, "Gold Gateways"), mine.customerAdmin.actor)).toBeNull();
    expect(await option(mine.mssp, await planId(other.mssp, "Gold Gateways"))).toBeNull();
    // Even with the other tenant's account passed as the page's: the caller's reach is in the query.
    expect(await option(other.mssp, await planId(other.mssp, "Gold Gateways"))).toBeNull();
    expect(await option(mine.mssp, "not-a-uuid")).toBeNull();
    expect(await option(mine.mssp, randomUUID())).toBeNull();
  });
});

describe("GET /a/<account>/plans/search", () => {
  const call = (accountId: string, query: string) =>
    searchRoute(new Request(`http://portal.test/a/${accountId}/plans/search?${query}`), { params: Promise.resolve({ accountId }) });

  it("answers the matches as JSON, names q when it is refused, and never 500s", async () => {
    const t = await planTenant("plan-route");
    signedIn = t.msspViewer.actor;

    const ok = await call(t.mssp.id, "q=gold");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    const body = (await ok.json()) as { plans: { name: string; ownerName: string }[] };
    expect(body.plans.map((plan) => plan.name)).toEqual(["Child Gold", "Gold Gateways"]);

    expect((await call(t.mssp.id, "")).status).toBe(200);
    expect(((await (await call(t.mssp.id, "q=%25")).json()) as typeof body).plans.map((plan) => plan.name)).toEqual(["50%_off"]);
    expect(((await (await call(t.mssp.id, "q=%00")).json()) as typeof body).plans).toEqual([]);

    await expectBadSearchRefused((query) => call(t.mssp.id, query));

    const other = await planTenant("plan-route-other");
    expect((await call(other.mssp.id, "q=")).status).toBe(404);
    expect((await call("not-a-uuid", "q=")).status).toBe(404);

    signedIn = null;
    expect((await call(t.mssp.id, "q=gold")).status).toBe(401);
  });
});
