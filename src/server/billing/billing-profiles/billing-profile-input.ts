import { z } from "zod";
import { text } from "@/lib/input-schemas";

/** What statements print for an account (docs/money.md#billing-profile). */
export const billingProfileSchema = z.object({
  legalName: text({ error: "Enter the legal name." }).trim().min(1, "Enter the legal name.").max(200, "Use at most 200 characters."),
  address: text().trim().max(1000, "Use at most 1,000 characters.").default(""),
  statementPrefix: text({ error: "Enter a statement prefix." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,6}$/, "Use 2 to 6 letters (A–Z) or digits, such as BW."),
});

export type BillingProfileInput = z.input<typeof billingProfileSchema>;

/**
 * The prefix a statement number gets when the account has no billing profile: the initials of its
 * name's words ("Bluewave Security" → "BS"), else the name's first letters, 2 to 6 characters.
 */
export function defaultStatementPrefix(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const initials = words.map((word) => word[0]).join("").slice(0, 6);
  if (initials.length >= 2) return initials;
  const letters = words.join("");
  return letters.length >= 2 ? letters.slice(0, 2) : `${letters}XX`.slice(0, 2);
}
