import type { PriceKind } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { addMonthsIso, isoDateToDb, todayIn } from "../../src/lib/dates";

type PriceSpec = [sku: string, kind: PriceKind, minor: number, minUnits?: number];

/** What Northwind charges its partners, per unit, in euro cents. */
const PARTNER_PRICES: PriceSpec[] = [
  ["QSM-MGMT-STD", "PAYG_UNIT", 800],
  ["QSM-MGMT-STD", "SUBSCRIPTION_MONTH", 650],
  ["QSM-MGMT-PAYG", "PAYG_UNIT", 900],
  ["QSM-MGMT-PAYG", "SUBSCRIPTION_MONTH", 700],
  ["HB-STD", "SEAT", 240],
  ["HEC-BASIC", "SEAT", 280],
  ["HEC-ADV", "SEAT", 420],
  ["AD360-STD", "SUBSCRIPTION_MONTH", 310],
  ["EPP-STD", "SUBSCRIPTION_MONTH", 190],
  ["DX-CORE", "SEAT", 300],
  ["DX-CORE-PLUS", "SEAT", 450],
  ["GW-AP", "SUBSCRIPTION_MONTH", 120],
  ["GW-ROOM", "SUBSCRIPTION_MONTH", 60],
  ["GW-AP", "LICENCE_YEAR", 18000, 0],
  ["GW-AP", "LICENCE_YEAR", 15000, 10],
  ["GW-ROOM", "LICENCE_YEAR", 9000, 0],
  ["GW-ROOM", "LICENCE_YEAR", 7500, 50],
];

/**
 * What Northwind charges a partner per point it credits (EUR 0.10). Only distributors sell points, so
 * the MSSPs' books (marked up from PARTNER_PRICES) never carry it.
 */
const POINTS_PRICE: PriceSpec = ["POINTS", "POINT", 10];

/** A seller's margin on top of what it pays: prices × factor, to the cent. */
const marked = (prices: PriceSpec[], factor: number): PriceSpec[] => prices.map(([sku, kind, minor, minUnits]) => [sku, kind, Math.round(minor * factor), minUnits]);

/**
 * Price books for the demo (docs/money.md#price-books), so statements and usage show money on first
 * start: Northwind's partner list (Ironclad on a strategic book, Bluewave with a PAYG discount);
 * Bluewave's standard book with a change scheduled for next month, a hospitality book for Pacific
 * Rim Hotels, and Harbor's own price and discount. Prices start six months back, so the last final
 * months are priced, and Northwind's points price bills Bluewave's points credit (70 days back, always
 * within the statements' catch-up window). Bluewave Iberia's book in euros and Ironclad's in US dollars. Billing profiles for the accounts whose statements the demo shows.
 */
export async function seedDemoPrices(db: DbTx, now = new Date()): Promise<void> {
  const byName = (name: string) => db.account.findFirstOrThrow({ where: { name } });
  const northwind = await byName("Northwind Distribution");
  const bluewave = await byName("Bluewave Security");
  const ironclad = await byName("Ironclad MSSP");
  const harbor = await byName("Harbor Community Bank");
  const pacific = await byName("Pacific Rim Hotels");
  const monthOf = (seller: { billingTimezone: string }, months: number) => isoDateToDb(addMonthsIso(`${todayIn(seller.billingTimezone, now).slice(0, 7)}-01`, months));
  const book = async (seller: typeof northwind, name: string, isDefault: boolean, prices: PriceSpec[], createdBy: string, currency = "EUR") =>
    db.priceBook.create({
      data: {
        accountId: seller.id,
        name,
        currency,
        defaultKey: isDefault ? seller.id : null,
        createdBy,
        prices: {
          create: prices.map(([sku, kind, unitPriceMinor, minUnits = 0]) => ({ accountId: seller.id, sku, kind, minUnits, unitPriceMinor, fromMonth: monthOf(seller, -6), createdBy })),
        },
      },
    });

  const dana = "dana.distributor@northwind.example";
  await book(northwind, "Partner list", true, [...PARTNER_PRICES, POINTS_PRICE], dana);
  const strategic = await book(northwind, "Strategic partners", false, marked([...PARTNER_PRICES, POINTS_PRICE], 0.9), dana);
  await db.buyerPricing.create({ data: { accountId: ironclad.id, sellerAccountId: northwind.id, priceBookId: strategic.id, updatedBy: dana } });
  await db.priceOverride.create({
    data: { accountId: bluewave.id, sellerAccountId: northwind.id, sku: "*", kind: "PAYG_UNIT", fromMonth: monthOf(northwind, -3), discountBp: 500, createdBy: dana },
  });

  const mia = "mia.admin@bluewave.example";
  const standard = await book(bluewave, "Standard", true, marked(PARTNER_PRICES, 1.4), mia);
  // A change decided this month for next month: this month keeps EUR 12.60.
  await db.price.create({
    data: { accountId: bluewave.id, priceBookId: standard.id, sku: "QSM-MGMT-PAYG", kind: "PAYG_UNIT", unitPriceMinor: 1350, fromMonth: monthOf(bluewave, 1), createdBy: mia },
  });
  const hospitality = await book(
    bluewave,
    "Hospitality",
    false,
    marked(PARTNER_PRICES, 1.4).filter(([sku]) => sku.startsWith("GW-")),
    mia,
  );
  await db.buyerPricing.create({ data: { accountId: pacific.id, sellerAccountId: bluewave.id, priceBookId: hospitality.id, updatedBy: mia } });
  await db.priceOverride.createMany({
    data: [
      { accountId: harbor.id, sellerAccountId: bluewave.id, sku: "*", kind: "PAYG_UNIT", fromMonth: monthOf(bluewave, -2), discountBp: 1000, createdBy: mia },
      { accountId: harbor.id, sellerAccountId: bluewave.id, sku: "HB-STD", kind: "SEAT", fromMonth: monthOf(bluewave, -6), unitPriceMinor: 300, createdBy: mia },
    ],
  });

  // Bluewave Iberia resells in euros; Ironclad sells to its Texan customers in US dollars.
  const iberia = await byName("Bluewave Iberia");
  await book(iberia, "Tarifa clientes", true, marked(PARTNER_PRICES, 1.5), "ines.admin@bluewave-iberia.example");
  await book(ironclad, "Customer list (USD)", true, marked(PARTNER_PRICES, 1.55), "omar.admin@ironclad.example", "USD");

  await db.billingProfile.createMany({
    data: [
      { accountId: northwind.id, legalName: "Northwind Distribution S.L.", address: "Calle de Alcalá 120\n28009 Madrid\nSpain", statementPrefix: "NW" },
      { accountId: bluewave.id, legalName: "Bluewave Security Ltd", address: "14 Harbour Exchange Square\nLondon E14 9GE\nUnited Kingdom", statementPrefix: "BW" },
      { accountId: iberia.id, legalName: "Bluewave Iberia S.L.", address: "Passeig de Gràcia 55\n08007 Barcelona\nSpain", statementPrefix: "BWI" },
      { accountId: harbor.id, legalName: "Harbor Community Bank, N.A.", address: "200 Federal Street\nBoston, MA 02110\nUnited States", statementPrefix: "HCB" },
    ],
  });
}
