import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listChildAccounts, type ChildAccountFilters } from "@/server/accounts/list-child-accounts";
import { listReachableAccounts } from "@/server/accounts/list-reachable-accounts";
import { listSwitcherAccounts, searchSwitcherAccounts, SWITCHER_CHILDREN_LIMIT } from "@/server/accounts/list-switcher-accounts";
import { makeAccount, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const base: ChildAccountFilters = { sort: "name", dir: "asc", pageSize: 10 };

describe("Manage Accounts list", () => {
  it("searches, filters by kind and status, sorts and paginates the direct children", async () => {
    const t = await makeTenant();
    for (let i = 0; i < 12; i += 1) {
      await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `Zeta ${String(i).padStart(2, "0")}`, status: i % 4 === 0 ? "INACTIVE" : "ACTIVE" });
    }
    const actor = t.msspAdmin.actor;

    const all = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: base });
    expect(all.total).toBe(14); // 12 + the tenant's customer and MSSP child
    expect(all.rows).toHaveLength(10);
    expect(all.next).not.toBeNull();
    // The grandchild is not a direct child.
    expect(all.rows.some((row) => row.id === t.grandCustomer.id)).toBe(false);

    const second = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { ...base, page: { kind: "after", cursor: all.next! } } });
    expect(second.rows).toHaveLength(4);

    const search = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { ...base, q: "zeta 1" } });
    expect(search.rows.map((r) => r.name)).toEqual(["Zeta 10", "Zeta 11"]);

    const inactive = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { ...base, status: "INACTIVE" } });
    expect(inactive.rows.map((r) => r.name)).toEqual(["Zeta 00", "Zeta 04", "Zeta 08"]);

    const mssps = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { ...base, kind: "MSSP" } });
    expect(mssps.rows.map((r) => r.id)).toEqual([t.childMssp.id]);
    expect(mssps.rows[0]!.childCount).toBe(1);

    const desc = await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { ...base, q: "zeta", dir: "desc" } });
    expect(desc.rows[0]!.name).toBe("Zeta 11");
  });

  it("a billing user may read the list; an out-of-reach account is not found", async () => {
    const t = await makeTenant();
    const page = await listChildAccounts(db, { actor: t.msspBilling.actor, accountId: t.mssp.id, filters: base });
    expect(page.total).toBe(2);
    await expectAppError(listChildAccounts(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, filters: base }), "NOT_FOUND");
  });
});

describe("account switcher", () => {
  it("lists every reachable account in tree order, and nothing above or beside", async () => {
    const t = await makeTenant();
    const entries = await listReachableAccounts(db, t.msspAdmin.actor);
    expect(entries.map((e) => [e.id, e.level])).toEqual([
      [t.mssp.id, 0],
      ...[
        [t.childMssp.id, t.childMssp.name],
        [t.customer.id, t.customer.name],
      ]
        .sort((a, b) => a[1]!.localeCompare(b[1]!))
        .flatMap(([id]) => (id === t.childMssp.id ? [[id, 1], [t.grandCustomer.id, 2]] : [[id, 1]])),
    ]);
    const customerView = await listReachableAccounts(db, t.customerAdmin.actor);
    expect(customerView.map((e) => e.id)).toEqual([t.customer.id]);
  });
});

describe("account switcher, bounded (docs/accounts-and-roles.md#account-switcher)", () => {
  it("lists the top account, the chain to the viewed account and the first children, never all", async () => {
    const t = await makeTenant();
    for (let i = 0; i < SWITCHER_CHILDREN_LIMIT + 5; i += 1) {
      await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.mssp.name} Bulk ${String(i).padStart(2, "0")}` });
    }
    const actor = t.msspAdmin.actor;

    const atTop = await listSwitcherAccounts(db, actor, t.mssp);
    expect(atTop.more).toBe(true);
    expect(atTop.entries[0]).toMatchObject({ id: t.mssp.id, level: 0 });
    expect(atTop.entries.filter((e) => e.level === 1)).toHaveLength(SWITCHER_CHILDREN_LIMIT);
    expect(atTop.entries.some((e) => e.id === t.grandCustomer.id)).toBe(false);

    // On the grandchild: its chain is listed even when its parent is not among the first children.
    const deep = await listSwitcherAccounts(db, actor, t.grandCustomer);
    const levels = new Map(deep.entries.map((e) => [e.id, e.level]));
    expect(levels.get(t.mssp.id)).toBe(0);
    expect(levels.get(t.childMssp.id)).toBe(1);
    expect(levels.get(t.grandCustomer.id)).toBe(2);
    expect(levels.has(t.distributor.id)).toBe(false); // above the membership: out of reach

    const customerView = await listSwitcherAccounts(db, t.customerAdmin.actor, t.customer);
    expect(customerView).toEqual({ entries: [expect.objectContaining({ id: t.customer.id, level: 0 })], more: false });
  });

  it("searches every reachable account literally, capped, and only in reach", async () => {
    const t = await makeTenant();
    for (let i = 0; i < 25; i += 1) await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.mssp.name} Find ${i}` });
    const actor = t.msspAdmin.actor;

    const grand = await searchSwitcherAccounts(db, { actor, accountId: t.mssp.id, q: t.grandCustomer.name.toUpperCase() });
    expect(grand.map((e) => e.id)).toEqual([t.grandCustomer.id]);
    expect(await searchSwitcherAccounts(db, { actor, accountId: t.mssp.id, q: `${t.mssp.name} Find` })).toHaveLength(20);
    // LIKE metacharacters are literal.
    expect(await searchSwitcherAccounts(db, { actor, accountId: t.mssp.id, q: "%" })).toEqual([]);
    // Out of reach: nothing above the membership, and another's account id is not found.
    expect(await searchSwitcherAccounts(db, { actor, accountId: t.mssp.id, q: t.distributor.name })).toEqual([]);
    await expectAppError(searchSwitcherAccounts(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, q: "x" }), "NOT_FOUND");
    await expectAppError(searchSwitcherAccounts(db, { actor, accountId: t.mssp.id, q: "x".repeat(101) }), "INVALID");
  });
});
