import { addDaysIso } from "@/lib/dates";
import { invalid } from "@/lib/errors";
import { DATE_WINDOW_MESSAGE, isBoundedMonth } from "@/lib/input-schemas";
import { LATE_WINDOW_DAYS } from "./device-service-match";

/** The month asked for (YYYY-MM, inside the date window of docs/input-validation.md), or the fallback. */
export function parseMonth(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw invalid("Choose a month as YYYY-MM.", { month: ["Use the form YYYY-MM."] });
  if (!isBoundedMonth(value)) throw invalid(DATE_WINDOW_MESSAGE, { month: [DATE_WINDOW_MESSAGE] });
  return value;
}

/** The month asked for (YYYY-MM), or the current local month; never a month in the future. */
export function parseReportMonth(value: string | undefined | null, today: string): string {
  const current = today.slice(0, 7);
  const month = parseMonth(value ?? undefined, current);
  if (month > current) throw invalid("Choose this month or an earlier one.", { month: ["That month has not started."] });
  return month;
}

/** Days after which a local day (and a month, after its last day) is final: its late window has closed. */
export const FINAL_AFTER_DAYS = LATE_WINDOW_DAYS + 1;

/** The last local day whose usage is final on `today` (YYYY-MM-DD). */
export function cutOffDayOf(today: string): string {
  return addDaysIso(today, -FINAL_AFTER_DAYS);
}
