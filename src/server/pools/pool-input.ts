import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { chosenIdSchema, idSchema } from "@/lib/ids";

const count = (field: string, max: number) =>
  z.coerce
    .number({ error: `Enter the number of ${field}.` })
    .int(`The number of ${field} must be a whole number.`)
    .min(1, `Enter at least 1.`)
    .max(max, `At most ${max.toLocaleString("en")} at a time.`);

export const MAX_ORDER_QUANTITY = 10_000;

export const yearsSchema = z.coerce
  .number({ error: "Choose 1, 2 or 3 years." })
  .int()
  .refine((value) => value === 1 || value === 2 || value === 3, "Choose 1, 2 or 3 years.");

export const serviceCodeSchema = text({ error: "Choose a product." }).trim().min(1, "Choose a product.");

export const priceTierSchema = z.object({
  service: serviceCodeSchema,
  minQuantity: count("licences", 100_000),
  /** Entered in currency units with up to 2 decimals; stored in cents. */
  unitPrice: text({ error: "Enter the price per licence and year." })
    .trim()
    .regex(/^\d{1,6}(\.\d{1,2})?$/, "Enter a price such as 24 or 24.50.")
    .transform((value) => {
      const [whole, fraction = ""] = value.split(".");
      return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
    }),
});

export const buyBlockSchema = z.object({
  service: serviceCodeSchema,
  years: yearsSchema,
  quantity: count("licences", MAX_ORDER_QUANTITY),
  /** The total shown before confirming; the order is refused if the price changed since. */
  expectedTotalCents: z.coerce.number({ error: "Preview the price first." }).int().min(0),
});

export const assignAnnualSchema = z.object({
  poolId: chosenIdSchema("Choose a pool."),
  clientAccountId: chosenIdSchema("Choose a client account."),
  quantity: count("licences", MAX_ORDER_QUANTITY),
});

export const recoverSchema = z.object({
  assignmentId: idSchema,
  quantity: count("licences", MAX_ORDER_QUANTITY),
});

export const exchangeSchema = z.object({
  service: serviceCodeSchema,
  devices: count("devices", MAX_ORDER_QUANTITY),
  /** THIS_MONTH: prorated from today; NEXT_RENEWAL: full licences kept for the renewal on the 1st. */
  target: z.enum(["THIS_MONTH", "NEXT_RENEWAL"], { error: "Choose what the licences are for." }),
  /** The points shown in the preview; refused if today's figure differs (e.g. the day changed). */
  expectedPoints: z.coerce.number({ error: "Preview the exchange first." }).int().min(0),
});

export const assignMonthlySchema = z.object({
  poolId: chosenIdSchema("Choose a monthly pool."),
  clientAccountId: chosenIdSchema("Choose a client account."),
  devices: count("devices", MAX_ORDER_QUANTITY),
});

export const prioritySchema = z.object({
  assignmentId: idSchema,
  priority: z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    z.coerce.number({ error: "Enter a whole number, or leave it empty." }).int("Enter a whole number.").min(1, "Use 1 or more.").max(9999, "Use at most 9999.").nullable(),
  ),
});

export const creditPointsSchema = z.object({
  points: count("points", 1_000_000),
  reason: text({ error: "Say why the points are added." }).trim().min(3, "Say why the points are added (at least 3 characters).").max(200, "At most 200 characters."),
});
