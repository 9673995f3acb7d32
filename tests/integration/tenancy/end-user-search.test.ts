import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { GET as searchRoute } from "@/app/(portal)/a/[accountId]/end-users/search/route";
import { SEARCH_MATCH_LIMIT } from "@/lib/search-text";
import { db } from "@/server/db";
import { searchEndUsers } from "@/server/end-users/search-end-users";
import { expectAppError } from "../../support/expect-app-error";
import { expectBadSearchRefused } from "../../support/search-route";
import { makeTenant } from "../../support/factories";

/*
 * The pairing combobox's search (docs/end-users-and-devices.md#pairing-search):
 * end users of one account only, in name order, at most 20, matched literally.
 */

async function searchTenant(label: string) {
  const t = await makeTenant(label);
  const users = [
    { externalId: "u-alice", name: "Alice Martin" },
    { externalId: "u-bob", name: "Bob Alison" },
    { externalId: "u-carol", name: "Carol Smith" },
    { externalId: "dev%1", name: "Percent Person" },
    { externalId: "dev_2", name: "Underscore Person" },
    { externalId: "dev-3", name: "Dash Person" },
  ];
  await db.endUser.createMany({ data: users.map((user) => ({ accountId: t.customer.id, ...user })) });
  return t;
}

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("searchEndUsers", () => {
  it("matches name or external id, ignoring case, in name order; an empty search lists the first by name", async () => {
    const t = await searchTenant("eu-search");
    const search = (q: string) => searchEndUsers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, q });
    expect(names(await search("ali"))).toEqual(["Alice Martin", "Bob Alison"]);
    expect(names(await search("  U-CAROL "))).toEqual(["Carol Smith"]);
    expect(names(await search(""))).toEqual(["Alice Martin", "Bob Alison", "Carol Smith", "Dash Person", "Percent Person", "Underscore Person"]);
    expect(await search("nobody")).toEqual([]);
    const [first] = await search("alice");
    expect(first).toEqual({ id: expect.any(String), name: "Alice Martin", externalId: "u-alice" });
  });

  it("searches literally: % and _ are characters, text no row can hold matches nothing", async () => {
    const t = await searchTenant("eu-literal");
    const search = (q: string) => searchEndUsers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, q });
    expect(names(await search("%"))).toEqual(["Percent Person"]);
    expect(names(await search("v_"))).toEqual(["Underscore Person"]);
    expect(await search("\u0000")).toEqual([]);
    expect(await search("\uD800")).toEqual([]);
    await expectAppError(search("x".repeat(101)), "INVALID");
  });

  it("answers at most 20", async () => {
    const t = await makeTenant("eu-limit");
    await db.endUser.createMany({
      data: Array.from({ length: 30 }, (_, index) => ({ accountId: t.customer.id, externalId: `many-${index}`, name: `Many ${String(index).padStart(2, "0")}` })),
    });
    const rows = await searchEndUsers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, q: "many" });
    expect(rows).toHaveLength(SEARCH_MATCH_LIMIT);
    expect(rows[0]?.name).toBe("Many 00");
    expect(rows.at(-1)?.name).toBe("Many 19");
  });

  it("never answers another tenant's end users; an account out of reach is not found", async () => {
    const mine = await searchTenant("eu-mine");
    const other = await searchTenant("eu-other");
    // Another customer under the same MSSP: reachable for the MSSP, not for this customer's admin.
    await db.endUser.create({ data: { accountId: mine.grandCustomer.id, externalId: "u-alice", name: "Alice Elsewhere" } });

    const rows = await searchEndUsers(db, { actor: mine.msspAdmin.actor, accountId: mine.customer.id, q: "alice" });
    expect(names(rows)).toEqual(["Alice Martin"]);
    const ownIds = new Set((await db.endUser.findMany({ where: { accountId: mine.customer.id }, select: { id: true } })).map((user) => user.id));
    expect(rows.every((row) => ownIds.has(row.id))).toBe(true);

    await expectAppError(searchEndUsers(db, { actor: mine.customerAdmin.actor, accountId: other.customer.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchEndUsers(db, { actor: mine.customerAdmin.actor, accountId: mine.grandCustomer.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchEndUsers(db, { actor: mine.customerAdmin.actor, accountId: "not-a-uuid", q: "" }), "NOT_FOUND");
    await expectAppError(searchEndUsers(db, { actor: mine.customerAdmin.actor, accountId: randomUUID(), q: "" }), "NOT_FOUND");
  });
});

describe("GET /a/<account>/end-users/search", () => {
  const call = (accountId: string, query: string) =>
    searchRoute(new Request(`http://portal.test/a/${accountId}/end-users/search?${query}`), { params: Promise.resolve({ accountId }) });

  it("answers the matches as JSON, names q when it is refused, and never 500s", async () => {
    const t = await searchTenant("eu-route");
    signedIn = t.msspViewer.actor;

    const ok = await call(t.customer.id, "q=ali");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { endUsers: { name: string; externalId: string }[] };
    expect(body.endUsers.map((user) => user.name)).toEqual(["Alice Martin", "Bob Alison"]);

    expect((await call(t.customer.id, "")).status).toBe(200);
    expect(((await (await call(t.customer.id, "q=%25")).json()) as typeof body).endUsers.map((user) => user.externalId)).toEqual(["dev%1"]);
    expect(((await (await call(t.customer.id, "q=%00")).json()) as typeof body).endUsers).toEqual([]);

    await expectBadSearchRefused((query) => call(t.customer.id, query));

    const other = await makeTenant("eu-route-other");
    expect((await call(other.customer.id, "q=")).status).toBe(404);
    expect((await call("not-a-uuid", "q=")).status).toBe(404);

    signedIn = null;
    expect((await call(t.customer.id, "q=ali")).status).toBe(401);
  });
});
