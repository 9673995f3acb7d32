import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { GET as searchRoute } from "@/app/(portal)/a/[accountId]/end-users/search/route";
import { db } from "@/server/db";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createGroup } from "@/server/end-users/create-group";
import { getGroup } from "@/server/end-users/list-groups";
import { searchEndUsers } from "@/server/end-users/search-end-users";
import { makeTenant } from "../../support/factories";

/*
 * A group's detail pages its members (docs/lists.md) and its "Add member" searches the
 * end users not in the group on the server.
 */
async function groupOf(label: string, size: number, members: number) {
  const t = await makeTenant(label);
  await db.endUser.createMany({
    data: Array.from({ length: size }, (_, i) => ({ accountId: t.customer.id, externalId: `m-${String(i).padStart(3, "0")}`, name: i % 2 ? "Same Name" : `User ${String(i).padStart(3, "0")}` })),
  });
  const users = await db.endUser.findMany({ where: { accountId: t.customer.id }, orderBy: { externalId: "asc" } });
  const group = await createGroup(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { name: "Everyone", description: "" } });
  await addGroupMembers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, groupId: group.id, endUserIds: users.slice(0, members).map((u) => u.id) });
  return { t, group, users };
}

describe("group detail", () => {
  it("pages the members by name, external id, id: each member once, with a total", async () => {
    const { t, group } = await groupOf("grp-paging", 25, 23);
    const seen: string[] = [];
    let page = (await getGroup(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, groupId: group.id, pageSize: 10 })).members;
    expect(page.total).toBe(23);
    for (;;) {
      seen.push(...page.rows.map((m) => m.externalId));
      if (!page.next) break;
      page = (await getGroup(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, groupId: group.id, pageSize: 10, page: { kind: "after", cursor: page.next } })).members;
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const last = (await getGroup(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, groupId: group.id, pageSize: 10, page: { kind: "last" } })).members;
    expect(last.rows.map((m) => m.externalId)).toEqual(seen.slice(-10));
  });

  it("Add member's search leaves the group's members out; a bad group id is a 400, never a 500", async () => {
    const { t, group, users } = await groupOf("grp-search", 5, 3);
    const outside = await searchEndUsers(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, q: "", notInGroupId: group.id });
    expect(outside.map((u) => u.id).sort()).toEqual(users.slice(3).map((u) => u.id).sort());

    signedIn = t.customerAdmin.actor;
    const call = (query: string) =>
      searchRoute(new Request(`http://portal.test/a/${t.customer.id}/end-users/search?${query}`), { params: Promise.resolve({ accountId: t.customer.id }) });
    const ok = await call(`q=&notInGroup=${group.id}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { endUsers: unknown[] }).endUsers).toHaveLength(2);
    for (const bad of ["notInGroup=nope", `notInGroup=${group.id}&notInGroup=${group.id}`]) expect((await call(bad)).status, bad).toBe(400);
    signedIn = null;
  });
});
