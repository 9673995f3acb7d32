import { z } from "zod";
import { invalid, type FieldErrors } from "@/lib/errors";
import { optionalIdSchema } from "@/lib/ids";
import { isoMonth, text } from "@/lib/input-schemas";
import { isCurrency } from "@/lib/money";
import { PRICE_KINDS } from "./price-kinds";

/*
 * What the price book forms send (docs/money.md#price-books). The actions parse them with these
 * schemas, and the domain functions parse again, so a caller that is not a form is held to the same
 * rules. Amounts stay text here: how many decimals a price may have depends on the book's currency,
 * which only the domain knows.
 */

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const priceBookInputSchema = z.object({
  name: text({ error: "Name the price book." }).trim().min(1, "Name the price book.").max(80, "Use at most 80 characters."),
  currency: text({ error: "Choose a currency." })
    .trim()
    .toUpperCase()
    .refine(isCurrency, "Choose an ISO 4217 currency, such as EUR, USD or GBP."),
});

const kindSchema = z.enum(PRICE_KINDS, { error: "Choose what the price is per." });

/** Licence-year tiers: "from N access points (rooms)"; 0 = every size. Left out for other kinds. */
const minUnitsSchema = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number({ error: "Enter a whole number of access points or rooms." })
    .int("Enter a whole number of access points or rooms.")
    .min(0, "Use 0 or more.")
    .max(100_000, "Use at most 100,000.")
    .default(0),
);

const fromMonthSchema = isoMonth("Choose the month the price applies from.");

const amountText = (missing: string) => text({ error: missing }).trim().max(30, "Enter a shorter number.");

export const priceInputSchema = z.object({
  sku: text({ error: "Choose a SKU." }).trim().min(1, "Choose a SKU.").max(100, "Choose a SKU from the list."),
  kind: kindSchema,
  minUnits: minUnitsSchema,
  unitPrice: amountText("Enter the price.").min(1, "Enter the price."),
  fromMonth: fromMonthSchema,
});

/** An override's SKU: "" (the form's "Every SKU") or "*" is every SKU. */
export const EVERY_SKU = "*";

export const overrideInputSchema = z.object({
  sku: z.preprocess(
    (value) => (value === undefined || value === null || value === "" ? EVERY_SKU : value),
    text().trim().min(1).max(100, "Choose a SKU from the list."),
  ),
  kind: kindSchema,
  minUnits: minUnitsSchema,
  mode: z.enum(["PRICE", "DISCOUNT"], { error: "Choose an own price or a discount." }),
  unitPrice: z.preprocess(emptyToUndefined, amountText("Enter the price.").optional()),
  discount: z.preprocess(emptyToUndefined, amountText("Enter the discount.").optional()),
  fromMonth: fromMonthSchema,
});

export const buyerBookInputSchema = z.object({
  /** Left empty: the seller's default book (the buyer's own choice is removed). */
  priceBookId: optionalIdSchema,
});

/** Parses `input` with `schema`, refusing with the fields named (as the actions do) when it does not fit. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors as FieldErrors);
  return parsed.data;
}

/** The refusal of one field, as the forms show it. */
export function fieldError(field: string, message: string, reason?: string) {
  return invalid("Check the highlighted fields.", { [field]: [message] }, reason);
}
