import "server-only";
import type { PriceKind } from "@/generated/prisma/enums";
import { minorDigits, parseMoney, parsePercentBp } from "@/lib/money";
import { PRICE_KIND_LABEL } from "@/lib/labels";
import { fieldError } from "./price-book-input";
import { tierUnitOf } from "./price-kinds";
import { addMonths } from "./pricing-months";

/*
 * Prices and overrides are rows from a month on, never edited (docs/money.md#price-books): a row
 * is in force from its month until the month before the next row of the same SKU, kind and tier.
 */

export type RowStatus = "IN_FORCE" | "SCHEDULED" | "ENDED";

export interface Dated {
  sku: string;
  kind: PriceKind;
  minUnits: number;
  /** "YYYY-MM" */
  month: string;
}

export interface InHistory {
  status: RowStatus;
  /** The last month the row applies to, when a later row follows it. */
  until: string | null;
}

const keyOf = (row: Dated) => `${row.sku}\u0000${row.kind}\u0000${row.minUnits}`;

/** Each row with its status in `current` (the seller's month) and the month it ends, if a later row follows. */
export function withHistory<Row extends Dated>(rows: Row[], current: string): (Row & InHistory)[] {
  const next = new Map<Row, Row>();
  const byKey = new Map<string, Row[]>();
  for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
  for (const group of byKey.values()) {
    group.sort((a, b) => a.month.localeCompare(b.month));
    group.forEach((row, index) => {
      if (group[index + 1]) next.set(row, group[index + 1]!);
    });
  }
  return rows.map((row) => {
    const following = next.get(row);
    const status: RowStatus = row.month > current ? "SCHEDULED" : following && following.month <= current ? "ENDED" : "IN_FORCE";
    return { ...row, status, until: following ? addMonths(following.month, -1) : null };
  });
}

/** The row in force in `month` among rows of one SKU, kind and tier (the latest month at or before it). */
export function rowInForce<Row extends Dated>(rows: Row[], key: Omit<Dated, "month">, month: string): Row | null {
  let found: Row | null = null;
  for (const row of rows) {
    if (row.sku !== key.sku || row.kind !== key.kind || row.minUnits !== key.minUnits || row.month > month) continue;
    if (!found || row.month > found.month) found = row;
  }
  return found;
}

/** "from 10 access points" for a licence-year tier; "any size" for tier 0; "" for other kinds. */
export function tierLabel(row: { sku: string; kind: PriceKind; minUnits: number }): string {
  if (row.kind !== "LICENCE_YEAR") return "";
  if (row.minUnits === 0) return "any size";
  const unit = tierUnitOf(row.sku);
  return `from ${row.minUnits.toLocaleString("en")} ${row.minUnits === 1 ? unit.one : unit.many}`;
}

/** "GW-AP per licence-year from 10 access points", for messages and the audit trail. */
export function priceKeyLabel(row: { sku: string; kind: PriceKind; minUnits: number }, skuWords = row.sku): string {
  const tier = tierLabel(row);
  return `${skuWords} per ${PRICE_KIND_LABEL[row.kind]}${tier ? `, ${tier}` : ""}`;
}

const PRICE_REFUSAL = {
  EMPTY: () => "Enter the price.",
  NOT_A_NUMBER: () => "Enter a price such as 12.50.",
  NEGATIVE: () => "A price cannot be negative.",
  TOO_PRECISE: (currency: string) => {
    const digits = minorDigits(currency);
    return digits === 0 ? `${currency} has no decimals: enter a whole amount.` : `${currency} has ${digits} decimals: enter at most ${digits}.`;
  },
  TOO_LARGE: () => "That price is too large.",
} as const;

/** A price typed in `currency` ("12.50"), in minor units; refused on `field` when it is not one. */
export function parsePrice(text: string, currency: string, field = "unitPrice"): number {
  const parsed = parseMoney(text, currency);
  if (!parsed.ok) throw fieldError(field, PRICE_REFUSAL[parsed.reason](currency), `PRICE_${parsed.reason}`);
  return Number(parsed.minor);
}

/** A discount typed in percent with at most two decimals ("12.5"), in basis points; refused on `field` otherwise. */
export function parseDiscount(text: string, field = "discount"): number {
  const trimmed = text.trim().replace(/\s*%$/, "");
  const bp = parsePercentBp(trimmed);
  if (bp !== null) return bp;
  if (/^-/.test(trimmed)) throw fieldError(field, "A discount cannot be negative.", "DISCOUNT_NEGATIVE");
  if (/^\d+(\.\d+)?$/.test(trimmed) && Number(trimmed) > 100) throw fieldError(field, "A discount is at most 100 %.", "DISCOUNT_OVER_100");
  throw fieldError(field, "Enter a percentage such as 10 or 12.5 (at most two decimals).", "DISCOUNT_NOT_A_NUMBER");
}
