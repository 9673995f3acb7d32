import { describe, expect, it } from "vitest";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { isValidTimezone } from "@/lib/timezones";

describe("calendar days in an account's timezone", () => {
  const instant = new Date("2026-03-01T09:30:00Z");

  it("is a different day either side of the date line", () => {
    expect(todayIn("Pacific/Kiritimati", instant)).toBe("2026-03-01"); // UTC+14
    expect(todayIn("Pacific/Honolulu", new Date("2026-03-01T05:00:00Z"))).toBe("2026-02-28"); // UTC−10
  });

  it("handles leap days", () => {
    expect(todayIn("UTC", new Date("2028-02-29T23:59:59Z"))).toBe("2028-02-29");
    expect(todayIn("Asia/Tokyo", new Date("2028-02-29T15:00:00Z"))).toBe("2028-03-01");
  });

  it("handles the DST change in Europe", () => {
    // 2026-03-29 01:00 UTC clocks go from 02:00 to 03:00 in Madrid.
    expect(todayIn("Europe/Madrid", new Date("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
  });

  it("round-trips date columns", () => {
    expect(dbDateToIso(isoDateToDb("2026-12-31"))).toBe("2026-12-31");
  });

  it("validates IANA timezone names", () => {
    expect(isValidTimezone("Europe/Madrid")).toBe(true);
    expect(isValidTimezone("UTC")).toBe(true);
    expect(isValidTimezone("Mars/Olympus")).toBe(false);
    expect(isValidTimezone("")).toBe(false);
  });
});
