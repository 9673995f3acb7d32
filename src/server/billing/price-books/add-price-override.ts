import "server-only";
import type { PriceOverride } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { isUniqueViolation } from "@/lib/errors";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertSoldKind, assertTier } from "./assert-sold-kind";
import { findBuyer, findBuyerBook } from "./get-buyer-pricing";
import { getSellerInReach } from "./get-seller-in-reach";
import { overrideValueLabel } from "./override-value";
import { EVERY_SKU, fieldError, overrideInputSchema, parseInput } from "./price-book-input";
import { parseDiscount, parsePrice, priceKeyLabel, rowInForce, tierLabel } from "./price-history";
import { assertOpenMonth, monthLabel, monthToDb } from "./pricing-months";
import { kindsSoldBy } from "./price-kinds";

export interface OverrideInput {
  /** A SKU, or "" / "*" for every SKU (discounts only). */
  sku?: string;
  kind: string;
  minUnits?: number | string;
  mode: string;
  /** PRICE: as typed, in the currency of the buyer's book. */
  unitPrice?: string;
  /** DISCOUNT: percent with at most two decimals, "12.5". */
  discount?: string;
  fromMonth: string;
}

/**
 * Gives a buyer its own price, or a discount on the book's price, for a SKU (or a discount for every
 * SKU) and kind from a month on (docs/money.md#price-books). Same refusals as a book's price, plus a
 * discount over 100 % and an own price for every SKU; nothing written when refused.
 */
export async function addPriceOverride(
  db: Db,
  options: { actor: Actor; sellerId: string; buyerId: string; input: OverrideInput; now?: Date },
): Promise<PriceOverride> {
  const { actor } = options;
  const input = parseInput(overrideInputSchema, options.input);
  const now = options.now ?? new Date();
  const key = { sku: input.sku, kind: input.kind, minUnits: input.minUnits };
  const every = key.sku === EVERY_SKU;
  const duplicate = (buyerName: string) =>
    fieldError("fromMonth", `${buyerName} already has an override for ${priceKeyLabel(key, every ? "every SKU" : key.sku)} from ${monthLabel(input.fromMonth)}. Choose another month.`, "OVERRIDE_EXISTS");
  let buyerName = "This buyer";
  try {
    return await db.$transaction(async (tx) => {
      const seller = await getSellerInReach(tx, actor, options.sellerId, { manage: true });
      const buyer = await findBuyer(tx, seller, options.buyerId);
      buyerName = buyer.name;
      if (every) {
        if (input.mode === "PRICE") throw fieldError("mode", "An own price is for one SKU: choose a SKU, or give every SKU a discount.", "PRICE_FOR_EVERY_SKU");
        if (!kindsSoldBy(seller.kind).includes(key.kind)) {
          throw fieldError("kind", `${seller.name} sells no points: only distributors credit them. Choose another kind.`, "KIND_NOT_SOLD");
        }
        assertTier(key);
      } else {
        await assertSoldKind(tx, seller, key);
      }

      const book = await findBuyerBook(tx, seller.id, buyer.id);
      let value: { unitPriceMinor: number; discountBp: null } | { unitPriceMinor: null; discountBp: number };
      if (input.mode === "PRICE") {
        if (!book) throw fieldError("unitPrice", `${seller.name} has no price book yet: add one first, it gives the price its currency.`, "NO_BOOK");
        value = { unitPriceMinor: parsePrice(input.unitPrice ?? "", book.currency), discountBp: null };
      } else {
        value = { unitPriceMinor: null, discountBp: parseDiscount(input.discount ?? "") };
      }
      await assertOpenMonth(tx, seller, input.fromMonth, now);

      const earlier = (
        await tx.priceOverride.findMany({ where: { accountId: buyer.id, sellerAccountId: seller.id, ...key }, select: { fromMonth: true, unitPriceMinor: true, discountBp: true } })
      ).map((row) => ({ ...key, ...row, month: dbDateToIso(row.fromMonth).slice(0, 7) }));
      if (earlier.some((row) => row.month === input.fromMonth)) throw duplicate(buyer.name);
      const replaced = rowInForce(earlier, key, input.fromMonth);

      const override = await tx.priceOverride.create({
        data: { accountId: buyer.id, sellerAccountId: seller.id, ...key, fromMonth: monthToDb(input.fromMonth), ...value, createdBy: actor.email },
      });
      const currency = book?.currency ?? "";
      await recordAuditEvent(tx, actor, {
        accountId: seller.id,
        action: "price_override.added",
        objectType: "price_override",
        objectId: override.id.toString(),
        before: replaced ? { override: overrideValueLabel(replaced, currency), fromMonth: monthLabel(replaced.month) } : undefined,
        after: {
          buyer: buyer.name,
          sku: every ? "Every SKU" : key.sku,
          pricePer: PRICE_KIND_LABEL[key.kind],
          ...(key.kind === "LICENCE_YEAR" ? { tier: tierLabel(key) } : {}),
          override: overrideValueLabel(value, currency),
          fromMonth: monthLabel(input.fromMonth),
        },
      });
      return override;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(buyerName);
    throw error;
  }
}
