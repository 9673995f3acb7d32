import { addDays, addMonths, addYears, format, getDaysInMonth, parseISO } from "date-fns";
import { TZDate, tz } from "@date-fns/tz";

/** Today's calendar date (yyyy-MM-dd) in an account's billing timezone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  return format(now, "yyyy-MM-dd", { in: tz(timezone) });
}

/** A calendar date as stored in a `date` column (midnight UTC of that day). */
export function isoDateToDb(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/** "2027-01" → "January 2027": a month as people read it. */
export function monthName(month: string): string {
  return format(parseISO(`${month}-01`), "MMMM yyyy");
}

export function dbDateToIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A timestamp shown to people in a given zone, for table cells: UTC is named, the account's own
 * zone is not (a list of them would repeat it on every row; such lists are the account's).
 */
export function formatDateTime(date: Date, timezone = "UTC"): string {
  return `${format(date, "yyyy-MM-dd HH:mm", { in: tz(timezone) })} ${timezone === "UTC" ? "UTC" : ""}`.trim();
}

/**
 * A timestamp in a sentence, with its zone always named ("2026-12-07 21:31 (Europe/Madrid)"): an
 * MSSP admin in one zone reading a customer's page in another must not take it for their own clock.
 */
export function formatDateTimeWithZone(date: Date, timezone = "UTC"): string {
  return timezone === "UTC" ? formatDateTime(date) : `${formatDateTime(date, timezone)} (${timezone})`;
}

/*
 * Calendar arithmetic on days written yyyy-MM-dd (already local days of some
 * account's timezone). parseISO reads a bare date as local midnight and format
 * writes it back in the same zone, so the process time zone never shifts a day.
 */
export const addDaysIso = (isoDate: string, days: number): string => format(addDays(parseISO(isoDate), days), "yyyy-MM-dd");

/** The same day `months` later (or earlier), clamped to the end of a shorter month. */
export const addMonthsIso = (isoDate: string, months: number): string => format(addMonths(parseISO(isoDate), months), "yyyy-MM-dd");

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export const addYearsIso = (isoDate: string, years: number): string => format(addYears(parseISO(isoDate), years), "yyyy-MM-dd");

/** Last day of a term of `years` starting on `startsOn`: it ends the day before the anniversary. */
export const termLastDay = (startsOn: string, years: number): string => addDaysIso(addYearsIso(startsOn, years), -1);

/** Days in the month of a yyyy-MM or yyyy-MM-dd value. */
export const daysInMonthOf = (isoDateOrMonth: string): number => getDaysInMonth(parseISO(`${isoDateOrMonth.slice(0, 7)}-01`));

/*
 * An instant as people of an account read it: the wall clock in the account's
 * billing timezone (docs/time-and-days.md). Evidence of a local day must show
 * local times, or a device seen late in the evening reads "last seen" before
 * "first seen".
 */

/** The time of day (HH:mm:ss) of an instant in a timezone. */
export const timeOfDayIn = (instant: Date, timezone: string): string => format(instant, "HH:mm:ss", { in: tz(timezone) });

/** The local date and time of an instant with its UTC offset (yyyy-MM-ddTHH:mm:ss±hh:mm), unambiguous in a file. */
export const localDateTimeIn = (instant: Date, timezone: string): string => format(instant, "yyyy-MM-dd'T'HH:mm:ssXXX", { in: tz(timezone) });

/**
 * The local wall clock of an instant as a Date whose UTC fields read that wall
 * clock: what a spreadsheet date cell (which has no timezone) should hold to
 * show the local time.
 */
export function wallClockIn(instant: Date, timezone: string): Date {
  const local = localDateTimeIn(instant, timezone);
  return new Date(`${local.slice(0, 19)}Z`);
}

/** The instant a local wall-clock time of a calendar day (yyyy-MM-dd) happens in a timezone. */
export function instantIn(isoDate: string, timezone: string, hours = 0, minutes = 0, seconds = 0): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, timezone).getTime());
}
