import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listChildAccounts, type ChildAccountFilters } from "@/server/accounts/list-child-accounts";
import { listReachableAccounts } from "@/server/accounts/list-reachable-accounts";
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
