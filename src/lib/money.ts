/** Prices are integers in minor units; the portal's price lists are in euros. */
export const CURRENCY = "EUR";

export function formatCents(cents: number | bigint, currency = CURRENCY): string {
  const value = typeof cents === "bigint" ? cents : BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toLocaleString("en");
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "−" : ""}${currency} ${whole}.${fraction}`;
}
