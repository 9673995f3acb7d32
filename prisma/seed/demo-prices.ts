import type { PriceKind } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { addMonthsIso, isoDateToDb, todayIn } from "../../src/lib/dates";

type PriceSpec = [sku: string, kind: PriceKind, minor: number, minUnits?: number];

/** Northwind's list to its partners: what an MSSP pays (docs/money.md#price-books). */
const DISTRIBUTOR_PRICES: PriceSpec[] = [
  ["QSM-MGMT-STD", "PAYG_UNIT", 900],
  ["QSM-MGMT-PAYG", "PAYG_UNIT", 900],
  ["QSM-MGMT-STD", "SUBSCRIPTION_MONTH", 700],
  ["HB-STD", "SEAT", 250],
  ["HEC-BASIC", "SEAT", 300],
  ["HEC-ADV", "SEAT", 450],
  ["DX-CORE", "SEAT", 180],
  ["DX-CORE-PLUS", "SEAT", 320],
  ["AD360-STD", "SUBSCRIPTION_MONTH", 400],
  ["EPP-STD", "SUBSCRIPTION_MONTH", 220],
  ["GW-AP", "SUBSCRIPTION_MONTH", 150],
  ["GW-AP", "LICENCE_YEAR", 24000, 0],
  ["GW-AP", "LICENCE_YEAR", 19000, 20],
  ["GW-ROOM", "LICENCE_YEAR", 30000, 0],
  ["GW-ROOM", "LICENCE_YEAR", 24000, 50],
];

/** Bluewave's list to its customers: its prices sit above Northwind's, which is its margin. */
const MSSP_PRICES: PriceSpec[] = [
  ["QSM-MGMT-STD", "PAYG_UNIT", 1250],
  ["QSM-MGMT-PAYG", "PAYG_UNIT", 1250],
  ["QSM-MGMT-STD", "SUBSCRIPTION_MONTH", 950],
  ["HB-STD", "SEAT", 390],
  ["HEC-BASIC", "SEAT", 450],
  ["HEC-ADV", "SEAT", 650],
  ["DX-CORE", "SEAT", 290],
  ["DX-CORE-PLUS", "SEAT", 490],
  ["AD360-STD", "SUBSCRIPTION_MONTH", 600],
  ["EPP-STD", "SUBSCRIPTION_MONTH", 350],
  ["GW-AP", "SUBSCRIPTION_MONTH", 250],
  ["GW-AP", "LICENCE_YEAR", 36000, 0],
  ["GW-AP", "LICENCE_YEAR", 29000, 20],
  ["GW-ROOM", "LICENCE_YEAR", 42000, 0],
  ["GW-ROOM", "LICENCE_YEAR", 35000, 50],
];

/**
 * Price books for the demo's sellers: Northwind's partner list, Bluewave's customer list (with a
 * PAYG rise from next month, so a book shows its history, and a discount for Harbor Community
 * Bank), Bluewave Iberia's list in EUR and Ironclad's in USD, and billing profiles naming each on its statements. Prices
 * start a year back, so every month the demo has usage for is priced.
 */
export async function seedDemoPrices(db: DbTx, now: Date): Promise<void> {
  const byName = async (name: string) => db.account.findFirstOrThrow({ where: { name }, select: { id: true, billingTimezone: true } });
  const northwind = await byName("Northwind Distribution");
  const bluewave = await byName("Bluewave Security");
  const iberia = await byName("Bluewave Iberia");
  const ironclad = await byName("Ironclad MSSP");
  const harbor = await byName("Harbor Community Bank");

  const monthOf = (account: { billingTimezone: string }, months: number) => isoDateToDb(addMonthsIso(`${todayIn(account.billingTimezone, now).slice(0, 7)}-01`, months));
  const book = async (seller: { id: string; billingTimezone: string }, name: string, currency: string, prices: PriceSpec[], isDefault = true) => {
    const from = monthOf(seller, -12);
    return db.priceBook.create({
      data: {
        accountId: seller.id,
        name,
        currency,
        defaultKey: isDefault ? seller.id : null,
        createdBy: "demo seed",
        prices: {
          create: prices.map(([sku, kind, minor, minUnits]) => ({ accountId: seller.id, sku, kind, minUnits: minUnits ?? 0, fromMonth: from, unitPriceMinor: minor, createdBy: "demo seed" })),
        },
      },
    });
  };

  await book(northwind, "Partner list 2026", "EUR", DISTRIBUTOR_PRICES);
  // Ironclad buys in US dollars from a book of its own.
  const usd = await book(northwind, "Partner list USD", "USD", DISTRIBUTOR_PRICES.map(([sku, kind, minor, min]) => [sku, kind, Math.round((minor * 108) / 100), min]), false);
  await db.buyerPricing.create({ data: { accountId: ironclad.id, sellerAccountId: northwind.id, priceBookId: usd.id, updatedBy: "demo seed" } });

  const bluewaveBook = await book(bluewave, "Customer list", "EUR", MSSP_PRICES);
  // A price rise from next month: this month's statements keep today's price.
  await db.price.createMany({
    data: ["QSM-MGMT-STD", "QSM-MGMT-PAYG"].map((sku) => ({
      accountId: bluewave.id,
      priceBookId: bluewaveBook.id,
      sku,
      kind: "PAYG_UNIT" as const,
      fromMonth: monthOf(bluewave, 1),
      unitPriceMinor: 1350,
      createdBy: "demo seed",
    })),
  });
  await db.priceOverride.create({
    data: { accountId: harbor.id, sellerAccountId: bluewave.id, sku: "*", kind: "PAYG_UNIT", fromMonth: monthOf(bluewave, -12), discountBp: 1000, createdBy: "demo seed" },
  });
  await book(ironclad, "Customer list", "USD", MSSP_PRICES.map(([sku, kind, minor, min]) => [sku, kind, Math.round((minor * 112) / 100), min]));
  await book(iberia, "Tarifa clientes", "EUR", MSSP_PRICES.map(([sku, kind, minor, min]) => [sku, kind, Math.round((minor * 110) / 100), min]));

  await db.billingProfile.createMany({
    data: [
      { accountId: northwind.id, legalName: "Northwind Distribution S.L.", address: "Calle de Alcalá 120\n28009 Madrid\nSpain", statementPrefix: "NW" },
      { accountId: bluewave.id, legalName: "Bluewave Security Ltd", address: "18 Canal Street\nManchester M1 3HE\nUnited Kingdom", statementPrefix: "BW" },
      { accountId: iberia.id, legalName: "Bluewave Iberia S.L.", address: "Passeig de Gràcia 55\n08007 Barcelona\nSpain", statementPrefix: "BWI" },
      { accountId: harbor.id, legalName: "Harbor Community Bank, N.A.", address: "200 Harbor Way\nBoston, MA 02110\nUnited States", statementPrefix: "HCB" },
    ],
  });
}
