/**
 * Calendar arithmetic on ISO dates (yyyy-MM-dd), free of any process time zone:
 * the dates are already local days of the client's billing timezone.
 */
function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function addDaysIso(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYearsIso(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const year = y + years;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${year}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Last day of a term of `years` starting on `startsOn`: it ends the day before the anniversary. */
export function termLastDay(startsOn: string, years: number): string {
  return addDaysIso(addYearsIso(startsOn, years), -1);
}
