import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import type { AppError } from "@/lib/errors";
import { loadSellerPricing } from "@/server/billing/seller-pricing";
import { addPrice } from "@/server/billing/price-books/add-price";
import { addPriceOverride } from "@/server/billing/price-books/add-price-override";
import { createPriceBook } from "@/server/billing/price-books/create-price-book";
import { getPriceBook } from "@/server/billing/price-books/get-price-book";
import { listBuyers } from "@/server/billing/price-books/list-buyers";
import { listPriceBooks } from "@/server/billing/price-books/list-price-books";
import { makeDefaultPriceBook } from "@/server/billing/price-books/make-default-price-book";
import { removePrice } from "@/server/billing/price-books/remove-price";
import { removePriceOverride } from "@/server/billing/price-books/remove-price-override";
import { setBuyerPriceBook } from "@/server/billing/price-books/set-buyer-price-book";
import { searchSoldSkus } from "@/server/billing/price-books/skus-sold";
import { fromMonthChoices } from "@/server/billing/price-books/pricing-months";
import { getBillingProfile, updateBillingProfile } from "@/server/billing/billing-profiles/billing-profile";
import { makeAccount, makeTenant, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

// Pinned clocks, far from the real date: the 1st and the 15th of March 2027 (UTC sellers).
const MARCH_1 = new Date("2027-03-01T09:00:00Z");
const MARCH_15 = new Date("2027-03-15T09:00:00Z");

/** Switches a service on for an account, so its seller sells the service's packages. */
async function switchOn(account: TestAccount, serviceCode: string) {
  const service = await db.service.findUniqueOrThrow({ where: { code: serviceCode } });
  await db.accountService.create({ data: { accountId: account.id, serviceId: service.id, activatedBy: "test" } });
}

/** Everything price books write for a seller: a refusal must leave all of it as it was. */
async function written(sellerId: string) {
  const [books, prices, choices, overrides, audit] = await Promise.all([
    db.priceBook.findMany({ where: { accountId: sellerId }, orderBy: { id: "asc" } }),
    db.price.findMany({ where: { accountId: sellerId }, orderBy: { id: "asc" } }),
    db.buyerPricing.findMany({ where: { sellerAccountId: sellerId }, orderBy: { accountId: "asc" } }),
    db.priceOverride.findMany({ where: { sellerAccountId: sellerId }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { accountId: sellerId } }),
  ]);
  return { books, prices, choices, overrides, audit };
}

async function seller() {
  const t = await makeTenant("prices");
  await switchOn(t.customer, "quantum-spark-management");
  await switchOn(t.customer, "harmony-browse");
  await switchOn(t.customer, "guest-wifi");
  return t;
}

const fieldsOf = (error: AppError) => Object.keys(error.fieldErrors ?? {});

describe("price books (docs/money.md#price-books)", () => {
  it("the first book is the default; names are unique per seller; currencies are ISO 4217", async () => {
    const t = await seller();
    const actor = t.msspAdmin.actor;
    const standard = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Standard", currency: "eur" } });
    expect(standard).toMatchObject({ currency: "EUR", defaultKey: t.mssp.id });
    const usd = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "US customers", currency: "USD" } });
    expect(usd.defaultKey).toBeNull();

    const before = await written(t.mssp.id);
    const taken = await expectAppError(createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "standard", currency: "EUR" } }), "INVALID", "NAME_TAKEN");
    expect(fieldsOf(taken)).toEqual(["name"]);
    const unknown = await expectAppError(createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Moon", currency: "XYZ" } }), "INVALID");
    expect(fieldsOf(unknown)).toEqual(["currency"]);
    await expectAppError(createPriceBook(db, { actor: t.msspViewer.actor, sellerId: t.mssp.id, input: { name: "Viewer's", currency: "EUR" } }), "FORBIDDEN");
    await expectAppError(createPriceBook(db, { actor, sellerId: t.customer.id, input: { name: "Customer's", currency: "EUR" } }), "NOT_FOUND");
    expect(await written(t.mssp.id)).toEqual(before);

    await makeDefaultPriceBook(db, { actor, sellerId: t.mssp.id, bookId: usd.id });
    const list = await listPriceBooks(db, { actor: t.msspBilling.actor, sellerId: t.mssp.id, now: MARCH_1 });
    expect(list.books.map((book) => [book.name, book.isDefault, book.buyerCount])).toEqual([
      ["US customers", true, 2],
      ["Standard", false, 0],
    ]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.mssp.id, action: "price_book.created", objectId: standard.id } });
    expect(event.after).toMatchObject({ name: "Standard", currency: "EUR (Euro)" });
  });

  it("refuses bad prices on the field at fault and writes nothing", async () => {
    const t = await seller();
    const actor = t.msspAdmin.actor;
    const book = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Standard", currency: "EUR" } });
    const add = (input: Record<string, unknown>, now = MARCH_15) =>
      addPrice(db, { actor, sellerId: t.mssp.id, bookId: book.id, now, input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "12.50", fromMonth: "2027-04", ...input } });
    await add({});
    // A final statement of April 2027 (as the statements' daily run leaves it) makes April and before final.
    const buyer = t.customer;
    await db.statement.create({
      data: {
        accountId: buyer.id, sellerAccountId: t.mssp.id, month: isoDateToDb("2027-05-01"), status: "FINAL", number: "PR-2027-00001", currency: "EUR",
        priceBookName: "Standard", totalMinor: 0n, sellerName: "s", sellerAddress: "", buyerName: "b", buyerAddress: "", computedAt: MARCH_15, finalizedAt: MARCH_15,
      },
    });
    const before = await written(t.mssp.id);

    const refusals: [Record<string, unknown>, string, string?][] = [
      [{ unitPrice: "-1" }, "unitPrice", "PRICE_NEGATIVE"],
      [{ unitPrice: "12.505" }, "unitPrice", "PRICE_TOO_PRECISE"],
      [{ unitPrice: "twelve" }, "unitPrice", "PRICE_NOT_A_NUMBER"],
      [{ unitPrice: "" }, "unitPrice"],
      [{ sku: "DX-CORE", kind: "SEAT" }, "sku", "SKU_NOT_SOLD"],
      [{ sku: "NO-SUCH-SKU" }, "sku", "SKU_NOT_SOLD"],
      [{ sku: "HB-STD" }, "kind", "KIND_NOT_FOR_SKU"],
      [{ kind: "LICENCE_YEAR" }, "kind", "KIND_NOT_FOR_SKU"],
      [{ kind: "CHEAPEST" }, "kind"],
      [{ minUnits: 10 }, "minUnits", "TIER_NOT_FOR_KIND"],
      [{ fromMonth: "2027-02" }, "fromMonth", "MONTH_PAST"],
      [{ fromMonth: "2027-05" }, "fromMonth", "MONTH_FINAL"],
      [{ fromMonth: "2027-13" }, "fromMonth"],
    ];
    for (const [input, field, reason] of refusals) {
      const error = await expectAppError(add(input), "INVALID", reason);
      expect(fieldsOf(error), JSON.stringify(input)).toEqual([field]);
    }
    await db.statement.deleteMany({ where: { sellerAccountId: t.mssp.id } });
    // The same SKU, kind, tier and month twice: a field error, never the database's unique key.
    const twice = await expectAppError(add({ unitPrice: "13.00" }), "INVALID", "PRICE_EXISTS");
    expect(fieldsOf(twice)).toEqual(["fromMonth"]);
    expect(await written(t.mssp.id)).toEqual(before);

    // A tier is for licence-year prices of the Guest WiFi packages; JPY has no decimals.
    await add({ sku: "GW-AP", kind: "LICENCE_YEAR", minUnits: 10, unitPrice: "240" });
    const yen = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Japan", currency: "JPY" } });
    const error = await expectAppError(addPrice(db, { actor, sellerId: t.mssp.id, bookId: yen.id, now: MARCH_15, input: { sku: "HB-STD", kind: "SEAT", unitPrice: "350.5", fromMonth: "2027-04" } }), "INVALID");
    expect(error.fieldErrors?.unitPrice).toEqual(["JPY has no decimals: enter a whole amount."]);
  });

  it("a price changed on the 15th from next month leaves this month's price unchanged", async () => {
    const t = await seller();
    const actor = t.msspAdmin.actor;
    const book = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Standard", currency: "EUR" } });
    const input = { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT" };
    await addPrice(db, { actor, sellerId: t.mssp.id, bookId: book.id, now: MARCH_1, input: { ...input, unitPrice: "12.50", fromMonth: "2027-03" } });
    // On the 15th, the picker starts at March and proposes April.
    const choices = await fromMonthChoices(db, { id: t.mssp.id, billingTimezone: "UTC" }, MARCH_15);
    expect(choices.options[0]?.value).toBe("2027-03");
    expect(choices.defaultMonth).toBe("2027-04");
    await addPrice(db, { actor, sellerId: t.mssp.id, bookId: book.id, now: MARCH_15, input: { ...input, unitPrice: "15", fromMonth: choices.defaultMonth } });

    const pricing = await loadSellerPricing(db, { sellerId: t.mssp.id, buyerIds: [t.customer.id] });
    const at = (month: string) => pricing.priceFor({ buyerId: t.customer.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", month })?.unitPriceMinor;
    expect([at("2027-02"), at("2027-03"), at("2027-04"), at("2027-09")]).toEqual([undefined, 1250n, 1500n, 1500n]);

    // The book's page: April's price is scheduled, March's in force until March, both listed.
    const view = await getPriceBook(db, { actor: t.msspViewer.actor, sellerId: t.mssp.id, bookId: book.id, now: MARCH_15 });
    expect(view.rows.map((row) => [row.month, row.unitPriceMinor, row.status, row.until])).toEqual([
      ["2027-04", 1500, "SCHEDULED", null],
      ["2027-03", 1250, "IN_FORCE", "2027-03"],
    ]);
    const added = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.mssp.id, action: "price.added" }, orderBy: { createdAt: "desc" } });
    expect(added.before).toEqual({ unitPrice: "EUR 12.50", fromMonth: "March 2027" });
    expect(added.after).toMatchObject({ unitPrice: "EUR 15.00", fromMonth: "April 2027", pricePer: "billable unit (device-month)" });

    // Only a price not in force yet can be removed; April's can, March's stays as history.
    const [april, march] = view.rows;
    await expectAppError(removePrice(db, { actor, sellerId: t.mssp.id, bookId: book.id, priceId: march!.id, now: MARCH_15 }), "RULE_VIOLATION", "PRICE_IN_FORCE");
    await expectAppError(removePrice(db, { actor: t.msspViewer.actor, sellerId: t.mssp.id, bookId: book.id, priceId: april!.id, now: MARCH_15 }), "FORBIDDEN");
    await removePrice(db, { actor, sellerId: t.mssp.id, bookId: book.id, priceId: april!.id, now: MARCH_15 });
    const after = await loadSellerPricing(db, { sellerId: t.mssp.id, buyerIds: [t.customer.id] });
    expect(after.priceFor({ buyerId: t.customer.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", month: "2027-04" })?.unitPriceMinor).toBe(1250n);
  });

  it("buyers: the default book, a book of their own, own prices and discounts", async () => {
    const t = await seller();
    const actor = t.msspAdmin.actor;
    const other = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.customer.name}-other` });
    const standard = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Standard", currency: "EUR" } });
    const premium = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Premium", currency: "EUR" } });
    const dollars = await createPriceBook(db, { actor, sellerId: t.mssp.id, input: { name: "Dollars", currency: "USD" } });
    const price = (bookId: string, sku: string, kind: string, unitPrice: string, minUnits = 0) =>
      addPrice(db, { actor, sellerId: t.mssp.id, bookId, now: MARCH_1, input: { sku, kind, unitPrice, minUnits, fromMonth: "2027-03" } });
    await price(standard.id, "QSM-MGMT-STD", "PAYG_UNIT", "10.00");
    await price(standard.id, "HB-STD", "SEAT", "4.00");
    await price(standard.id, "GW-AP", "LICENCE_YEAR", "100.00");
    await price(standard.id, "GW-AP", "LICENCE_YEAR", "80.00", 10);
    await price(premium.id, "QSM-MGMT-STD", "PAYG_UNIT", "20.00");

    await setBuyerPriceBook(db, { actor, sellerId: t.mssp.id, buyerId: other.id, input: { priceBookId: premium.id } });
    const override = (input: Record<string, unknown>, now = MARCH_1) =>
      addPriceOverride(db, { actor, sellerId: t.mssp.id, buyerId: t.customer.id, now, input: { kind: "PAYG_UNIT", mode: "DISCOUNT", fromMonth: "2027-03", ...input } as never });
    await override({ sku: "", discount: "10" }); // every SKU's PAYG units: 10 % off
    await override({ sku: "QSM-MGMT-STD", mode: "PRICE", unitPrice: "7.00", fromMonth: "2027-04" });
    await override({ sku: "HB-STD", kind: "SEAT", discount: "12.5" });

    const pricing = await loadSellerPricing(db, { sellerId: t.mssp.id, buyerIds: [t.customer.id, other.id, t.childMssp.id] });
    const query = (buyerId: string, sku: string, kind: "PAYG_UNIT" | "SEAT" | "LICENCE_YEAR", month: string, units?: number) => pricing.priceFor({ buyerId, sku, kind, month, units });
    expect(pricing.bookOf(t.customer.id)?.name).toBe("Standard");
    expect(pricing.bookOf(other.id)?.name).toBe("Premium");
    // March: the every-SKU discount; April: its own price wins over the discount.
    expect(query(t.customer.id, "QSM-MGMT-STD", "PAYG_UNIT", "2027-03")).toMatchObject({ unitPriceMinor: 900n, basis: "discount", discountBp: 1000 });
    expect(query(t.customer.id, "QSM-MGMT-STD", "PAYG_UNIT", "2027-04")).toMatchObject({ unitPriceMinor: 700n, basis: "override" });
    // 400 × 87.5 % = 350; the every-SKU discount was for PAYG units only.
    expect(query(t.customer.id, "HB-STD", "SEAT", "2027-03")).toMatchObject({ unitPriceMinor: 350n, discountBp: 1250 });
    expect(query(t.customer.id, "GW-AP", "LICENCE_YEAR", "2027-03", 12)).toMatchObject({ unitPriceMinor: 8000n, basis: "book" });
    expect(query(t.customer.id, "GW-AP", "LICENCE_YEAR", "2027-03", 9)).toMatchObject({ unitPriceMinor: 10000n });
    expect(query(other.id, "QSM-MGMT-STD", "PAYG_UNIT", "2027-03")).toMatchObject({ unitPriceMinor: 2000n, basis: "book" });
    expect(query(t.childMssp.id, "QSM-MGMT-STD", "PAYG_UNIT", "2027-03")).toMatchObject({ unitPriceMinor: 1000n });

    // Refusals of overrides: on the field, nothing written.
    const before = await written(t.mssp.id);
    const refusals: [Record<string, unknown>, string, string?][] = [
      [{ sku: "QSM-MGMT-STD", discount: "100.01" }, "discount", "DISCOUNT_OVER_100"],
      [{ sku: "QSM-MGMT-STD", discount: "150" }, "discount", "DISCOUNT_OVER_100"],
      [{ sku: "QSM-MGMT-STD", discount: "-5" }, "discount", "DISCOUNT_NEGATIVE"],
      [{ sku: "QSM-MGMT-STD", discount: "" }, "discount"],
      [{ sku: "", mode: "PRICE", unitPrice: "5" }, "mode", "PRICE_FOR_EVERY_SKU"],
      [{ sku: "QSM-MGMT-STD", mode: "PRICE", unitPrice: "-5" }, "unitPrice", "PRICE_NEGATIVE"],
      [{ sku: "DX-CORE", kind: "SEAT", discount: "5" }, "sku", "SKU_NOT_SOLD"],
      [{ sku: "", discount: "20" }, "fromMonth", "OVERRIDE_EXISTS"],
      [{ sku: "", discount: "20", fromMonth: "2027-02" }, "fromMonth", "MONTH_PAST"],
      [{ sku: "", mode: "FREE", discount: "20" }, "mode"],
    ];
    for (const [input, field, reason] of refusals) {
      const error = await expectAppError(override(input), "INVALID", reason);
      expect(fieldsOf(error), JSON.stringify(input)).toEqual([field]);
    }
    // A buyer with own prices in EUR stays on EUR books.
    const currency = await expectAppError(setBuyerPriceBook(db, { actor, sellerId: t.mssp.id, buyerId: t.customer.id, input: { priceBookId: dollars.id }, now: MARCH_15 }), "INVALID", "OWN_PRICES_IN_OTHER_CURRENCY");
    expect(fieldsOf(currency)).toEqual(["priceBookId"]);
    expect(await written(t.mssp.id)).toEqual(before);

    // Overrides not yet in force can be removed; in force they are history.
    const rows = await db.priceOverride.findMany({ where: { accountId: t.customer.id }, orderBy: { fromMonth: "asc" } });
    await expectAppError(removePriceOverride(db, { actor, sellerId: t.mssp.id, buyerId: t.customer.id, overrideId: rows[0]!.id.toString(), now: MARCH_15 }), "RULE_VIOLATION", "OVERRIDE_IN_FORCE");
    const april = rows.find((row) => row.sku === "QSM-MGMT-STD")!;
    await removePriceOverride(db, { actor, sellerId: t.mssp.id, buyerId: t.customer.id, overrideId: april.id.toString(), now: MARCH_15 });
    const removed = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.mssp.id, action: "price_override.removed" } });
    expect(removed.before).toMatchObject({ sku: "QSM-MGMT-STD", override: "EUR 7.00", fromMonth: "April 2027" });

    // Back to the default book; the buyers list says who is on which book.
    await setBuyerPriceBook(db, { actor, sellerId: t.mssp.id, buyerId: other.id, input: {} });
    await setBuyerPriceBook(db, { actor, sellerId: t.mssp.id, buyerId: t.childMssp.id, input: { priceBookId: dollars.id } });
    const buyers = await listBuyers(db, { actor: t.msspViewer.actor, sellerId: t.mssp.id });
    // By name: "prices-child-mssp-…", "prices-customer-…", "prices-customer-…-other".
    expect(buyers.rows.map((row) => [row.id, row.book?.name, row.onDefault, row.overrideCount])).toEqual([
      [t.childMssp.id, "Dollars", false, 0],
      [t.customer.id, "Standard", true, 2],
      [other.id, "Standard", true, 0],
    ]);
    const searched = await listBuyers(db, { actor, sellerId: t.mssp.id, q: "-other" });
    expect(searched.rows.map((row) => row.id)).toEqual([other.id]);
  });

  it("points: a distributor prices them per point, an MSSP never; the same bad-input rules hold", async () => {
    const t = await seller();
    const actor = t.distributorAdmin.actor;
    const book = await createPriceBook(db, { actor, sellerId: t.distributor.id, input: { name: "Partner list", currency: "EUR" } });
    const add = (input: Record<string, unknown>) =>
      addPrice(db, { actor, sellerId: t.distributor.id, bookId: book.id, now: MARCH_15, input: { sku: "POINTS", kind: "POINT", unitPrice: "0.10", fromMonth: "2027-04", ...input } });
    const price = await add({});
    expect(price).toMatchObject({ sku: "POINTS", kind: "POINT", unitPriceMinor: 10, minUnits: 0 });
    // Listed in words: the SKU's name and "per point", never the enum code.
    const view = await getPriceBook(db, { actor, sellerId: t.distributor.id, bookId: book.id, now: MARCH_15 });
    expect(view.rows.map((row) => [row.sku, row.packageName, row.serviceName, row.kind, row.unitPriceMinor])).toEqual([["POINTS", "Points credited to partners", "Points", "POINT", 10]]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.distributor.id, action: "price.added" } });
    expect(audit.after).toMatchObject({ sku: "POINTS", pricePer: "point", unitPrice: "EUR 0.10" });
    // The SKU search offers points to the distributor only.
    expect((await searchSoldSkus(db, t.distributor, "point")).filter((sku) => sku.sku === "POINTS")).toEqual([{ sku: "POINTS", name: "Points credited to partners", serviceName: "Points", kinds: ["POINT"] }]);
    expect((await searchSoldSkus(db, t.mssp, "point")).some((sku) => sku.sku === "POINTS")).toBe(false);

    const before = await written(t.distributor.id);
    const refusals: [Record<string, unknown>, string, string?][] = [
      [{ unitPrice: "-0.01" }, "unitPrice", "PRICE_NEGATIVE"],
      [{ unitPrice: "0.105" }, "unitPrice", "PRICE_TOO_PRECISE"],
      [{ unitPrice: "0.20" }, "fromMonth", "PRICE_EXISTS"],
      [{ kind: "PAYG_UNIT" }, "kind", "KIND_NOT_FOR_SKU"],
      [{ sku: "QSM-MGMT-STD" }, "kind", "KIND_NOT_FOR_SKU"],
      [{ minUnits: 10 }, "minUnits", "TIER_NOT_FOR_KIND"],
    ];
    for (const [input, field, reason] of refusals) {
      const error = await expectAppError(add(input), "INVALID", reason);
      expect(fieldsOf(error), JSON.stringify(input)).toEqual([field]);
    }
    expect(await written(t.distributor.id)).toEqual(before);
    // An MSSP credits no points, so it sells none: refused on the SKU, saying why.
    const msspBook = await createPriceBook(db, { actor: t.msspAdmin.actor, sellerId: t.mssp.id, input: { name: "Standard", currency: "EUR" } });
    const mssp = await expectAppError(
      addPrice(db, { actor: t.msspAdmin.actor, sellerId: t.mssp.id, bookId: msspBook.id, now: MARCH_15, input: { sku: "POINTS", kind: "POINT", unitPrice: "0.10", fromMonth: "2027-04" } }),
      "INVALID",
      "SKU_NOT_SOLD",
    );
    expect(mssp.fieldErrors?.sku?.[0]).toMatch(/distributors only/);
    // Nor a discount on every SKU's points.
    const msspEvery = await expectAppError(
      addPriceOverride(db, { actor: t.msspAdmin.actor, sellerId: t.mssp.id, buyerId: t.customer.id, now: MARCH_15, input: { sku: "", kind: "POINT", mode: "DISCOUNT", discount: "10", fromMonth: "2027-04" } as never }),
      "INVALID",
      "KIND_NOT_SOLD",
    );
    expect(fieldsOf(msspEvery)).toEqual(["kind"]);

    // A partner's discount on points: 10 % of EUR 0.10 = EUR 0.09; over 100 % is refused.
    const override = (input: Record<string, unknown>) =>
      addPriceOverride(db, { actor, sellerId: t.distributor.id, buyerId: t.mssp.id, now: MARCH_15, input: { sku: "POINTS", kind: "POINT", mode: "DISCOUNT", fromMonth: "2027-04", ...input } as never });
    const overBefore = await written(t.distributor.id);
    expect(fieldsOf(await expectAppError(override({ discount: "100.5" }), "INVALID", "DISCOUNT_OVER_100"))).toEqual(["discount"]);
    expect(await written(t.distributor.id)).toEqual(overBefore);
    await override({ discount: "10" });
    const pricing = await loadSellerPricing(db, { sellerId: t.distributor.id, buyerIds: [t.mssp.id] });
    expect(pricing.priceFor({ buyerId: t.mssp.id, sku: "POINTS", kind: "POINT", month: "2027-04" })).toMatchObject({ unitPriceMinor: 9n, basis: "discount", discountBp: 1000 });
    expect(pricing.priceFor({ buyerId: t.mssp.id, sku: "POINTS", kind: "POINT", month: "2027-03" })).toBeNull();
  });

  it("billing profiles: defaults from the name, a 2–6 character prefix, edited by admins", async () => {
    const t = await makeTenant("profile");
    expect(await getBillingProfile(db, { actor: t.customerAdmin.actor, accountId: t.customer.id })).toMatchObject({ legalName: t.customer.name, saved: false });
    await updateBillingProfile(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { legalName: "Harbor Bank Ltd", address: "1 Quay\nPortsmouth", statementPrefix: "hb" } });
    expect(await getBillingProfile(db, { actor: t.msspViewer.actor, accountId: t.customer.id })).toEqual({ legalName: "Harbor Bank Ltd", address: "1 Quay\nPortsmouth", statementPrefix: "HB", saved: true });
    for (const statementPrefix of ["H", "TOOLONG", "H-B", ""]) {
      const error = await expectAppError(updateBillingProfile(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { legalName: "X", statementPrefix } }), "INVALID");
      expect(fieldsOf(error)).toEqual(["statementPrefix"]);
    }
    await expectAppError(updateBillingProfile(db, { actor: t.msspViewer.actor, accountId: t.customer.id, input: { legalName: "X", statementPrefix: "XX" } }), "FORBIDDEN");
    await expectAppError(updateBillingProfile(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, input: { legalName: "X", statementPrefix: "XX" } }), "NOT_FOUND");
    const event = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "billing_profile.updated" } });
    expect(event.after).toMatchObject({ statementNumbers: "HB-YYYY-NNNNN" });
  });
});
