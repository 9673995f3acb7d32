import type { AccountKind, ContractType, PriceKind, ServiceUnit } from "@/generated/prisma/enums";
import { LOCATION_LICENCE_SKU } from "../location-licence-skus";
import { sellsPoints } from "../points-sku";

/** Every kind, in the order screens list them. */
export const PRICE_KINDS = ["PAYG_UNIT", "SEAT", "SUBSCRIPTION_MONTH", "LICENCE_YEAR", "POINT"] as const satisfies readonly PriceKind[];

/** The kinds a seller prices in: points only for a distributor, the one that credits them (docs/money.md#sellers-and-buyers). */
export function kindsSoldBy(sellerKind: AccountKind): PriceKind[] {
  return sellsPoints(sellerKind) ? [...PRICE_KINDS] : PRICE_KINDS.filter((kind) => kind !== "POINT");
}

const LICENCE_SKUS: readonly string[] = Object.values(LOCATION_LICENCE_SKU);

/**
 * The kinds a package can be priced in, from what its service bills (docs/money.md#what-is-charged):
 * a per-user service bills seats; other services bill PAYG units if they offer PAYG and unit-months if
 * they offer subscriptions; the Guest WiFi packages also bill location licences by the year.
 */
export function priceKindsFor(pkg: { sku: string; service: { unit: ServiceUnit; contractTypes: readonly ContractType[] } }): PriceKind[] {
  const perUser = pkg.service.unit === "USER";
  const kinds: PriceKind[] = [];
  if (!perUser && pkg.service.contractTypes.includes("PAYG")) kinds.push("PAYG_UNIT");
  if (perUser) kinds.push("SEAT");
  if (!perUser && pkg.service.contractTypes.includes("SUBSCRIPTION")) kinds.push("SUBSCRIPTION_MONTH");
  if (LICENCE_SKUS.includes(pkg.sku)) kinds.push("LICENCE_YEAR");
  return kinds;
}

/** Licence-year prices are tiered by the licence's size: access points, or rooms for the hospitality package. */
export function tierUnitOf(sku: string): { one: string; many: string } {
  return sku === LOCATION_LICENCE_SKU.rooms ? { one: "room", many: "rooms" } : { one: "access point", many: "access points" };
}
