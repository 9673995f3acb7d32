/** Volume-discount tiers of annual pool licences; shared by the server (which charges) and the order form (which previews). */
export interface PriceTier {
  minQuantity: number;
  /** Cents per licence and year. */
  unitPriceCents: number;
}

/** The tier with the highest minimum at or below the quantity; null below the smallest block. */
export function chooseTier<T extends PriceTier>(tiers: readonly T[], quantity: number): T | null {
  let chosen: T | null = null;
  for (const tier of tiers) if (tier.minQuantity <= quantity && (!chosen || tier.minQuantity > chosen.minQuantity)) chosen = tier;
  return chosen;
}

/** quantity × tier price × years, in cents (bigint: large orders overflow 32 bits). */
export function orderTotalCents(quantity: number, unitPriceCents: number, years: number): bigint {
  return BigInt(quantity) * BigInt(unitPriceCents) * BigInt(years);
}
