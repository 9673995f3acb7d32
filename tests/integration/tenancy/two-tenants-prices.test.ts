import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The SKU search route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { GET as skuRoute } from "@/app/(portal)/a/[accountId]/prices/skus/search/route";
import { db } from "@/server/db";
import { addPrice } from "@/server/billing/price-books/add-price";
import { addPriceOverride } from "@/server/billing/price-books/add-price-override";
import { createPriceBook } from "@/server/billing/price-books/create-price-book";
import { getBuyerPricing } from "@/server/billing/price-books/get-buyer-pricing";
import { getPriceBook } from "@/server/billing/price-books/get-price-book";
import { listBuyers } from "@/server/billing/price-books/list-buyers";
import { listPriceBooks } from "@/server/billing/price-books/list-price-books";
import { makeDefaultPriceBook } from "@/server/billing/price-books/make-default-price-book";
import { removePrice } from "@/server/billing/price-books/remove-price";
import { removePriceOverride } from "@/server/billing/price-books/remove-price-override";
import { setBuyerPriceBook } from "@/server/billing/price-books/set-buyer-price-book";
import { searchSellerSkus } from "@/server/billing/price-books/skus-sold";
import { getBillingProfile, updateBillingProfile } from "@/server/billing/billing-profiles/billing-profile";
import { expectBadSearchRefused } from "../../support/search-route";
import { makeTenant, type TestAccount } from "../../support/factories";

const MISSING = "00000000-0000-4000-8000-000000000000";
// Pinned: prices from May 2029 are not in force yet on 10 April 2029 (removable, so a removal would succeed if reached).
const NOW = new Date("2029-04-10T12:00:00Z");

/** Everything of a tenant's prices an attack must leave as it was. */
async function snapshot(root: TestAccount) {
  const scope = { account: { path: { startsWith: root.path } } };
  const [books, prices, choices, overrides, profiles, audit] = await Promise.all([
    db.priceBook.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.price.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.buyerPricing.findMany({ where: scope, orderBy: { accountId: "asc" } }),
    db.priceOverride.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.billingProfile.findMany({ where: scope, orderBy: { accountId: "asc" } }),
    db.auditEvent.count({ where: scope }),
  ]);
  return { books, prices, choices, overrides, profiles, audit };
}

async function refused(name: string, codes: string[], attempt: () => Promise<unknown>) {
  const error = await attempt().then(
    () => null,
    (thrown: unknown) => thrown as { code?: string },
  );
  if (!error || !codes.includes(error.code ?? "")) throw new Error(`${name}: expected ${codes.join("/")} but got ${error ? error.code : "success"}`);
}

/** A tenant whose distributor and MSSP both sell, each with a book, a price not yet in force and an override. */
async function pricedTenant(label: string) {
  const t = await makeTenant(label);
  const qsm = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" } });
  await db.accountService.create({ data: { accountId: t.customer.id, serviceId: qsm.id, activatedBy: "test" } });
  const priced = async (actor: Actor, seller: TestAccount, buyer: TestAccount) => {
    const book = await createPriceBook(db, { actor, sellerId: seller.id, input: { name: "Standard", currency: "EUR" } });
    const price = await addPrice(db, { actor, sellerId: seller.id, bookId: book.id, now: NOW, input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "10", fromMonth: "2029-05" } });
    const override = await addPriceOverride(db, { actor, sellerId: seller.id, buyerId: buyer.id, now: NOW, input: { sku: "", kind: "PAYG_UNIT", mode: "DISCOUNT", discount: "5", fromMonth: "2029-05" } });
    return { book, price, override };
  };
  const distributor = await priced(t.distributorAdmin.actor, t.distributor, t.mssp);
  const mssp = await priced(t.msspAdmin.actor, t.mssp, t.customer);
  await updateBillingProfile(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, input: { legalName: `${label} Ltd`, statementPrefix: "AB" } });
  return { ...t, prices: { distributor, mssp } };
}

/**
 * Tenant A's people against tenant B's price books, prices, buyers, overrides and billing profiles, for
 * every read and action: "not found", exactly as for an id that does not exist; nothing of either
 * tenant changes. Inside a tenant, reach flows down only: a customer never sees its MSSP's books, an
 * MSSP never sees its distributor's (what it pays, nor what other partners pay).
 */
describe("two tenants: price books", () => {
  it("a user of one tenant can neither see nor touch the other's prices", async () => {
    const a = await pricedTenant("pra");
    const b = await pricedTenant("prb");
    const aBefore = await snapshot(a.distributor);
    const bBefore = await snapshot(b.distributor);

    const attackers: Actor[] = [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor, a.msspViewer.actor, a.msspBilling.actor];
    const bSellers = [
      { seller: b.mssp, buyer: b.customer, ...b.prices.mssp },
      { seller: b.distributor, buyer: b.mssp, ...b.prices.distributor },
    ];
    for (const actor of attackers) {
      const as = (name: string) => `${name} as ${actor.email}`;
      for (const { seller, buyer, book, price, override } of bSellers) {
        for (const sellerId of [seller.id, MISSING, "not-a-uuid"]) {
          await refused(as("list books"), ["NOT_FOUND"], () => listPriceBooks(db, { actor, sellerId }));
          await refused(as("book"), ["NOT_FOUND"], () => getPriceBook(db, { actor, sellerId, bookId: book.id }));
          await refused(as("buyers"), ["NOT_FOUND"], () => listBuyers(db, { actor, sellerId }));
          await refused(as("buyer pricing"), ["NOT_FOUND"], () => getBuyerPricing(db, { actor, sellerId, buyerId: buyer.id }));
          await refused(as("sku search"), ["NOT_FOUND"], () => searchSellerSkus(db, { actor, sellerId, q: "" }));
          await refused(as("add book"), ["NOT_FOUND"], () => createPriceBook(db, { actor, sellerId, input: { name: "Sneaky", currency: "EUR" } }));
          await refused(as("make default"), ["NOT_FOUND"], () => makeDefaultPriceBook(db, { actor, sellerId, bookId: book.id }));
          await refused(as("add price"), ["NOT_FOUND"], () => addPrice(db, { actor, sellerId, bookId: book.id, now: NOW, input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "1", fromMonth: "2029-06" } }));
          await refused(as("remove price"), ["NOT_FOUND"], () => removePrice(db, { actor, sellerId, bookId: book.id, priceId: price.id.toString(), now: NOW }));
          await refused(as("buyer's book"), ["NOT_FOUND"], () => setBuyerPriceBook(db, { actor, sellerId, buyerId: buyer.id, input: { priceBookId: book.id } }));
          await refused(as("add override"), ["NOT_FOUND"], () => addPriceOverride(db, { actor, sellerId, buyerId: buyer.id, now: NOW, input: { sku: "", kind: "PAYG_UNIT", mode: "DISCOUNT", discount: "50", fromMonth: "2029-06" } }));
          await refused(as("remove override"), ["NOT_FOUND"], () => removePriceOverride(db, { actor, sellerId, buyerId: buyer.id, overrideId: override.id.toString(), now: NOW }));
        }
        await refused(as("billing profile"), ["NOT_FOUND"], () => getBillingProfile(db, { actor, accountId: seller.id }));
        await refused(as("edit billing profile"), ["NOT_FOUND"], () => updateBillingProfile(db, { actor, accountId: seller.id, input: { legalName: "Mine now", statementPrefix: "ZZ" } }));
      }

      // B's book, price, buyer and override named through A's own seller, by A's admins: still not found.
      if (actor !== a.msspAdmin.actor && actor !== a.distributorAdmin.actor) continue;
      const own = actor === a.msspAdmin.actor ? { seller: a.mssp, buyer: a.customer, ...a.prices.mssp } : { seller: a.distributor, buyer: a.mssp, ...a.prices.distributor };
      const sellerId = own.seller.id;
      const theirs = bSellers[0]!;
      await refused(as("B's book in A"), ["NOT_FOUND"], () => getPriceBook(db, { actor, sellerId, bookId: theirs.book.id }));
      await refused(as("make B's book A's default"), ["NOT_FOUND"], () => makeDefaultPriceBook(db, { actor, sellerId, bookId: theirs.book.id }));
      await refused(as("price into B's book"), ["NOT_FOUND"], () => addPrice(db, { actor, sellerId, bookId: theirs.book.id, now: NOW, input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "1", fromMonth: "2029-06" } }));
      await refused(as("remove B's price"), ["NOT_FOUND"], () => removePrice(db, { actor, sellerId, bookId: own.book.id, priceId: theirs.price.id.toString(), now: NOW }));
      await refused(as("B's buyer"), ["NOT_FOUND"], () => getBuyerPricing(db, { actor, sellerId, buyerId: theirs.buyer.id }));
      await refused(as("B's buyer on A's book"), ["NOT_FOUND"], () => setBuyerPriceBook(db, { actor, sellerId, buyerId: theirs.buyer.id, input: { priceBookId: own.book.id } }));
      await refused(as("A's buyer on B's book"), ["INVALID"], () => setBuyerPriceBook(db, { actor, sellerId, buyerId: own.buyer.id, input: { priceBookId: theirs.book.id } }));
      await refused(as("override for B's buyer"), ["NOT_FOUND"], () => addPriceOverride(db, { actor, sellerId, buyerId: theirs.buyer.id, now: NOW, input: { sku: "", kind: "PAYG_UNIT", mode: "DISCOUNT", discount: "50", fromMonth: "2029-06" } }));
      await refused(as("remove B's override"), ["NOT_FOUND"], () => removePriceOverride(db, { actor, sellerId, buyerId: own.buyer.id, overrideId: theirs.override.id.toString(), now: NOW }));
    }

    // Inside A, reach flows down only.
    const inside: [string, Actor, TestAccount][] = [
      ["customer → its MSSP's books", a.customerAdmin.actor, a.mssp],
      ["customer → the distributor's books", a.customerAdmin.actor, a.distributor],
      ["MSSP → its distributor's books", a.msspAdmin.actor, a.distributor],
      ["MSSP viewer → its distributor's books", a.msspViewer.actor, a.distributor],
      ["customer → its own (a customer has none)", a.customerAdmin.actor, a.customer],
      ["MSSP → a customer's (a customer has none)", a.msspAdmin.actor, a.customer],
    ];
    for (const [name, actor, seller] of inside) {
      await refused(name, ["NOT_FOUND"], () => listPriceBooks(db, { actor, sellerId: seller.id }));
      await refused(name, ["NOT_FOUND"], () => listBuyers(db, { actor, sellerId: seller.id }));
      await refused(name, ["NOT_FOUND"], () => createPriceBook(db, { actor, sellerId: seller.id, input: { name: "Sneaky", currency: "EUR" } }));
    }
    // The MSSP's own price from its distributor, and the distributor's other partners: out of reach.
    await refused("MSSP → what it pays", ["NOT_FOUND"], () => getBuyerPricing(db, { actor: a.msspAdmin.actor, sellerId: a.distributor.id, buyerId: a.mssp.id }));
    await refused("MSSP → the distributor's book", ["NOT_FOUND"], () => getPriceBook(db, { actor: a.msspAdmin.actor, sellerId: a.distributor.id, bookId: a.prices.distributor.book.id }));
    await refused("customer → its MSSP's book", ["NOT_FOUND"], () => getPriceBook(db, { actor: a.customerAdmin.actor, sellerId: a.mssp.id, bookId: a.prices.mssp.book.id }));
    await refused("customer → what it pays, on the MSSP's side", ["NOT_FOUND"], () => getBuyerPricing(db, { actor: a.customerAdmin.actor, sellerId: a.mssp.id, buyerId: a.customer.id }));
    // Viewers and billing users read their seller's books, and change nothing.
    for (const actor of [a.msspViewer.actor, a.msspBilling.actor]) {
      expect((await listPriceBooks(db, { actor, sellerId: a.mssp.id })).books).toHaveLength(1);
      await refused("read-only", ["FORBIDDEN"], () => addPrice(db, { actor, sellerId: a.mssp.id, bookId: a.prices.mssp.book.id, now: NOW, input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "1", fromMonth: "2029-06" } }));
      await refused("read-only", ["FORBIDDEN"], () => setBuyerPriceBook(db, { actor, sellerId: a.mssp.id, buyerId: a.customer.id, input: {} }));
    }

    expect(await snapshot(b.distributor)).toEqual(bBefore);
    expect(await snapshot(a.distributor)).toEqual(aBefore);
  });

  it("the SKU search route answers 404 out of reach, 400 for a bad q, and only the seller's SKUs", async () => {
    const a = await pricedTenant("prs-a");
    const b = await pricedTenant("prs-b");
    const call = (accountId: string, query: string) =>
      skuRoute(new Request(`http://portal.test/a/${accountId}/prices/skus/search?${query}`), { params: Promise.resolve({ accountId }) });
    signedIn = a.msspAdmin.actor;
    const own = await call(a.mssp.id, "q=mgmt");
    expect(own.status).toBe(200);
    const body = (await own.json()) as { skus: { sku: string; kinds: string[] }[] };
    expect(body.skus.map((row) => row.sku)).toEqual(["QSM-MGMT-PAYG", "QSM-MGMT-STD"]);
    expect(body.skus[0]?.kinds).toEqual(["PAYG_UNIT", "SUBSCRIPTION_MONTH"]);
    // Only the services switched on below the MSSP: no Guest WiFi here.
    expect(((await (await call(a.mssp.id, "q=GW-")).json()) as { skus: unknown[] }).skus).toEqual([]);
    for (const target of [b.mssp.id, a.distributor.id, a.customer.id, MISSING, "not-a-uuid"]) expect((await call(target, "q=")).status, target).toBe(404);
    await expectBadSearchRefused((query) => call(a.mssp.id, query));
    signedIn = null;
    expect((await call(a.mssp.id, "q=")).status).toBe(401);
  });
});
