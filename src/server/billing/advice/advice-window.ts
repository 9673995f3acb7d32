import { addDaysIso, addMonthsIso, daysInMonthOf, todayIn } from "@/lib/dates";
import { cutOffDayOf } from "@/server/usage";

/** The twelve complete local months an account's advice compares (docs/money.md#advice). */
export interface AdviceWindow {
  /** "YYYY-MM" of the last month: the latest month whose every day is final. */
  throughMonth: string;
  /** The twelve months, oldest first ("YYYY-MM"). */
  months: string[];
  /** Days in each of them. */
  monthDays: number[];
  /** First day of the window and the day after its last (yyyy-MM-dd). */
  from: string;
  until: string;
  /** 365 or 366. */
  days: number;
  /** The account's current local month ("YYYY-MM"): prices are looked up to it. */
  currentMonth: string;
}

export const ADVICE_MONTHS = 12;

/**
 * The window of an account at `now`: the twelve local months ending with the latest one whose last
 * day is final (its late window closed), so every day compared is metered. On the 1st–4th of a
 * month the month before last is still the latest complete one.
 */
export function adviceWindowOf(timezone: string, now: Date): AdviceWindow {
  const today = todayIn(timezone, now);
  // The day after the last final day starts a month only when the last final day ended one.
  const afterFinal = addDaysIso(cutOffDayOf(today), 1);
  const until = `${afterFinal.slice(0, 7)}-01`;
  const from = addMonthsIso(until, -ADVICE_MONTHS);
  const months = Array.from({ length: ADVICE_MONTHS }, (_, index) => addMonthsIso(from, index).slice(0, 7));
  const monthDays = months.map((month) => daysInMonthOf(month));
  return {
    throughMonth: months[ADVICE_MONTHS - 1]!,
    months,
    monthDays,
    from,
    until,
    days: monthDays.reduce((sum, days) => sum + days, 0),
    currentMonth: today.slice(0, 7),
  };
}
