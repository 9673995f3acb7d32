import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The charges export is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { getUsageCharges } from "@/server/billing/usage-charges";
import { getRollupMoney } from "@/server/billing/rollup-money";
import { makeAccount, makeActor, makeTenant, type TestAccount } from "../../support/factories";
import { insertContract, QSM } from "../../support/contract-factories";
import { expectAppError } from "../../support/expect-app-error";

const NOW = new Date("2027-06-10T12:00:00Z");

async function meter(accountId: string, first: string, days: number, perDay: number) {
  const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
  await db.$executeRaw`
    INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
    SELECT ${accountId}::uuid, ${service.id}::uuid, d::date, ${perDay}, ${perDay}, true, true
    FROM generate_series(${first}::date, ${first}::date + ${days - 1}::int, interval '1 day') d`;
}

async function book(seller: TestAccount, currency: string, paygMinor: number) {
  await db.priceBook.create({
    data: {
      accountId: seller.id,
      name: `${currency} list`,
      currency,
      defaultKey: seller.id,
      createdBy: "test",
      prices: { create: [{ accountId: seller.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", fromMonth: isoDateToDb("2027-01-01"), unitPriceMinor: paygMinor, createdBy: "test" }] },
    },
  });
}

/** A statement as the statements job keeps it, with one line per (usage account, amount). */
async function statement(seller: TestAccount, buyer: TestAccount, status: "DRAFT" | "FINAL", currency: string, lines: [TestAccount, bigint][]) {
  const total = lines.reduce((sum, [, amount]) => sum + amount, 0n);
  await db.statement.create({
    data: {
      accountId: buyer.id,
      sellerAccountId: seller.id,
      month: isoDateToDb("2027-01-01"),
      status,
      number: status === "FINAL" ? `T-${buyer.id.slice(0, 8)}` : null,
      currency,
      priceBookName: "list",
      totalMinor: total,
      sellerName: seller.name,
      sellerAddress: "",
      buyerName: buyer.name,
      buyerAddress: "",
      computedAt: NOW,
      finalizedAt: status === "FINAL" ? NOW : null,
      lines: {
        create: lines.map(([account, amount], position) => ({
          accountId: buyer.id,
          version: status,
          position,
          serviceName: "Quantum Spark Management",
          usageAccountName: account.name,
          usageAccountId: account.id,
          sku: "QSM-MGMT-STD",
          description: "usage",
          quantityE4: 10000n,
          unit: "device-month",
          unitPriceMinor: amount,
          amountMinor: amount,
        })),
      },
    },
  });
}

describe("money on usage reports (docs/money.md#who-sees-money)", () => {
  it("prices an account's own usage at its seller's book, with the month-end forecast of PAYG lines", async () => {
    const t = await makeTenant("usage-charges");
    await book(t.mssp, "EUR", 1250);
    await book(t.distributor, "EUR", 900);
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2026-12-01", expiresOn: null });
    await meter(t.customer.id, "2027-01-01", 31, 11);
    const qsm = await db.service.findUniqueOrThrow({ where: { code: QSM } });

    const charges = await getUsageCharges(db, {
      actor: t.customerAdmin.actor,
      accountId: t.customer.id,
      month: "2027-01",
      now: NOW,
      forecastUnitsHundredths: new Map([[qsm.id, 1200]]),
    });
    // The customer pays its MSSP's EUR 12.50, never the distributor's EUR 9.00 the MSSP pays.
    expect(charges.seller?.id).toBe(t.mssp.id);
    expect(charges.book).toMatchObject({ name: "EUR list", currency: "EUR" });
    expect(charges.lines).toHaveLength(1);
    expect(charges.lines[0]).toMatchObject({ unitPriceMinor: 1250n, amountMinor: 13750n, forecastMinor: 15000n });
    expect(charges.totalMinor).toBe(13750n);
    expect(charges.forecastTotalMinor).toBe(15000n);

    // The MSSP's own report is priced at the distributor's book for it.
    const own = await getUsageCharges(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, month: "2027-01", now: NOW, forecastUnitsHundredths: null });
    expect(own.seller?.id).toBe(t.distributor.id);
    expect(own.lines).toHaveLength(0);

    // Another tenant's admin: not found.
    const other = await makeTenant("usage-charges-other");
    await expectAppError(getUsageCharges(db, { actor: other.customerAdmin.actor, accountId: t.customer.id, month: "2027-01", now: NOW, forecastUnitsHundredths: null }), "NOT_FOUND");

    // The charges CSV says the same, at the MSSP's price; another tenant, or the customer naming its MSSP, gets 404.
    const chargesCsv = async (actor: Actor, accountId: string) => {
      signedIn = actor;
      return usageExport(new Request(`http://portal.test/a/${accountId}/usage/export?format=csv&charges=1&month=2027-01`), { params: Promise.resolve({ accountId }) });
    };
    const response = await chargesCsv(t.customerAdmin.actor, t.customer.id);
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain("QSM-MGMT-STD");
    expect(csv).toMatch(/11\.0000,device-month,EUR,12\.50,137\.50/);
    expect(csv).not.toContain("9.00");
    expect((await chargesCsv(other.customerAdmin.actor, t.customer.id)).status).toBe(404);
    expect((await chargesCsv(other.msspAdmin.actor, t.customer.id)).status).toBe(404);
    expect((await chargesCsv(t.customerAdmin.actor, t.mssp.id)).status).toBe(404);
  });

  it("shows an MSSP revenue, cost and margin per child from its statements, and a distributor revenue per partner", async () => {
    const t = await makeTenant("rollup-money");
    const second = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.customer.name}-b` });
    await statement(t.mssp, t.customer, "FINAL", "EUR", [[t.customer, 13750n]]);
    await statement(t.mssp, second, "DRAFT", "EUR", [[second, 565n]]);
    // The MSSP's own statement from its distributor: its whole tree, the MSSP's own usage included.
    await statement(t.distributor, t.mssp, "DRAFT", "EUR", [[t.customer, 9900n], [second, 400n], [t.grandCustomer, 1000n], [t.mssp, 50n]]);

    const money = (await getRollupMoney(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, month: "2027-01" }))!;
    expect(money.hasSeller).toBe(true);
    const rows = Object.fromEntries(money.page.rows.map((row) => [row.accountId + (row.own ? "/own" : ""), row]));
    expect(rows[t.customer.id]).toMatchObject({ revenueMinor: 13750n, costMinor: 9900n, marginMinor: 3850n, status: "FINAL" });
    expect(rows[second.id]).toMatchObject({ revenueMinor: 565n, costMinor: 400n, marginMinor: 165n, status: "DRAFT" });
    // The child MSSP's tree costs 10.00 and brings nothing yet.
    expect(rows[t.childMssp.id]).toMatchObject({ revenueMinor: null, costMinor: 1000n, marginMinor: -1000n });
    expect(rows[`${t.mssp.id}/own`]).toMatchObject({ costMinor: 50n, revenueMinor: null });
    expect(money.totals).toEqual({ revenueMinor: 14315n, costMinor: 11350n, marginMinor: 2965n });

    const distributor = (await getRollupMoney(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, month: "2027-01" }))!;
    expect(distributor.hasSeller).toBe(false);
    expect(distributor.page.rows.map((row) => [row.accountId, row.revenueMinor])).toEqual([[t.mssp.id, 11350n]]);

    // A customer is no seller; an outsider does not find the MSSP.
    expect(await getRollupMoney(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, month: "2027-01" })).toBeNull();
    // Naming its MSSP (whose page holds the cost and margin columns) does not help: out of reach.
    await expectAppError(getRollupMoney(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, month: "2027-01" }), "NOT_FOUND");
    // The child MSSP reads its own tree only: never its parent's cost from the distributor.
    const childMsspAdmin = await makeActor(t.childMssp, "ADMIN");
    await expectAppError(getRollupMoney(db, { actor: childMsspAdmin.actor, accountId: t.mssp.id, month: "2027-01" }), "NOT_FOUND");
    const other = await makeTenant("rollup-money-other");
    await expectAppError(getRollupMoney(db, { actor: other.msspAdmin.actor, accountId: t.mssp.id, month: "2027-01" }), "NOT_FOUND");
  });
});
