import { describe, expect, it } from "vitest";
import { dbDateToIso, instantIn, isoDateToDb, localDateTimeIn, timeOfDayIn, todayIn, wallClockIn } from "@/lib/dates";
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

describe("instants on an account's clock", () => {
  it("reads a New York evening as the evening, not the next UTC morning", () => {
    // Seen 09:30 and 20:08 on 4 December in New York (EST, UTC−5): in UTC the second is 01:08 on the 5th.
    const first = new Date("2026-12-04T14:30:00Z");
    const last = new Date("2026-12-05T01:08:48Z");
    expect([timeOfDayIn(first, "America/New_York"), timeOfDayIn(last, "America/New_York")]).toEqual(["09:30:00", "20:08:48"]);
    expect(localDateTimeIn(last, "America/New_York")).toBe("2026-12-04T20:08:48-05:00");
    expect(localDateTimeIn(last, "UTC")).toBe("2026-12-05T01:08:48Z");
    expect(wallClockIn(last, "America/New_York")).toEqual(new Date("2026-12-04T20:08:48Z"));
  });

  it("follows DST and the date line", () => {
    expect(localDateTimeIn(new Date("2027-03-14T07:30:00Z"), "America/New_York")).toBe("2027-03-14T03:30:00-04:00");
    expect(localDateTimeIn(new Date("2026-12-04T10:30:00Z"), "Pacific/Kiritimati")).toBe("2026-12-05T00:30:00+14:00");
  });

  it("finds the instant of a local wall-clock time, on ordinary and DST days", () => {
    expect(instantIn("2027-11-07", "America/New_York")).toEqual(new Date("2027-11-07T04:00:00Z"));
    expect(instantIn("2027-11-07", "America/New_York", 23, 59, 59)).toEqual(new Date("2027-11-08T04:59:59Z"));
    expect(instantIn("2027-03-14", "America/New_York", 7, 0)).toEqual(new Date("2027-03-14T11:00:00Z"));
    expect(instantIn("2028-03-01", "Pacific/Kiritimati")).toEqual(new Date("2028-02-29T10:00:00Z"));
  });
});
