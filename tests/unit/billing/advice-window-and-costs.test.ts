import { describe, expect, it } from "vitest";
import { adviseContract, adviseSubscription, paygCost, subscriptionCost } from "@/server/billing/advice/advice-costs";
import { adviceWindowOf } from "@/server/billing/advice/advice-window";

describe("the advice window (docs/money.md#advice)", () => {
  it("ends with the latest local month whose every day is final, in each account's timezone", () => {
    // 10 December 12:00 UTC: the last final day is 6 December; November is complete.
    expect(adviceWindowOf("UTC", new Date("2026-12-10T12:00:00Z"))).toMatchObject({
      throughMonth: "2026-11",
      from: "2025-12-01",
      until: "2026-12-01",
      days: 365,
      currentMonth: "2026-12",
    });
    // 4 December 09:00 UTC: 30 November is final in UTC (today 4 December) …
    const instant = new Date("2026-12-04T09:00:00Z");
    expect(adviceWindowOf("UTC", instant).throughMonth).toBe("2026-11");
    // … but Honolulu is still on 3 December: 30 November is not final there, October is its last complete month.
    expect(adviceWindowOf("Pacific/Honolulu", instant)).toMatchObject({ throughMonth: "2026-10", from: "2025-11-01", until: "2026-11-01" });
    // A window holding 29 February has 366 days.
    const leap = adviceWindowOf("Europe/Madrid", new Date("2028-03-20T12:00:00Z"));
    expect(leap).toMatchObject({ throughMonth: "2028-02", days: 366 });
    expect(leap.monthDays).toEqual([31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29]);
  });
});

describe("advice arithmetic", () => {
  const monthDays = [31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30];
  const flat = (minor: number) => monthDays.map(() => BigInt(minor));

  it("rounds each month half up once, from the device-days", () => {
    // 14 device-days of a 31-day month at 12.50: 564.5… → 565 (not 0.4516 units × 1,250).
    expect(paygCost({ deviceDays: [14], unitPrices: [1250n], monthDays: [31] })).toBe(565n);
    // Live 21 days of a 30-day month, 50 units at 2.00: 7,000.
    expect(subscriptionCost({ units: 50, unitPrices: [200n], monthDays: [30], liveDays: [21] })).toBe(7_000n);
  });

  it("suggests a subscription only when it costs less, for the peak's units", () => {
    const deviceDays = [31, 31, 28, 31, 30, 31, 6, 31, 31, 30, 31, 30];
    expect(adviseSubscription({ deviceDays, peakUnits: 1, paygPrices: flat(2750), subscriptionPrices: flat(800), monthDays })).toEqual({
      suggestion: "SUBSCRIPTION",
      suggestedQuantity: 1,
      costNowMinor: 30_800n,
      costWithMinor: 9_600n,
      savingMinor: 21_200n,
    });
    expect(adviseSubscription({ deviceDays: [7, ...Array(11).fill(0)], peakUnits: 1, paygPrices: flat(2750), subscriptionPrices: flat(800), monthDays }).suggestion).toBeNull();
  });

  it("a contract: nothing when its peak reaches its quantity; a smaller quantity when PAYG is no option or saves the same", () => {
    const liveDays = monthDays;
    const base = { quantity: 10, liveDays, monthDays, subscriptionPrices: flat(800) };
    expect(adviseContract({ ...base, peakUnits: 10, deviceDays: Array(12).fill(300), paygPrices: flat(2750) }).suggestion).toBeNull();
    expect(adviseContract({ ...base, peakUnits: 4, deviceDays: Array(12).fill(100), paygPrices: null })).toMatchObject({ suggestion: "SMALLER_QUANTITY", suggestedQuantity: 4, savingMinor: 6n * 800n * 12n });
    // Never used: the smallest quantity is 1 unit; PAYG of nothing costs nothing and saves more.
    expect(adviseContract({ ...base, peakUnits: 0, deviceDays: Array(12).fill(0), paygPrices: null })).toMatchObject({ suggestion: "SMALLER_QUANTITY", suggestedQuantity: 1 });
    expect(adviseContract({ ...base, peakUnits: 0, deviceDays: Array(12).fill(0), paygPrices: flat(2750) })).toMatchObject({ suggestion: "PAYG", costWithMinor: 0n });
    // PAYG costing exactly what 1 unit costs: the smaller quantity wins the tie.
    const tie = adviseContract({ ...base, peakUnits: 1, deviceDays: monthDays, paygPrices: flat(800) });
    expect(tie).toMatchObject({ suggestion: "SMALLER_QUANTITY", suggestedQuantity: 1 });
  });
});
