/**
 * Money as integer minor units with a currency (docs/money.md#rounding): parsing what a person
 * types, formatting for screens and files, and the one rounding rule — half up, once per line.
 * No floats touch an amount: quotients are bigint divisions.
 */

/** The currency of the pool price tiers, which predate price books. */
export const CURRENCY = "EUR";

const KNOWN_CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));

/** Whether `code` is an ISO 4217 currency code this runtime knows (EUR, USD, GBP, …). */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);
}

/** Every ISO 4217 code known here, for pickers. */
export function currencyCodes(): string[] {
  return [...KNOWN_CURRENCIES].sort();
}

/** Digits after the decimal point of `currency`'s minor unit (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "EUR 1,234.50" (a true minus sign for credits). */
export function formatMoney(minor: number | bigint, currency: string): string {
  const value = typeof minor === "bigint" ? minor : BigInt(minor);
  const digits = minorDigits(currency);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toLocaleString("en");
  const fraction = digits > 0 ? `.${(abs % scale).toString().padStart(digits, "0")}` : "";
  return `${negative ? "−" : ""}${currency} ${whole}${fraction}`;
}

/** Pool tiers' cents, in euros. */
export function formatCents(cents: number | bigint, currency = CURRENCY): string {
  return formatMoney(cents, currency);
}

/** "1234.50" without the code or separators: a form field's value, and CSV/xlsx amounts. */
export function moneyInputValue(minor: number | bigint, currency: string): string {
  return formatMoney(minor, currency).replace(/^−/, "-").replace(`${currency} `, "").replaceAll(",", "");
}

export type ParsedMoney = { ok: true; minor: bigint } | { ok: false; reason: "EMPTY" | "NOT_A_NUMBER" | "NEGATIVE" | "TOO_PRECISE" | "TOO_LARGE" };

/** The most a unit price may be, in minor units (it is stored as a 32-bit integer). */
export const MAX_UNIT_PRICE_MINOR = 2_000_000_000n;

/** "12.5" EUR → 1250n; refuses negatives, more decimals than the currency has, and nonsense. */
export function parseMoney(text: string, currency: string): ParsedMoney {
  const trimmed = text.trim().replaceAll(",", "");
  if (trimmed === "") return { ok: false, reason: "EMPTY" };
  if (/^-/.test(trimmed)) return { ok: false, reason: "NEGATIVE" };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) return { ok: false, reason: "NOT_A_NUMBER" };
  const digits = minorDigits(currency);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) return { ok: false, reason: "TOO_PRECISE" };
  const minor = BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  if (minor > MAX_UNIT_PRICE_MINOR) return { ok: false, reason: "TOO_LARGE" };
  return { ok: true, minor };
}

/**
 * numerator ÷ denominator rounded half up — away from zero for negatives, so a credit mirrors
 * the charge it reverses (−564.5 → −565). The one rounding of a line (docs/money.md#rounding).
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const rounded = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** A quantity num ÷ den kept with four decimals (× 10,000), rounded half up: for display only. */
export function quantityE4(numerator: bigint, denominator: bigint): bigint {
  return divideHalfUp(numerator * 10_000n, denominator);
}

/** 110000n → "11.0000", −4516n → "-0.4516": plain digits for files and the API. */
export function quantityText(e4: bigint): string {
  const negative = e4 < 0n;
  const abs = negative ? -e4 : e4;
  return `${negative ? "-" : ""}${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, "0")}`;
}

/** 110000n → "11.0000" (four decimals, grouped). */
export function formatQuantityE4(e4: bigint): string {
  const negative = e4 < 0n;
  const abs = negative ? -e4 : e4;
  return `${negative ? "−" : ""}${(abs / 10_000n).toLocaleString("en")}.${(abs % 10_000n).toString().padStart(4, "0")}`;
}

/** Basis points (1/100 %) from "12.5" → 1250; null when not a percentage with at most two decimals in 0–100. */
export function parsePercentBp(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0") || "0");
  return bp <= 10_000 ? bp : null;
}

/** 1250 → "12.5 %". */
export function formatPercentBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = (bp % 100).toString().padStart(2, "0").replace(/0+$/, "");
  return `${whole}${fraction ? `.${fraction}` : ""} %`;
}

/** A book price less a discount, rounded half up to the minor unit (docs/money.md#price-books). */
export function discountedPrice(unitPriceMinor: bigint, discountBp: number): bigint {
  return divideHalfUp(unitPriceMinor * BigInt(10_000 - discountBp), 10_000n);
}
