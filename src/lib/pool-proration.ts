import { daysInMonthOf } from "./dates";

/**
 * Monthly licences bought with points (docs/pools-and-points.md#proration), in whole numbers only.
 * A monthly licence protects one device for 30 days; every one expires on the
 * 1st of the next month. Exchanged on day d of a month of D days for n devices:
 *   remaining days r = min(30, D − d + 1), protection days = n × r,
 *   licences = ceil(n × r / 30), points = licences × price; on the 1st, licences = n.
 * Shared by the server (which charges) and the exchange form (which previews).
 */
export interface ExchangeQuote {
  devices: number;
  /** Days of protection left in the month, today included (at most 30). */
  remainingDays: number;
  protectionDays: number;
  licences: number;
  points: number;
}

export function quoteMonthlyExchange(options: { today: string; devices: number; pricePerLicence: number }): ExchangeQuote {
  const { today, devices, pricePerLicence } = options;
  if (!Number.isInteger(devices) || devices < 1) throw new RangeError("devices must be a positive integer");
  if (!Number.isInteger(pricePerLicence) || pricePerLicence < 0) throw new RangeError("price must be a whole number of points");
  const day = Number(today.slice(8, 10));
  const remainingDays = Math.min(30, daysInMonthOf(today) - day + 1);
  const protectionDays = devices * remainingDays;
  // ceil(a / b) for positive integers without floating point.
  const licences = day === 1 ? devices : Math.floor((protectionDays + 29) / 30);
  return { devices, remainingDays, protectionDays, licences, points: licences * pricePerLicence };
}

/** A renewal (or an exchange for it) buys full months: one licence per device. */
export function quoteRenewalExchange(options: { devices: number; pricePerLicence: number }) {
  return { devices: options.devices, licences: options.devices, points: options.devices * options.pricePerLicence };
}

/** First day of the month after an ISO date. */
export function firstOfNextMonth(isoDate: string): string {
  const [year, month] = isoDate.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(year, month, 1));
  return next.toISOString().slice(0, 10);
}

export function firstOfMonth(isoDate: string): string {
  return `${isoDate.slice(0, 7)}-01`;
}
