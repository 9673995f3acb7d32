import { describe, expect, it } from "vitest";
import { expiryDueDays } from "@/server/locations/expiry-schedule";
import { generateLicenceKey, normaliseLicenceKey } from "@/server/locations/licence-key";

describe("licence keys", () => {
  it("are 25 Crockford base32 symbols in five groups, never repeated", () => {
    const keys = new Set(Array.from({ length: 2000 }, generateLicenceKey));
    expect(keys.size).toBe(2000);
    for (const key of keys) expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it("are read as typed: case, spaces, dashes and O/I/L for 0/1 do not matter; anything else is not a key", () => {
    expect(normaliseLicenceKey(" 7kq2m xw9td-0b4rn c8vjh 3pz5e ")).toBe("7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5E");
    expect(normaliseLicenceKey("OOOOO-IIIII-LLLLL-00000-11111")).toBe("00000-11111-11111-00000-11111");
    expect(normaliseLicenceKey("7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5")).toBeNull();
    expect(normaliseLicenceKey("7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5U")).toBeNull();
    expect(normaliseLicenceKey("'; DROP TABLE location_licences; --")).toBeNull();
  });
});

describe("expiry notice days (docs/location-licences.md#licence-expiry-notices)", () => {
  it("1 month, 15, 7 and 1 day before, the end day and the day after", () => {
    expect(expiryDueDays("2026-06-30")).toEqual({
      MONTH_BEFORE: "2026-05-30",
      DAYS_15: "2026-06-15",
      DAYS_7: "2026-06-23",
      DAY_1: "2026-06-29",
      END: "2026-06-30",
      RENEWAL: "2026-07-01",
    });
  });

  it("month ends and leap years: a month before 31 March is the last day of February", () => {
    expect(expiryDueDays("2028-03-31")).toMatchObject({ MONTH_BEFORE: "2028-02-29", DAYS_15: "2028-03-16" });
    expect(expiryDueDays("2027-03-31")).toMatchObject({ MONTH_BEFORE: "2027-02-28" });
    expect(expiryDueDays("2028-03-01")).toMatchObject({ DAY_1: "2028-02-29", DAYS_15: "2028-02-15" });
    expect(expiryDueDays("2028-02-28")).toMatchObject({ RENEWAL: "2028-02-29" });
    expect(expiryDueDays("2026-12-31")).toMatchObject({ RENEWAL: "2027-01-01" });
  });
});
