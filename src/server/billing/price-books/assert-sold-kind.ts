import "server-only";
import type { Account } from "@/generated/prisma/client";
import type { PriceKind } from "@/generated/prisma/enums";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import type { DbTx } from "@/server/db";
import { POINTS_SKU } from "../points-sku";
import { fieldError } from "./price-book-input";
import { getSoldSku, type SoldSku } from "./skus-sold";

/**
 * The SKU of a price or override, if the seller sells it and its service is billed in `kind`
 * (docs/money.md#price-books); a tier only for licence-year prices. Refused on the field at fault.
 */
export async function assertSoldKind(db: DbTx, seller: Pick<Account, "kind" | "path" | "name">, key: { sku: string; kind: PriceKind; minUnits: number }): Promise<SoldSku> {
  const sold = await getSoldSku(db, seller, key.sku);
  if (!sold) {
    const why =
      key.sku === POINTS_SKU
        ? "points are credited, and so priced, by distributors only"
        : seller.kind === "DISTRIBUTOR"
          ? "no package of the catalogue has it"
          : "it sells the packages of the services switched on for it or an account below it";
    throw fieldError("sku", `${seller.name} does not sell ${key.sku}: ${why}.`, "SKU_NOT_SOLD");
  }
  if (!sold.kinds.includes(key.kind)) {
    throw fieldError("kind", `${sold.sku} is not billed per ${PRICE_KIND_LABEL[key.kind]}: choose ${sold.kinds.map((kind) => PRICE_KIND_LABEL[kind]).join(" or ")}.`, "KIND_NOT_FOR_SKU");
  }
  assertTier(key);
  return sold;
}

/** Tiers belong to licence-year prices; other kinds are priced from 0 units. */
export function assertTier(key: { kind: PriceKind; minUnits: number }): void {
  if (key.kind !== "LICENCE_YEAR" && key.minUnits !== 0) throw fieldError("minUnits", "Only licence-year prices have tiers: leave it at 0.", "TIER_NOT_FOR_KIND");
}
