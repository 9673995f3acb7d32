import type { AccountKind } from "@/generated/prisma/enums";

/**
 * Points are not a package of the catalogue: a distributor credits them to its partners (docs/pools-and-points.md#points)
 * and prices them per point under this SKU (docs/money.md#points-credits). No package may take it.
 */
export const POINTS_SKU = "POINTS";

/** How the price forms list the points SKU, beside the catalogue's packages. */
export const POINTS_SKU_NAME = "Points credited to partners";
export const POINTS_SERVICE_NAME = "Points";

/**
 * Whether a seller prices points: only a distributor's admins credit points to its partners
 * (docs/pools-and-points.md#points), so only a distributor bills them; an MSSP never does.
 */
export const sellsPoints = (sellerKind: AccountKind): boolean => sellerKind === "DISTRIBUTOR";
