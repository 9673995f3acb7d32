import "server-only";
import type { Account, Prisma } from "@/generated/prisma/client";
import type { PriceKind } from "@/generated/prisma/enums";
import { SEARCH_MATCH_LIMIT, searchText } from "@/lib/search-text";
import type { DbTx } from "@/server/db";
import { containsText } from "@/server/db/text-filters";
import type { Actor } from "@/server/auth/reach";
import { POINTS_SERVICE_NAME, POINTS_SKU, POINTS_SKU_NAME, sellsPoints } from "../points-sku";
import { getSellerInReach } from "./get-seller-in-reach";
import { priceKindsFor } from "./price-kinds";

/** A package a seller sells, with the kinds it can be priced in. */
export interface SoldSku {
  sku: string;
  name: string;
  serviceName: string;
  kinds: PriceKind[];
}

const SKU_SELECT = { sku: true, name: true, service: { select: { name: true, unit: true, contractTypes: true } } } satisfies Prisma.PackageSelect;

/**
 * Which packages a seller sells (docs/money.md#sellers-and-buyers): a distributor every package of
 * the catalogue; an MSSP those of the services switched on for it or any account below it.
 */
function soldWhere(seller: Pick<Account, "kind" | "path">): Prisma.PackageWhereInput {
  if (seller.kind === "DISTRIBUTOR") return {};
  return { service: { accountServices: { some: { account: { path: { startsWith: seller.path } } } } } };
}

const toSold = (pkg: Prisma.PackageGetPayload<{ select: typeof SKU_SELECT }>): SoldSku => ({
  sku: pkg.sku,
  name: pkg.name,
  serviceName: pkg.service.name,
  kinds: priceKindsFor(pkg),
});

/** Points, for the sellers that credit them (sellsPoints). */
const POINTS_SOLD: SoldSku = { sku: POINTS_SKU, name: POINTS_SKU_NAME, serviceName: POINTS_SERVICE_NAME, kinds: ["POINT"] };
const pointsMatch = (q: string) => [POINTS_SOLD.sku, POINTS_SOLD.name, POINTS_SOLD.serviceName].some((text) => text.toLowerCase().includes(q.toLowerCase()));

/** The seller's SKUs whose SKU, package or service name contains `q`, at most SEARCH_MATCH_LIMIT, by service then SKU. */
export async function searchSoldSkus(db: DbTx, seller: Pick<Account, "kind" | "path">, q: string): Promise<SoldSku[]> {
  const packages = await searchSoldPackages(db, seller, q);
  if (!sellsPoints(seller.kind) || !pointsMatch(q)) return packages;
  // Placed among the packages by service name, as the list is ordered; the database's order is kept.
  const at = packages.findIndex((pkg) => pkg.serviceName.localeCompare(POINTS_SOLD.serviceName, "en") > 0);
  const merged = at === -1 ? [...packages, POINTS_SOLD] : [...packages.slice(0, at), POINTS_SOLD, ...packages.slice(at)];
  return merged.slice(0, SEARCH_MATCH_LIMIT);
}

async function searchSoldPackages(db: DbTx, seller: Pick<Account, "kind" | "path">, q: string): Promise<SoldSku[]> {
  const rows = await db.package.findMany({
    where: {
      AND: [
        soldWhere(seller),
        ...(q ? [{ OR: [{ sku: containsText(q) }, { name: containsText(q) }, { service: { name: containsText(q) } }] }] : []),
      ],
    },
    select: SKU_SELECT,
    orderBy: [{ service: { name: "asc" } }, { sku: "asc" }],
    take: SEARCH_MATCH_LIMIT,
  });
  return rows.map(toSold);
}

/** One SKU if the seller sells it, else null. */
export async function getSoldSku(db: DbTx, seller: Pick<Account, "kind" | "path">, sku: string): Promise<SoldSku | null> {
  if (sku === POINTS_SKU) return sellsPoints(seller.kind) ? POINTS_SOLD : null;
  const pkg = await db.package.findFirst({ where: { AND: [{ sku }, soldWhere(seller)] }, select: SKU_SELECT });
  return pkg ? toSold(pkg) : null;
}

/**
 * The SKU combobox of the price forms (docs/screens.md#async-combobox): the SKUs the seller in reach
 * sells whose SKU, package or service name contains `q`. A customer or an account out of reach: not found.
 */
export async function searchSellerSkus(db: DbTx, options: { actor: Actor; sellerId: string; q: string }): Promise<SoldSku[]> {
  const q = searchText(options.q);
  const seller = await getSellerInReach(db, options.actor, options.sellerId);
  return searchSoldSkus(db, seller, q);
}
