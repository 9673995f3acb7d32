import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { buyLicenceBlock, previewLicenceBlock } from "@/server/pools/buy-licence-block";
import { getAnnualPools } from "@/server/pools/get-annual-pools";
import { getReconciliation, recoverIdleLicences } from "@/server/pools/get-reconciliation";
import { recoverLicences } from "@/server/pools/recover-licences";
import { loadAssignmentUsage } from "@/server/pools/annual-usage";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { makeAccount, makeActor, makeTenant, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { AD360, activity, buyBlock, givePriceList } from "../../support/pool-factories";

const at = (instant: string) => new Date(instant);

describe("annual pools: blocks and volume discounts", () => {
  it("prices a block by the tier of its size, shows it before confirming, and adds it to the pool", async () => {
    const t = await makeTenant("blocks");
    await givePriceList(t);
    const preview = await previewLicenceBlock(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, years: 3, quantity: 60 } });
    expect(preview.quote).toMatchObject({ tierMinQuantity: 50, unitPriceCents: 2700, totalCents: 60n * 2700n * 3n });
    expect(await db.annualPool.count({ where: { accountId: t.mssp.id } })).toBe(0); // a preview writes nothing

    const bought = await buyLicenceBlock(db, {
      actor: t.msspAdmin.actor,
      partnerId: t.mssp.id,
      input: { service: AD360, years: 3, quantity: 60, expectedTotalCents: 486_000 },
    });
    expect(bought.available).toBe(60);
    await buyBlock(t, { quantity: 10, years: 3 });
    const view = await getAnnualPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id });
    expect(view.pools.map((p) => ({ product: p.service.name, years: p.years, available: p.available }))).toEqual([
      { product: "Adaptive Defense 360", years: 3, available: 70 },
    ]);
    const orders = await db.poolOrder.findMany({ where: { accountId: t.mssp.id }, orderBy: { createdAt: "asc" } });
    expect(orders.map((o) => [o.quantity, o.unitPriceCents, o.totalCents])).toEqual([[60, 2700, 486_000n], [10, 3000, 90_000n]]);
    expect(await db.auditEvent.count({ where: { accountId: t.mssp.id, action: "pool.block_bought" } })).toBe(2);
  });

  it("refuses a price that changed since the preview, a block below the smallest tier, and a product without a price list", async () => {
    const t = await makeTenant("blocks-refused");
    await expectAppError(
      previewLicenceBlock(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, years: 1, quantity: 10 } }),
      "RULE_VIOLATION",
      "NO_PRICE_LIST",
    );
    await givePriceList(t);
    await expectAppError(
      buyLicenceBlock(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, years: 1, quantity: 9, expectedTotalCents: 27_000 } }),
      "RULE_VIOLATION",
      "BELOW_MINIMUM_BLOCK",
    );
    await expectAppError(
      buyLicenceBlock(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: AD360, years: 1, quantity: 10, expectedTotalCents: 1 } }),
      "CONFLICT",
      "PRICE_CHANGED",
    );
    await expectAppError(
      buyLicenceBlock(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, input: { service: "guest-wifi", years: 1, quantity: 10, expectedTotalCents: 0 } }),
      "INVALID",
    );
    // Viewers and billing users read; they do not buy.
    await expectAppError(buyBlock({ ...t, msspAdmin: t.msspViewer }, { quantity: 10 }), "FORBIDDEN");
    expect(await db.annualPool.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });
});

describe("annual pools: trial licences", () => {
  it("a pool allows trial licences only when its product is sold as a trial in the catalogue", async () => {
    const t = await makeTenant("pool-trials");
    const noTrial = await db.service.create({
      data: { code: unique("no-trial"), name: unique("No Trial Product"), unit: "DEVICE", contractTypes: ["SUBSCRIPTION", "NFR"], pointsPerLicence: 2 },
    });
    await givePriceList(t);
    await givePriceList(t, noTrial.code);
    const withTrial = await buyBlock(t, { quantity: 10 });
    const without = await buyBlock(t, { quantity: 10, service: noTrial.code });
    const flags = async () =>
      Object.fromEntries((await db.annualPool.findMany({ where: { accountId: t.mssp.id } })).map((pool) => [pool.id, pool.trialLicencesAllowed]));
    expect((await db.service.findUniqueOrThrow({ where: { code: AD360 } })).contractTypes).toContain("TRIAL");
    expect(await flags()).toEqual({ [withTrial.poolId]: true, [without.poolId]: false });
    // The catalogue changes: the next block brings the pool in line.
    await db.service.update({ where: { id: noTrial.id }, data: { contractTypes: ["SUBSCRIPTION", "TRIAL"] } });
    await buyBlock(t, { quantity: 10, service: noTrial.code });
    expect(await flags()).toEqual({ [withTrial.poolId]: true, [without.poolId]: true });
  });
});

describe("annual pools: assignment", () => {
  it("starts the term on the assignment day in the client's timezone and ends it 1, 2 or 3 years later", async () => {
    const t = await makeTenant("assign");
    const tokyo = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Asia/Tokyo" });
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 20, years: 2 });
    // 23:30 UTC on 28 Feb 2027 is already 1 March in Tokyo.
    const assignment = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: tokyo.id, quantity: 5, now: at("2027-02-28T23:30:00Z") });
    expect([dbDateToIso(assignment.startsOn), dbDateToIso(assignment.endsOn)]).toEqual(["2027-03-01", "2029-02-28"]);
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(15);
    // The client sees its licences; its audit log has the assignment.
    const tokyoAdmin = await makeActor(tokyo);
    const client = await getClientPoolLicences(db, { actor: tokyoAdmin.actor, accountId: tokyo.id, now: at("2027-03-05T00:00:00Z") });
    expect(client.annual).toMatchObject([{ product: "Adaptive Defense 360", years: 2, quantity: 5, current: true }]);
    expect(await db.auditEvent.count({ where: { accountId: tokyo.id, action: "pool.licences_assigned" } })).toBe(1);
  });

  it("never over-assigns: two concurrent assignments of the last licences give one success and one clear conflict", async () => {
    const t = await makeTenant("race");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 10 });
    await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 4 });
    const attempt = () => assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 6 });
    const results = await Promise.allSettled([attempt(), attempt()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [failure] = results.filter((r) => r.status === "rejected");
    const error = (failure as PromiseRejectedResult).reason as { code: string; reason: string; message: string };
    expect([error.code, error.reason]).toEqual(["CONFLICT", "POOL_EXHAUSTED"]);
    expect(error.message).toMatch(/Only 0 licence\(s\) of Adaptive Defense 360 \(1 year\) are left/);
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(0);
    const assigned = await db.poolAssignment.aggregate({ where: { poolId }, _sum: { quantity: true } });
    expect(assigned._sum.quantity).toBe(10);
  });

  it("assigns only to the partner's own clients, and not more than the pool holds", async () => {
    const t = await makeTenant("assign-bounds");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 10 });
    const inactive = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, status: "INACTIVE" });
    await expectAppError(assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 11 }), "CONFLICT", "POOL_EXHAUSTED");
    // A grandchild belongs to the child MSSP, not to this partner.
    await expectAppError(assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.grandCustomer.id, quantity: 1 }), "INVALID");
    await expectAppError(assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: inactive.id, quantity: 1 }), "RULE_VIOLATION", "CLIENT_INACTIVE");
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(10);
  });
});

describe("annual pools: recovery", () => {
  it("recovers at most assigned − the busiest day of the term so far, totally or partially, back into the pool", async () => {
    const t = await makeTenant("recover");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 20 });
    const assignment = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 12, now: at("2026-03-01T10:00:00Z") });
    // 7 endpoints active on 3 March, 4 on 10 March; gateways and activity before the term do not count.
    await activity(t.customer.id, ["2026-03-03"], 7);
    await activity(t.customer.id, ["2026-03-10"], 4);
    await activity(t.customer.id, ["2026-02-20"], 11);
    await activity(t.customer.id, ["2026-03-04"], 9, "GATEWAY");
    const now = at("2026-03-15T12:00:00Z");

    const view = await getAnnualPools(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now });
    expect(view.assignments.rows[0]!.usage).toMatchObject({ maxActive: 7, recoverable: 5, inTerm: true });

    const tooMany = await expectAppError(recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 6, now }), "INVALID", "RECOVERY_ABOVE_UNUSED");
    expect(tooMany.message).toBe("At most 5 licence(s) can be recovered: 7 device(s) were active on the busiest day of the term.");
    expect(await recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 2, now })).toEqual({ recovered: 2, remaining: 10 });
    expect(await recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 3, now })).toEqual({ recovered: 3, remaining: 7 });
    await expectAppError(recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 1, now }), "INVALID", "RECOVERY_ABOVE_UNUSED");
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(8 + 5);
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "pool.licences_recovered" } })).toBe(2);

    // Recovered licences can be assigned again.
    await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 13, now });
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(0);
  });

  it("an unused client gives everything back in one click from the reconciliation view", async () => {
    const t = await makeTenant("idle");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 30 });
    const now = at("2026-06-20T12:00:00Z");
    await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 10, now: at("2026-06-01T12:00:00Z") });
    await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 5, now: at("2026-06-10T12:00:00Z") });
    await activity(t.customer.id, ["2026-06-05", "2026-06-20"], 6);

    const before = await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now });
    expect(before.rows).toMatchObject([{ clientName: t.customer.name, product: "Adaptive Defense 360", assigned: 15, activeToday: 6, maxActiveThisMonth: 6, idle: 9 }]);
    const serviceId = before.rows[0]!.serviceId;
    expect(await recoverIdleLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, clientAccountId: t.customer.id, serviceId, now })).toBe(9);
    const after = await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now });
    expect(after.rows).toMatchObject([{ assigned: 6, activeToday: 6, idle: 0 }]);
    await expectAppError(recoverIdleLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, clientAccountId: t.customer.id, serviceId, now }), "RULE_VIOLATION", "NOTHING_TO_RECOVER");
    expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(15 + 9);
  });

  it("a page of the reconciliation is measured alone and equals that page of the whole list", async () => {
    const t = await makeTenant("recon-pages");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 60 });
    const now = at("2026-06-20T12:00:00Z");
    const clients = [t.customer];
    for (const name of ["Delta", "alpha", "Charlie", "bravo", "Echo", "Foxtrot"]) clients.push(await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: unique(name) }));
    for (const [index, client] of clients.entries()) {
      await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: client.id, quantity: 3 + index, now: at("2026-06-01T12:00:00Z") });
      if (index % 2 === 0) await activity(client.id, ["2026-06-05", "2026-06-20"], 1 + index);
    }
    const all = await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now });
    expect(all.rows).toHaveLength(7);
    expect(all.rows.some((row) => row.idle > 0 && row.activeToday > 0)).toBe(true);
    const paged = [];
    for (const requested of ["1", "2", "3"]) {
      const view = await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now, page: { requested, size: 3 } });
      expect(view.page).toMatchObject({ page: Number(requested), pages: 3, total: 7, first: Number(requested) * 3 - 2 });
      paged.push(...view.rows);
    }
    expect(paged).toEqual(all.rows);
    // Anything that is not a page number is the first page.
    expect((await getReconciliation(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, now, page: { requested: "9", size: 3 } })).rows).toEqual(all.rows.slice(0, 3));
  });

  it("two recoveries at once on two assignments of the same client and product never take back more than is unused", async () => {
    // A = 5 and B = 5 assigned, 6 devices on the busiest day: 4 are unused in all, not 4 per assignment.
    for (let round = 0; round < 3; round++) {
      const t = await makeTenant(`recover-race-${round}`);
      await givePriceList(t);
      const { poolId } = await buyBlock(t, { quantity: 10 });
      const assign = () => assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 5, now: at("2026-03-01T10:00:00Z") });
      const a = await assign();
      const b = await assign();
      await activity(t.customer.id, ["2026-03-03"], 6);
      const now = at("2026-03-15T12:00:00Z");
      const results = await Promise.allSettled(
        [a, b].map((assignment) => recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 4, now })),
      );
      const recovered = results.reduce((sum, r) => sum + (r.status === "fulfilled" ? r.value.recovered : 0), 0);
      expect(recovered).toBe(4);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "INVALID", reason: "RECOVERY_ABOVE_UNUSED" });
      const left = await db.poolAssignment.aggregate({ where: { clientAccountId: t.customer.id }, _sum: { quantity: true } });
      expect(left._sum.quantity).toBe(6);
      expect((await db.annualPool.findUniqueOrThrow({ where: { id: poolId } })).available).toBe(4);
    }
  });

  it("refuses recovery once the term has ended", async () => {
    const t = await makeTenant("ended");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 10 });
    const assignment = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: t.customer.id, quantity: 10, now: at("2024-05-01T12:00:00Z") });
    await expectAppError(
      recoverLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, assignmentId: assignment.id, quantity: 1, now: at("2025-05-01T12:00:00Z") }),
      "RULE_VIOLATION",
      "TERM_ENDED",
    );
  });
});

describe("annual pools: the Assigned licences list", () => {
  it("pages the assignments newest first (ties by id), each once, with the activity of the page's rows equal to the whole list's", async () => {
    const t = await makeTenant("assigned-pages");
    await givePriceList(t);
    const { poolId } = await buyBlock(t, { quantity: 60 });
    const clients = [t.customer];
    for (const name of ["Delta", "alpha", "Charlie", "bravo"]) clients.push(await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: unique(name) }));
    const made: string[] = [];
    for (const [index, client] of clients.entries()) {
      const assignment = await assignAnnualLicences(db, { actor: t.msspAdmin.actor, partnerId: t.mssp.id, poolId, clientAccountId: client.id, quantity: 4 + index, now: at("2026-06-01T12:00:00Z") });
      made.push(assignment.id);
      await activity(client.id, ["2026-06-05"], 1 + index);
    }
    // Two assignments in one instant: the id orders them, and paging neither skips nor repeats one.
    await db.poolAssignment.updateMany({ where: { id: { in: made.slice(1, 3) } }, data: { createdAt: new Date("2026-06-01T12:00:00.000Z") } });
    const now = at("2026-06-20T12:00:00Z");

    const expected = await db.poolAssignment.findMany({ where: { accountId: t.mssp.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    const whole = await loadAssignmentUsage(db, { assignmentIds: made, now });
    const seen: string[] = [];
    let view = await getAnnualPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pageSize: 2 });
    expect(view.assignments).toMatchObject({ total: 5, totalCapped: false, offset: 0, prev: null });
    for (;;) {
      expect(view.assignments.rows.length).toBeLessThanOrEqual(2);
      for (const row of view.assignments.rows) {
        seen.push(row.id);
        expect(row.usage).toEqual(whole.get(row.id));
      }
      if (!view.assignments.next) break;
      view = await getAnnualPools(db, { actor: t.msspViewer.actor, partnerId: t.mssp.id, now, pageSize: 2, page: { kind: "after", cursor: view.assignments.next } });
    }
    expect(seen).toEqual(expected.map((row) => row.id));
    expect(view.assignments.offset).toBe(4);
    // Another partner's assignments are never on the list, whatever the cursor.
    const other = await makeTenant("assigned-pages-other");
    const foreign = await getAnnualPools(db, { actor: other.msspAdmin.actor, partnerId: other.mssp.id, now, page: { kind: "after", cursor: view.assignments.prev! } });
    expect(foreign.assignments.rows).toEqual([]);
  });
});
