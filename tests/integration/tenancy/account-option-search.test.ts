import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { GET as childrenRoute } from "@/app/(portal)/a/[accountId]/accounts/children/search/route";
import { GET as ownersRoute } from "@/app/(portal)/a/[accountId]/accounts/owners/search/route";
import { SEARCH_MATCH_LIMIT } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchChildAccounts } from "@/server/accounts/search-child-accounts";
import { searchOwnerAccounts } from "@/server/accounts/search-owner-accounts";
import { expectAppError } from "../../support/expect-app-error";
import { expectBadSearchRefused } from "../../support/search-route";
import { actorFor, makeAccount, makeTenant, makeUser } from "../../support/factories";

/*
 * Form fields that choose an account among many are server-searched comboboxes
 * (docs/screens.md#async-combobox): the gateway's "Owning account" and a new location's
 * "Organization" search the accounts that may own them; a plan's "Shared with child account"
 * and a pool's "Client account" search the account's children. Never another tenant's account.
 */

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("searchOwnerAccounts", () => {
  it("offers the account and those below it, nearest first, never a distributor, by name", async () => {
    const t = await makeTenant("owners");
    const search = (accountId: string, q = "", actor = t.msspAdmin.actor) => searchOwnerAccounts(db, { actor, accountId, q });
    expect(names(await search(t.mssp.id))).toEqual([t.mssp.name, ...[t.childMssp.name, t.customer.name].sort(), t.grandCustomer.name]);
    expect(names(await search(t.childMssp.id))).toEqual([t.childMssp.name, t.grandCustomer.name]);
    expect(names(await search(t.distributor.id, "", t.distributorAdmin.actor))).not.toContain(t.distributor.name);
    expect(names(await search(t.mssp.id, "GRAND"))).toEqual([t.grandCustomer.name]);
    expect(await search(t.mssp.id, "%")).toEqual([]);
    const [own] = await search(t.mssp.id, t.mssp.name);
    expect(own).toEqual({ id: t.mssp.id, name: t.mssp.name, kind: "MSSP" });
    await expectAppError(search(t.mssp.id, "x".repeat(101)), "INVALID");
  });

  it("offers only accounts where the caller is an admin, as registering a gateway or a location requires", async () => {
    const t = await makeTenant("owners-role");
    expect(await searchOwnerAccounts(db, { actor: t.msspViewer.actor, accountId: t.mssp.id, q: "" })).toEqual([]);
    // A viewer of the MSSP who is an admin of one customer may give that customer a gateway, and only that one.
    const { user } = await makeUser({ account: t.mssp, role: "VIEWER" });
    await db.membership.create({ data: { accountId: t.customer.id, userId: user.id, role: "ADMIN" } });
    expect(names(await searchOwnerAccounts(db, { actor: await actorFor(user.id), accountId: t.mssp.id, q: "" }))).toEqual([t.customer.name]);
  });

  it("answers at most 20", async () => {
    const t = await makeTenant("owners-limit");
    for (let index = 0; index < SEARCH_MATCH_LIMIT + 5; index++) await makeAccount({ kind: "CUSTOMER", parent: t.childMssp, name: `Many ${String(index).padStart(2, "0")} ${randomUUID().slice(0, 4)}` });
    const rows = await searchOwnerAccounts(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, q: "many" });
    expect(rows).toHaveLength(SEARCH_MATCH_LIMIT);
    expect(rows[0]?.name).toMatch(/^Many 00/);
  });

  it("never answers another tenant's account; an account out of reach is not found", async () => {
    const mine = await makeTenant("owners-mine");
    const other = await makeTenant("owners-other");
    const rows = await searchOwnerAccounts(db, { actor: mine.msspAdmin.actor, accountId: mine.mssp.id, q: "owners" });
    expect(rows.every((row) => [mine.mssp, mine.customer, mine.childMssp, mine.grandCustomer].some((account) => account.id === row.id))).toBe(true);
    await expectAppError(searchOwnerAccounts(db, { actor: mine.msspAdmin.actor, accountId: other.mssp.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchOwnerAccounts(db, { actor: mine.customerAdmin.actor, accountId: mine.mssp.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchOwnerAccounts(db, { actor: mine.msspAdmin.actor, accountId: "not-a-uuid", q: "" }), "NOT_FOUND");
  });
});

describe("searchChildAccounts", () => {
  it("offers the direct children only; `live` leaves inactive ones out, as assigning pool licences does", async () => {
    const t = await makeTenant("children");
    const asleep = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `Asleep ${randomUUID().slice(0, 6)}`, status: "INACTIVE" });
    const search = (live?: boolean) => searchChildAccounts(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, q: "", live });
    expect(names(await search())).toEqual([asleep.name, t.childMssp.name, t.customer.name].sort());
    expect(names(await search(true))).toEqual([t.childMssp.name, t.customer.name].sort());
    expect(names(await searchChildAccounts(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, q: "CHILD-MSSP" }))).toEqual([t.childMssp.name]);
  });

  it("never answers another tenant's children; a parent out of reach is not found", async () => {
    const mine = await makeTenant("children-mine");
    const other = await makeTenant("children-other");
    await expectAppError(searchChildAccounts(db, { actor: mine.msspAdmin.actor, parentId: other.mssp.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchChildAccounts(db, { actor: mine.customerAdmin.actor, parentId: mine.mssp.id, q: "" }), "NOT_FOUND");
    const rows = await searchChildAccounts(db, { actor: mine.distributorAdmin.actor, parentId: mine.distributor.id, q: "" });
    expect(names(rows)).toEqual([mine.mssp.name]);
  });
});

describe("GET /a/<account>/accounts/owners/search and …/children/search", () => {
  const owners = (accountId: string, query: string) =>
    ownersRoute(new Request(`http://portal.test/a/${accountId}/accounts/owners/search?${query}`), { params: Promise.resolve({ accountId }) });
  const children = (accountId: string, query: string) =>
    childrenRoute(new Request(`http://portal.test/a/${accountId}/accounts/children/search?${query}`), { params: Promise.resolve({ accountId }) });

  it("answer the matches as JSON, name a bad parameter in a 400, and never 500", async () => {
    const t = await makeTenant("account-routes");
    const other = await makeTenant("account-routes-other");
    signedIn = t.msspAdmin.actor;

    const ok = await owners(t.mssp.id, `q=${encodeURIComponent(t.grandCustomer.name)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    expect(await ok.json()).toEqual({ accounts: [{ id: t.grandCustomer.id, name: t.grandCustomer.name, kind: "CUSTOMER" }] });
    const kids = (await (await children(t.mssp.id, "live=1")).json()) as { accounts: { id: string }[] };
    expect(kids.accounts.map((account) => account.id).sort()).toEqual([t.customer.id, t.childMssp.id].sort());

    await expectBadSearchRefused((query) => owners(t.mssp.id, query));
    await expectBadSearchRefused((query) => children(t.mssp.id, query));
    for (const bad of ["live=yes", "live=1&live=1"]) {
      const refused = await children(t.mssp.id, bad);
      expect(refused.status, bad).toBe(400);
      expect(Object.keys(((await refused.json()) as { error: { fields: object } }).error.fields)).toEqual(["live"]);
    }

    expect((await owners(other.mssp.id, "q=")).status).toBe(404);
    expect((await children(other.mssp.id, "q=")).status).toBe(404);
    expect((await children("not-a-uuid", "q=")).status).toBe(404);

    signedIn = null;
    expect((await owners(t.mssp.id, "q=")).status).toBe(401);
  });
});
