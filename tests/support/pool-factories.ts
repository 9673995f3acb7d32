import { randomUUID } from "node:crypto";
import { isoDateToDb } from "../../src/lib/dates";
import { db } from "../../src/server/db";
import { creditPoints } from "../../src/server/points/credit-points";
import { buyLicenceBlock } from "../../src/server/pools/buy-licence-block";
import { setPriceTier } from "../../src/server/pools/price-tiers";
import type { makeTenant } from "./factories";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

export const AD360 = "adaptive-defense-360"; // 3 points per monthly licence in the catalogue

/** The distributor's price list: 10+ at 30.00, 50+ at 27.00, 100+ at 24.00 per licence and year. */
export async function givePriceList(t: Tenant, service = AD360) {
  for (const [minQuantity, unitPriceCents] of [[10, 3000], [50, 2700], [100, 2400]] as const) {
    await setPriceTier(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, service, minQuantity, unitPriceCents });
  }
}

/** A block bought at the price the preview would show. */
export async function buyBlock(t: Tenant, options: { quantity: number; years?: number; service?: string }) {
  const years = options.years ?? 1;
  const unit = options.quantity >= 100 ? 2400 : options.quantity >= 50 ? 2700 : 3000;
  return buyLicenceBlock(db, {
    actor: t.msspAdmin.actor,
    partnerId: t.mssp.id,
    input: { service: options.service ?? AD360, years, quantity: options.quantity, expectedTotalCents: options.quantity * unit * years },
  });
}

export async function givePoints(t: Tenant, points: number) {
  return creditPoints(db, { actor: t.distributorAdmin.actor, partnerId: t.mssp.id, points, reason: "Quarterly points allocation" });
}

/** `devices` endpoints of the account active on each of these local days (the metered activity). */
export async function activity(accountId: string, days: string[], devices: number, kind: "ENDPOINT" | "GATEWAY" = "ENDPOINT") {
  const ids = Array.from({ length: devices }, () => randomUUID());
  await db.deviceDailyActivity.createMany({
    data: days.flatMap((day) =>
      ids.map((deviceId) => ({
        accountId,
        day: isoDateToDb(day),
        deviceId,
        firstSeenAt: new Date(`${day}T09:00:00Z`),
        lastSeenAt: new Date(`${day}T17:00:00Z`),
        events: 3,
        kind,
      })),
    ),
  });
}
