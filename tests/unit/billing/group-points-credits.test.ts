import { describe, expect, it } from "vitest";
import { groupPointsCredits } from "@/server/billing/group-points-credits";
import type { UsageCharges } from "@/server/billing/usage-charges";

type Line = UsageCharges["lines"][number];

function line(overrides: Partial<Line>): Line {
  return {
    buyerId: "b", usageAccountId: "u", usageAccountName: "Bluewave", serviceId: null, serviceName: "Points", sku: "POINTS",
    kind: "POINTS_CREDIT", description: "Points credit: 100 points — bought", quantityNum: 100n, quantityDen: 1n, quantityE4: 1_000_000n,
    unit: "point", unitPriceMinor: 7n, amountMinor: 700n, correctsMonth: null, note: "", key: "k", forecastMinor: null,
    ...overrides,
  };
}

describe("groupPointsCredits", () => {
  it("shows a month's credits at one price as one line whose sums keep the card's total", () => {
    const payg = line({ kind: "PAYG", sku: "QSM-PAYG", serviceId: "s", serviceName: "Spark", amountMinor: 13_750n, forecastMinor: 14_000n });
    const lines = [payg, line({ key: "1" }), line({ key: "2", quantityNum: 333n, quantityE4: 3_330_000n, amountMinor: 2_331n }), line({ key: "3", unitPriceMinor: 10n, amountMinor: 1_000n })];
    const grouped = groupPointsCredits(lines);
    expect(grouped).toHaveLength(3);
    expect(grouped[0]).toBe(payg);
    expect(grouped[1]).toMatchObject({ description: "2 points credits", quantityE4: 4_330_000n, quantityNum: 433n, amountMinor: 3_031n, note: "one line per credit on the statement" });
    expect(grouped[2]).toMatchObject({ description: "Points credit: 100 points — bought", unitPriceMinor: 10n });
    const total = (rows: Line[]) => rows.reduce((sum, row) => sum + row.amountMinor, 0n);
    expect(total(grouped)).toBe(total(lines));
  });

  it("leaves a single credit as it is", () => {
    const only = line({});
    expect(groupPointsCredits([only])).toEqual([only]);
  });
});
