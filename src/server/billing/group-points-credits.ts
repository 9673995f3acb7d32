import type { UsageCharges } from "./usage-charges";

type Line = UsageCharges["lines"][number];

/**
 * The Charges card's lines with a month's points credits at one unit price shown as one line: a
 * partner buying points many times a month would otherwise fill the usage page with a row per
 * credit (the statement and the charges CSV keep a line per credit). The grouped line's quantity
 * and amount are the sums of its lines — each already rounded once — so the card's total is
 * unchanged (docs/money.md#points-credits).
 */
export function groupPointsCredits(lines: readonly Line[]): Line[] {
  const grouped: Line[] = [];
  const groups = new Map<string, { at: number; count: number }>();
  for (const line of lines) {
    if (line.kind !== "POINTS_CREDIT") {
      grouped.push(line);
      continue;
    }
    const key = `${line.usageAccountId}|${line.sku}|${line.unitPriceMinor}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { at: grouped.length, count: 1 });
      grouped.push(line);
      continue;
    }
    const first = grouped[group.at]!;
    group.count += 1;
    grouped[group.at] = {
      ...first,
      description: `${group.count} points credits`,
      quantityE4: first.quantityE4 + line.quantityE4,
      quantityNum: first.quantityNum + line.quantityNum,
      amountMinor: first.amountMinor + line.amountMinor,
      forecastMinor: null,
      note: [first.note, "one line per credit on the statement"].filter(Boolean).join(" · "),
    };
  }
  return grouped;
}
