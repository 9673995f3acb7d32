import type { PriceKind } from "../../src/generated/prisma/enums";
import { isoDateToDb } from "../../src/lib/dates";
import { db } from "../../src/server/db";
import type { SellerAccount } from "../../src/server/billing/seller-charges";
import type { TestAccount } from "./factories";

export interface PriceSpec {
  sku: string;
  kind: PriceKind;
  /** "YYYY-MM" */
  from: string;
  minor: number;
}

/** The seller's default price book (EUR unless told) with its prices, inserted directly. */
export async function insertPriceBook(sellerId: string, prices: PriceSpec[], options: { name?: string; currency?: string } = {}) {
  return db.priceBook.create({
    data: {
      accountId: sellerId,
      name: options.name ?? "Standard",
      currency: options.currency ?? "EUR",
      defaultKey: sellerId,
      createdBy: "test",
      prices: {
        create: prices.map((p) => ({ accountId: sellerId, sku: p.sku, kind: p.kind, fromMonth: isoDateToDb(`${p.from}-01`), unitPriceMinor: p.minor, createdBy: "test" })),
      },
    },
  });
}

/**
 * Metered PAYG device-days of one account and service, as the daily metering leaves them:
 * `perDay` device-days on each of `days` days from `first`, and the service's watermark moved to
 * the last of them (so the monthly roll-up picks the month up).
 */
export async function insertMeteredDays(accountId: string, serviceCode: string, first: string, days: number, perDay: number) {
  const service = await db.service.findUniqueOrThrow({ where: { code: serviceCode } });
  await db.$executeRaw`
    INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
    SELECT ${accountId}::uuid, ${service.id}::uuid, d::date, ${perDay}, ${perDay}, true, true
    FROM generate_series(${first}::date, ${first}::date + ${days - 1}::int, interval '1 day') d`;
  await db.$executeRaw`
    INSERT INTO metering_watermarks (account_id, service_id, last_day) VALUES (${accountId}::uuid, ${service.id}::uuid, ${first}::date + ${days - 1}::int)
    ON CONFLICT (account_id, service_id) DO UPDATE SET last_day = GREATEST(metering_watermarks.last_day, EXCLUDED.last_day)`;
}

/** The account as a seller for computeSellerCharges. */
export function asSeller(account: TestAccount): SellerAccount {
  return { id: account.id, name: account.name, kind: account.kind, path: account.path };
}
