import { describe, expect, it } from "vitest";
import { firstOfNextMonth, quoteMonthlyExchange, quoteRenewalExchange } from "@/lib/pool-proration";
import { chooseTier } from "@/lib/pool-pricing";
import { addYearsIso, daysInMonthOf, termLastDay } from "@/lib/dates";
import { forecastRenewal } from "@/server/pools/get-monthly-pools";

/**
 * Proration (docs/pools-and-points.md#proration): exchanged on day d of a month of D days for n devices,
 * r = min(30, D − d + 1), licences = ceil(n × r / 30), points = licences × price;
 * on the 1st licences = n.
 */
describe("monthly exchange proration", () => {
  const cases = [
    // The acceptance example: 30 devices, 3 points per licence.
    { name: "on the 1st of October", today: "2026-10-01", n: 30, price: 3, r: 30, days: 900, licences: 30, points: 90 },
    { name: "on 23 October (31-day month)", today: "2026-10-23", n: 30, price: 3, r: 9, days: 270, licences: 9, points: 27 },
    { name: "on the 2nd of a 31-day month: still a full 30 days", today: "2026-10-02", n: 30, price: 3, r: 30, days: 900, licences: 30, points: 90 },
    { name: "a 30-day month (23 November)", today: "2026-11-23", n: 30, price: 3, r: 8, days: 240, licences: 8, points: 24 },
    { name: "on the 1st of a 30-day month", today: "2026-11-01", n: 30, price: 3, r: 30, days: 900, licences: 30, points: 90 },
    { name: "February of a leap year, mid-month", today: "2028-02-15", n: 30, price: 3, r: 15, days: 450, licences: 15, points: 45 },
    { name: "29 February: the last day of a leap February", today: "2028-02-29", n: 30, price: 3, r: 1, days: 30, licences: 1, points: 3 },
    { name: "1 February of a leap year: licences = n, not 29/30 of it", today: "2028-02-01", n: 30, price: 3, r: 29, days: 870, licences: 30, points: 90 },
    { name: "1 February of a common year: licences = n", today: "2027-02-01", n: 30, price: 3, r: 28, days: 840, licences: 30, points: 90 },
    { name: "28 February of a common year (last day)", today: "2027-02-28", n: 30, price: 3, r: 1, days: 30, licences: 1, points: 3 },
    { name: "the last day of a 31-day month", today: "2026-10-31", n: 30, price: 3, r: 1, days: 30, licences: 1, points: 3 },
    { name: "the last day of a 30-day month", today: "2026-11-30", n: 45, price: 2, r: 1, days: 45, licences: 2, points: 4 },
    { name: "n = 1 mid-month rounds up to one licence", today: "2026-10-23", n: 1, price: 3, r: 9, days: 9, licences: 1, points: 3 },
    { name: "n = 1 on the 1st", today: "2026-10-01", n: 1, price: 3, r: 30, days: 30, licences: 1, points: 3 },
    { name: "n = 1 on the last day", today: "2026-12-31", n: 1, price: 3, r: 1, days: 1, licences: 1, points: 3 },
    { name: "rounding up a fraction (7 devices × 15 days = 3.5 licences)", today: "2026-10-17", n: 7, price: 3, r: 15, days: 105, licences: 4, points: 12 },
    { name: "exact multiple, no rounding (10 devices × 18 days = 6 licences)", today: "2026-09-13", n: 10, price: 2, r: 18, days: 180, licences: 6, points: 12 },
  ];
  it.each(cases)("$name", ({ today, n, price, r, days, licences, points }) => {
    expect(quoteMonthlyExchange({ today, devices: n, pricePerLicence: price })).toEqual({
      devices: n,
      remainingDays: r,
      protectionDays: days,
      licences,
      points,
    });
  });

  it("the renewal after 23 October needs 30 licences = 90 points", () => {
    expect(quoteRenewalExchange({ devices: 30, pricePerLicence: 3 })).toEqual({ devices: 30, licences: 30, points: 90 });
  });

  it("never charges more licences than devices, nor fewer than the protection days need", () => {
    for (const today of ["2026-10-01", "2026-10-15", "2026-11-30", "2028-02-29", "2027-02-01"]) {
      for (let n = 1; n <= 60; n++) {
        const quote = quoteMonthlyExchange({ today, devices: n, pricePerLicence: 1 });
        expect(quote.licences).toBeLessThanOrEqual(n);
        expect(quote.licences * 30).toBeGreaterThanOrEqual(quote.protectionDays);
        // Beyond the 1st (where licences = n), never a licence more than the protection days need.
        if (!today.endsWith("-01")) expect((quote.licences - 1) * 30).toBeLessThan(quote.protectionDays);
      }
    }
  });

  it("refuses non-integer input", () => {
    expect(() => quoteMonthlyExchange({ today: "2026-10-01", devices: 1.5, pricePerLicence: 3 })).toThrow(RangeError);
    expect(() => quoteMonthlyExchange({ today: "2026-10-01", devices: 0, pricePerLicence: 3 })).toThrow(RangeError);
    expect(() => quoteMonthlyExchange({ today: "2026-10-01", devices: 3, pricePerLicence: 0.5 })).toThrow(RangeError);
  });

  it("calendar helpers", () => {
    expect(daysInMonthOf("2028-02-10")).toBe(29);
    expect(daysInMonthOf("2100-02-10")).toBe(28);
    expect(daysInMonthOf("2000-02-10")).toBe(29);
    expect(daysInMonthOf("2026-04-30")).toBe(30);
    expect(firstOfNextMonth("2026-12-31")).toBe("2027-01-01");
    expect(firstOfNextMonth("2028-02-29")).toBe("2028-03-01");
  });
});

describe("annual terms", () => {
  it("end the day before the anniversary, in calendar days", () => {
    expect(termLastDay("2026-11-23", 1)).toBe("2027-11-22");
    expect(termLastDay("2026-11-23", 3)).toBe("2029-11-22");
    expect(termLastDay("2026-01-01", 2)).toBe("2027-12-31");
    expect(addYearsIso("2028-02-29", 1)).toBe("2029-02-28");
    expect(termLastDay("2028-02-29", 1)).toBe("2029-02-27");
    expect(termLastDay("2028-02-29", 4 - 1)).toBe("2031-02-27");
  });
});

describe("volume-discount tiers", () => {
  const tiers = [
    { minQuantity: 10, unitPriceCents: 3000 },
    { minQuantity: 50, unitPriceCents: 2700 },
    { minQuantity: 100, unitPriceCents: 2400 },
  ];
  it("takes the tier with the highest minimum at or below the quantity", () => {
    expect(chooseTier(tiers, 9)).toBeNull();
    expect(chooseTier(tiers, 10)?.unitPriceCents).toBe(3000);
    expect(chooseTier(tiers, 49)?.unitPriceCents).toBe(3000);
    expect(chooseTier(tiers, 50)?.unitPriceCents).toBe(2700);
    expect(chooseTier(tiers, 5000)?.unitPriceCents).toBe(2400);
  });
});

describe("renewal forecast", () => {
  it("warns within 7 days of the 1st when the renewal will be short", () => {
    expect(forecastRenewal({ needed: 30, renewalLicences: 10, autoExchange: false, balance: 1000, price: 3, daysAhead: 7 })).toMatchObject({ covered: 10, short: 20, warn: true });
    expect(forecastRenewal({ needed: 30, renewalLicences: 10, autoExchange: false, balance: 1000, price: 3, daysAhead: 8 })).toMatchObject({ short: 20, warn: false });
    expect(forecastRenewal({ needed: 30, renewalLicences: 10, autoExchange: true, balance: 59, price: 3, daysAhead: 2 })).toMatchObject({ covered: 29, short: 1, warn: true });
    expect(forecastRenewal({ needed: 30, renewalLicences: 10, autoExchange: true, balance: 60, price: 3, daysAhead: 2 })).toMatchObject({ covered: 30, short: 0, warn: false });
  });
});
