import { addDays, addMonths, addYears, format, getDaysInMonth, parseISO } from "date-fns";
import { tz } from "@date-fns/tz";

/** Today's calendar date (yyyy-MM-dd) in an account's billing timezone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  return format(now, "yyyy-MM-dd", { in: tz(timezone) });
}

/** A calendar date as stored in a `date` column (midnight UTC of that day). */
export function isoDateToDb(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

export function dbDateToIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A timestamp shown to people in a given zone, with the zone named. */
export function formatDateTime(date: Date, timezone = "UTC"): string {
  return `${format(date, "yyyy-MM-dd HH:mm", { in: tz(timezone) })} ${timezone === "UTC" ? "UTC" : ""}`.trim();
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
