import { describe, expect, it } from "vitest";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { computeSellerCharges } from "@/server/billing/seller-charges";
import { getStatement } from "@/server/billing/statements/get-statement";
import { listStatements } from "@/server/billing/statements/list-statements";
import { runStatements } from "@/server/billing/statements/run-statements";
import { makeAccount, makeActor, makeTenant, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { asSeller, insertPriceBook } from "../../support/money-fixtures";

/**
 * Points credits on statements (docs/money.md#points-credits): each credit a distributor gave a partner
 * in the partner's local month is a line at the book's price per point (after the partner's override),
 * exchanges and renewals never are, and a final statement never changes afterwards. Clocks pinned to
 * 2036, a range no other file bills.
 */

const NOW = new Date("2036-07-10T12:00:00Z");
const MARCH_FINAL = new Date("2036-04-05T12:00:00Z");

/** A ledger entry at a pinned instant, as creditPoints / an exchange writes it (balance not modelled). */
async function ledger(account: TestAccount, kind: "CREDIT" | "EXCHANGE" | "RENEWAL", delta: number, reason: string, createdAt: string) {
  await db.pointsEntry.create({ data: { accountId: account.id, kind, delta, balanceAfter: 0, reason, actorLabel: "dana@example.test", createdAt: new Date(createdAt) } });
}

async function pointsLines(seller: TestAccount, month: string, buyerId: string) {
  const charges = await computeSellerCharges(db, { seller: asSeller(seller), month, now: NOW, buyerIds: [buyerId] });
  return charges.flatMap((buyer) => buyer.lines).filter((line) => line.kind === "POINTS_CREDIT");
}

describe("points credits on statements", () => {
  it("bill each credit in the partner's month at the price per point; exchanges and renewals never", async () => {
    const t = await makeTenant("points-lines");
    // A sibling partner far east: its credit on 30 April at 13:00 UTC is already 1 May there.
    const sibling = await makeAccount({ kind: "MSSP", parent: t.distributor, name: `${t.mssp.name}-sibling`, billingTimezone: "Pacific/Auckland" });
    await insertPriceBook(t.distributor.id, [{ sku: "POINTS", kind: "POINT", from: "2036-03", minor: 10 }]);
    // EUR 0.07 a point for this partner from April: its own price wins over the book's.
    await db.priceOverride.create({ data: { accountId: t.mssp.id, sellerAccountId: t.distributor.id, sku: "POINTS", kind: "POINT", fromMonth: isoDateToDb("2036-04-01"), unitPriceMinor: 7, createdBy: "test" } });

    await ledger(t.mssp, "CREDIT", 200, "Before the price", "2036-02-10T10:00:00Z");
    await ledger(t.mssp, "CREDIT", 500, "Quarterly allocation", "2036-03-20T10:00:00Z");
    await ledger(t.mssp, "EXCHANGE", -60, "Exchange: 20 licences", "2036-03-21T10:00:00Z");
    await ledger(t.mssp, "RENEWAL", -90, "Renewal of April", "2036-04-01T00:10:00Z");
    await ledger(t.mssp, "CREDIT", 333, "Spring campaign", "2036-04-02T09:00:00Z");
    await ledger(sibling, "CREDIT", 100, "Welcome", "2036-04-30T13:00:00Z");

    // February: no price per point in the book yet — a line at 0 with the reason, never dropped.
    expect((await pointsLines(t.distributor, "2036-02", t.mssp.id)).map((l) => [l.quantityE4, l.unitPriceMinor, l.amountMinor, l.note])).toEqual([[2_000_000n, 0n, 0n, "No price in Standard"]]);

    // March: 500 points × EUR 0.10 = EUR 50.00; the exchange adds nothing.
    const march = await computeSellerCharges(db, { seller: asSeller(t.distributor), month: "2036-03", now: NOW, buyerIds: [t.mssp.id] });
    expect(march[0]!.lines).toHaveLength(1);
    expect(march[0]!.lines[0]).toMatchObject({
      kind: "POINTS_CREDIT",
      sku: "POINTS",
      serviceName: "Points",
      usageAccountId: t.mssp.id,
      description: "Points credit: 500 points — Quarterly allocation",
      quantityE4: 5_000_000n,
      unit: "point",
      unitPriceMinor: 10n,
      amountMinor: 5_000n,
      note: "",
    });
    expect(march[0]!.totalMinor).toBe(5_000n);

    // April: 333 points × EUR 0.07 (the override) = 2,331 cents; the renewal adds nothing.
    expect((await pointsLines(t.distributor, "2036-04", t.mssp.id)).map((l) => [l.description, l.quantityE4, l.unitPriceMinor, l.amountMinor])).toEqual([
      ["Points credit: 333 points — Spring campaign", 3_330_000n, 7n, 2_331n],
    ]);

    // The sibling's credit is a May line in its own clock, at the book's price (the override is not its own).
    expect(await pointsLines(t.distributor, "2036-04", sibling.id)).toEqual([]);
    expect((await pointsLines(t.distributor, "2036-05", sibling.id)).map((l) => [l.usageAccountId, l.amountMinor])).toEqual([[sibling.id, 1_000n]]);

    // An MSSP sells no points: its customers' statements never carry them.
    await insertPriceBook(t.mssp.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2036-01", minor: 1250 }]);
    const downward = await computeSellerCharges(db, { seller: asSeller(t.mssp), month: "2036-03", now: NOW });
    expect(downward.flatMap((buyer) => buyer.lines).some((line) => line.kind === "POINTS_CREDIT")).toBe(false);
  });

  it("a final statement with a points credit never changes when the price per point does; only its partner reads it", async () => {
    const t = await makeTenant("points-final");
    const sibling = await makeAccount({ kind: "MSSP", parent: t.distributor, name: `${t.mssp.name}-sibling` });
    const siblingAdmin = await makeActor(sibling, "ADMIN");
    const book = await insertPriceBook(t.distributor.id, [{ sku: "POINTS", kind: "POINT", from: "2036-03", minor: 10 }]);
    await ledger(t.mssp, "CREDIT", 500, "Quarterly allocation", "2036-03-20T10:00:00Z");
    await ledger(t.mssp, "EXCHANGE", -60, "Exchange: 20 licences", "2036-03-21T10:00:00Z");

    const run = await runStatements(db, { now: MARCH_FINAL, sellerIds: [t.distributor.id] });
    expect(run.statementsFinalized).toBe(1);
    const statementOf = () =>
      db.statement.findUniqueOrThrow({
        where: { sellerAccountId_accountId_month: { sellerAccountId: t.distributor.id, accountId: t.mssp.id, month: isoDateToDb("2036-03-01") } },
        include: { lines: { orderBy: [{ version: "asc" }, { position: "asc" }] }, files: { orderBy: { format: "asc" } } },
      });
    const final = await statementOf();
    expect(final).toMatchObject({ status: "FINAL", totalMinor: 5_000n });
    expect(final.lines.filter((line) => line.version === "FINAL").map(({ sku, description, quantityE4, unit, unitPriceMinor, amountMinor }) => ({ sku, description, quantityE4, unit, unitPriceMinor, amountMinor }))).toEqual([
      { sku: "POINTS", description: "Points credit: 500 points — Quarterly allocation", quantityE4: 5_000_000n, unit: "point", unitPriceMinor: 10n, amountMinor: 5_000n },
    ]);
    expect(Buffer.from(final.files.find((file) => file.format === "CSV")!.bytes).toString("utf8")).toContain("500.0000,point,0.10,50.00");

    // The price per point changes afterwards (even in the past, behind the forms' back): computed now it differs…
    await db.price.deleteMany({ where: { priceBookId: book.id } });
    await db.price.create({ data: { accountId: t.distributor.id, priceBookId: book.id, sku: "POINTS", kind: "POINT", fromMonth: isoDateToDb("2036-01-01"), unitPriceMinor: 20, createdBy: "test" } });
    expect((await pointsLines(t.distributor, "2036-03", t.mssp.id))[0]!.amountMinor).toBe(10_000n);
    // …the final statement does not: row, lines and stored files byte for byte.
    expect((await runStatements(db, { now: new Date("2036-04-06T12:00:00Z"), sellerIds: [t.distributor.id] })).statementsFinalized).toBe(0);
    expect(await statementOf()).toEqual(final);

    // The partner reads its received statement with the line; the sibling partner never, through any account.
    const view = await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: final.id, now: MARCH_FINAL });
    expect(view.direction).toBe("received");
    expect(view.document.lines.map((line) => [line.description, line.amountMinor])).toEqual([["Points credit: 500 points — Quarterly allocation", 5_000n]]);
    for (const accountId of [sibling.id, t.mssp.id, t.distributor.id]) {
      await expectAppError(getStatement(db, { actor: siblingAdmin.actor, accountId, statementId: final.id, now: MARCH_FINAL }), "NOT_FOUND");
    }
    const siblingPage = await listStatements(db, { actor: siblingAdmin.actor, accountId: sibling.id, filters: { direction: "received" }, pageSize: 50 });
    expect(siblingPage.rows.some((row) => row.id === final.id)).toBe(false);
    // Nor does the partner's customer (it never sees what its seller pays upward).
    await expectAppError(getStatement(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, statementId: final.id, now: MARCH_FINAL }), "NOT_FOUND");
  });
});
