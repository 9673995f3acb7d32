import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { creditPoints } from "@/server/points/credit-points";
import { getPointsLedger, openPointsLedgerExport } from "@/server/points/list-points-ledger";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { buyLicenceBlock, previewLicenceBlock } from "@/server/pools/buy-licence-block";
import { getAnnualPools } from "@/server/pools/get-annual-pools";
import { getClientPoolLicences } from "@/server/pools/get-client-pool-licences";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { getReconciliation, recoverIdleLicences } from "@/server/pools/get-reconciliation";
import { assignMonthlyLicences, exchangePoints, setAutoExchange, setRenewalPriority } from "@/server/pools/monthly-pool";
import { listPriceTiers, removePriceTier, setPriceTier } from "@/server/pools/price-tiers";
import { recoverLicences } from "@/server/pools/recover-licences";
import { makeTenant, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { AD360, buyBlock, givePoints, givePriceList } from "../../support/pool-factories";

const MISSING = "00000000-0000-4000-8000-000000000000";

/** Everything of a tenant's pools and points an attack must leave as it was. */
async function snapshot(root: TestAccount) {
  const scope = { account: { path: { startsWith: root.path } } };
  const [tiers, pools, assignments, balances, entries, monthly, monthlyAssignments, audit] = await Promise.all([
    db.poolPriceTier.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.annualPool.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.poolAssignment.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.pointsBalance.findMany({ where: scope, orderBy: { accountId: "asc" } }),
    db.pointsEntry.count({ where: scope }),
    db.monthlyPool.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.monthlyAssignment.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: scope }),
  ]);
  return { tiers, pools, assignments, balances, entries, monthly, monthlyAssignments, audit };
}

async function refused(name: string, codes: ("NOT_FOUND" | "INVALID")[], attempt: () => Promise<unknown>) {
  const error = await attempt().then(
    () => null,
    (thrown: unknown) => thrown as { code?: string },
  );
  if (!error || !codes.includes(error.code as "NOT_FOUND")) throw new Error(`${name}: expected ${codes.join("/")} but got ${error ? error.code : "success"}`);
}

/**
 * Tenant A's users against tenant B's pools, points and clients, for every pools
 * and points action and read: "not found" (or a field error where a foreign id
 * is one field of a form), exactly as for an id that does not exist; nothing of
 * either tenant changes.
 */
describe("two tenants: licence pools and points", () => {
  it("a user of one tenant can neither see nor touch the other's", async () => {
    const a = await makeTenant("pa");
    const b = await makeTenant("pb");
    for (const t of [a, b]) {
      await givePriceList(t);
      await givePoints(t, 200);
    }
    const bBlock = await buyBlock(b, { quantity: 20 });
    const bAssignment = await assignAnnualLicences(db, { actor: b.msspAdmin.actor, partnerId: b.mssp.id, poolId: bBlock.poolId, clientAccountId: b.customer.id, quantity: 5 });
    const bExchange = await exchangePoints(db, { actor: b.msspAdmin.actor, partnerId: b.mssp.id, input: { service: AD360, devices: 5, target: "NEXT_RENEWAL", expectedPoints: 15 } });
    const bMonthly = await db.monthlyPool.update({ where: { id: bExchange.pool.id }, data: { availableDevices: 5 } });
    const bMonthlyAssignment = await assignMonthlyLicences(db, { actor: b.msspAdmin.actor, partnerId: b.mssp.id, poolId: bMonthly.id, clientAccountId: b.customer.id, devices: 2 });
    const bTier = (await listPriceTiers(db, { actor: b.distributorAdmin.actor, accountId: b.distributor.id }))[0]!;
    const bService = (await db.service.findUniqueOrThrow({ where: { code: AD360 } })).id;

    const aBlock = await buyBlock(a, { quantity: 10 });
    const aExchange = await exchangePoints(db, { actor: a.msspAdmin.actor, partnerId: a.mssp.id, input: { service: AD360, devices: 5, target: "NEXT_RENEWAL", expectedPoints: 15 } });

    const bBefore = await snapshot(b.distributor);
    const aBefore = await snapshot(a.distributor);

    const attackers: Actor[] = [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor, a.msspViewer.actor];
    for (const actor of attackers) {
      const as = (name: string) => `${name} as ${actor.email}`;
      // Reads of B's partner, client and distributor.
      for (const partnerId of [b.mssp.id, MISSING, "not-a-uuid"]) {
        await refused(as("annual pools"), ["NOT_FOUND"], () => getAnnualPools(db, { actor, partnerId }));
        await refused(as("monthly pools"), ["NOT_FOUND"], () => getMonthlyPools(db, { actor, partnerId }));
        await refused(as("reconciliation"), ["NOT_FOUND"], () => getReconciliation(db, { actor, partnerId }));
        await refused(as("points ledger"), ["NOT_FOUND"], () => getPointsLedger(db, { actor, partnerId, pageSize: 20 }));
        await refused(as("points export"), ["NOT_FOUND"], async () => {
          for await (const row of await openPointsLedgerExport(db, { actor, partnerId })) void row;
        });
        await refused(as("preview block"), ["NOT_FOUND"], () => previewLicenceBlock(db, { actor, partnerId, input: { service: AD360, years: 1, quantity: 10 } }));
        await refused(as("buy block"), ["NOT_FOUND"], () => buyLicenceBlock(db, { actor, partnerId, input: { service: AD360, years: 1, quantity: 10, expectedTotalCents: 30_000 } }));
        await refused(as("credit points"), ["NOT_FOUND"], () => creditPoints(db, { actor, partnerId, points: 10, reason: "Sneaky" }));
        await refused(as("exchange"), ["NOT_FOUND"], () => exchangePoints(db, { actor, partnerId, input: { service: AD360, devices: 1, target: "NEXT_RENEWAL", expectedPoints: 3 } }));
      }
      await refused(as("client licences"), ["NOT_FOUND"], () => getClientPoolLicences(db, { actor, accountId: b.customer.id }));
      await refused(as("price tiers"), ["NOT_FOUND"], () => listPriceTiers(db, { actor, accountId: b.distributor.id }));
      await refused(as("set price tier"), ["NOT_FOUND"], () => setPriceTier(db, { actor, accountId: b.distributor.id, service: AD360, minQuantity: 1, unitPriceCents: 1 }));
      await refused(as("remove price tier"), ["NOT_FOUND"], () => removePriceTier(db, { actor, tierId: bTier.id }));

      // B's objects through A's own partner, by A's admins (who may act there): still not found.
      if (actor !== a.msspAdmin.actor && actor !== a.distributorAdmin.actor) continue;
      const own = a.mssp.id;
      await refused(as("assign from B's pool"), ["NOT_FOUND"], () => assignAnnualLicences(db, { actor, partnerId: own, poolId: bBlock.poolId, clientAccountId: a.customer.id, quantity: 1 }));
      await refused(as("recover B's assignment"), ["NOT_FOUND"], () => recoverLicences(db, { actor, partnerId: own, assignmentId: bAssignment.id, quantity: 1 }));
      await refused(as("assign from B's monthly pool"), ["NOT_FOUND"], () => assignMonthlyLicences(db, { actor, partnerId: own, poolId: bMonthly.id, clientAccountId: a.customer.id, devices: 1 }));
      await refused(as("priority of B's client"), ["NOT_FOUND"], () => setRenewalPriority(db, { actor, partnerId: own, assignmentId: bMonthlyAssignment.id, priority: 1 }));
      await refused(as("auto exchange of B's pool"), ["NOT_FOUND"], () => setAutoExchange(db, { actor, partnerId: own, poolId: bMonthly.id, enabled: true }));
      await refused(as("recover B's idle licences"), ["NOT_FOUND"], () => recoverIdleLicences(db, { actor, partnerId: b.mssp.id, clientAccountId: b.customer.id, serviceId: bService }));
    }

    // A's admin assigning A's own licences to B's client: a field error, nothing written.
    await refused("assign to B's client", ["INVALID"], () => assignAnnualLicences(db, { actor: a.msspAdmin.actor, partnerId: a.mssp.id, poolId: aBlock.poolId, clientAccountId: b.customer.id, quantity: 1 }));
    await db.monthlyPool.update({ where: { id: aExchange.pool.id }, data: { availableDevices: 3 } });
    const aBefore2 = await snapshot(a.distributor);
    await refused("monthly assign to B's client", ["INVALID"], () => assignMonthlyLicences(db, { actor: a.msspAdmin.actor, partnerId: a.mssp.id, poolId: aExchange.pool.id, clientAccountId: b.customer.id, devices: 1 }));
    // Reach flows down only: A's customer admin cannot read its own partner's points.
    await expectAppError(getPointsLedger(db, { actor: a.customerAdmin.actor, partnerId: a.mssp.id, pageSize: 20 }), "NOT_FOUND");

    expect(await snapshot(b.distributor)).toEqual(bBefore);
    expect(await snapshot(a.distributor)).toEqual(aBefore2);
    expect(aBefore2.pools).toEqual(aBefore.pools);
  });
});
