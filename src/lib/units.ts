/** Formats an integer count of hundredths as a decimal, without floating point. */
export function formatHundredths(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Billable units as the exact ratio device-days ÷ days in the month. Exports
 * carry it (Excel: the exact number, CSV: 4 decimals); screens show hundredths
 * with the formula (docs/exports.md).
 */
export function billableUnits(deviceDays: number, daysInMonth: number): number {
  return daysInMonth === 0 ? 0 : deviceDays / daysInMonth;
}
