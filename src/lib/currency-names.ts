import { currencyCodes } from "./money";

const NAMES = new Intl.DisplayNames(["en"], { type: "currency" });

/** "Euro" for EUR; the code itself when the runtime has no name for it. */
export function currencyName(code: string): string {
  return NAMES.of(code) ?? code;
}

/** "EUR (Euro)": a currency in words that still shows its ISO 4217 code (audit records, pickers). */
export function currencyLabel(code: string): string {
  const name = currencyName(code);
  return name === code ? code : `${code} (${name})`;
}

/** The currency picker's options: every ISO 4217 code, the most used first. */
export function currencyOptions(): { value: string; label: string }[] {
  const common = ["EUR", "USD", "GBP", "CHF"];
  const rest = currencyCodes().filter((code) => !common.includes(code));
  return [...common, ...rest].map((code) => ({ value: code, label: currencyLabel(code) }));
}
