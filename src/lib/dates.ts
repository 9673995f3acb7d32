import { format } from "date-fns";
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
