import { describe, expect, it } from "vitest";
import {
  discountedPrice,
  divideHalfUp,
  formatMoney,
  formatPercentBp,
  formatQuantityE4,
  isCurrency,
  minorDigits,
  moneyInputValue,
  parseMoney,
  parsePercentBp,
  quantityE4,
} from "@/lib/money";

describe("money in minor units (docs/money.md#rounding)", () => {
  it("rounds a line once, half up, from the exact quotient", () => {
    expect(divideHalfUp(341n * 1250n, 31n)).toBe(13750n); // 341 device-days in a 31-day month × EUR 12.50
    expect(divideHalfUp(14n * 1250n, 31n)).toBe(565n); // 564.5… → 565
    expect(divideHalfUp(50n * 200n * 21n, 30n)).toBe(7000n); // 50 units × EUR 2.00 × 21 of 30 days
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(7n, 3n)).toBe(2n);
    // A credit mirrors the charge it reverses.
    expect(divideHalfUp(-14n * 1250n, 31n)).toBe(-565n);
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it("keeps quantities with four decimals for display", () => {
    expect(quantityE4(341n, 31n)).toBe(110000n);
    expect(quantityE4(14n, 31n)).toBe(4516n);
    expect(formatQuantityE4(4516n)).toBe("0.4516");
    expect(formatQuantityE4(12345678n)).toBe("1,234.5678");
    expect(formatQuantityE4(-10000n)).toBe("−1.0000");
  });

  it("formats and parses by the currency's minor unit", () => {
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("BHD")).toBe(3);
    expect(formatMoney(13750n, "EUR")).toBe("EUR 137.50");
    expect(formatMoney(123456789, "USD")).toBe("USD 1,234,567.89");
    expect(formatMoney(-565n, "GBP")).toBe("−GBP 5.65");
    expect(formatMoney(1500, "JPY")).toBe("JPY 1,500");
    expect(moneyInputValue(123456789n, "EUR")).toBe("1234567.89");
    expect(parseMoney("12.5", "EUR")).toEqual({ ok: true, minor: 1250n });
    expect(parseMoney("1,234.50", "EUR")).toEqual({ ok: true, minor: 123450n });
    expect(parseMoney("0", "EUR")).toEqual({ ok: true, minor: 0n });
    expect(parseMoney("1500", "JPY")).toEqual({ ok: true, minor: 1500n });
    expect(parseMoney("12.505", "EUR")).toEqual({ ok: false, reason: "TOO_PRECISE" });
    expect(parseMoney("12.500", "EUR")).toEqual({ ok: true, minor: 1250n });
    expect(parseMoney("-1", "EUR")).toEqual({ ok: false, reason: "NEGATIVE" });
    expect(parseMoney("12e3", "EUR")).toEqual({ ok: false, reason: "NOT_A_NUMBER" });
    expect(parseMoney(" ", "EUR")).toEqual({ ok: false, reason: "EMPTY" });
    expect(parseMoney("99999999999", "EUR")).toEqual({ ok: false, reason: "TOO_LARGE" });
  });

  it("knows ISO 4217 codes", () => {
    expect(isCurrency("EUR")).toBe(true);
    expect(isCurrency("CHF")).toBe(true);
    expect(isCurrency("eur")).toBe(false);
    expect(isCurrency("XYZ")).toBe(false);
    expect(isCurrency("EURO")).toBe(false);
  });

  it("applies a discount in basis points to a price, rounded half up", () => {
    expect(parsePercentBp("12.5")).toBe(1250);
    expect(parsePercentBp("100")).toBe(10000);
    expect(parsePercentBp("100.01")).toBeNull();
    expect(parsePercentBp("-5")).toBeNull();
    expect(parsePercentBp("1.234")).toBeNull();
    expect(formatPercentBp(1250)).toBe("12.5 %");
    expect(formatPercentBp(1000)).toBe("10 %");
    expect(discountedPrice(1250n, 1000)).toBe(1125n);
    expect(discountedPrice(999n, 3333)).toBe(666n); // 666.03… → 666
    expect(discountedPrice(1250n, 10000)).toBe(0n);
  });
});
