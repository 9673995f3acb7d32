import { z } from "zod";
import { text } from "@/lib/input-schemas";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** Multi-value form fields and JSON arrays both become string arrays. */
const stringList = z.preprocess((value) => {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) return value;
  return String(value)
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean);
}, z.array(text().trim().min(1)).max(20, "At most 20 AddOns."));

export const contractTypeSchema = z.enum(["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"], {
  error: "Choose a contract type.",
});

const quantitySchema = z.coerce
  .number({ error: "Enter a quantity." })
  .int("Enter a whole number of units.")
  .min(1, "The quantity must be at least 1.")
  .max(1_000_000, "The quantity can be at most 1,000,000.");

export const addContractSchema = z
  .object({
    service: text({ error: "Choose a service." }).trim().min(1, "Choose a service."),
    type: contractTypeSchema,
    packageSku: z.preprocess(emptyToUndefined, text().trim().optional()),
    addOns: stringList,
    quantity: z.preprocess(emptyToUndefined, quantitySchema.optional()),
    subscriptionReference: z.preprocess(
      emptyToUndefined,
      text().trim().max(100, "Keep the reference under 100 characters.").optional(),
    ),
    trialExpiryAction: z.preprocess(emptyToUndefined, z.enum(["CONVERT", "EXPIRE"]).default("CONVERT")),
    trialDays: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1, "At least 1 day.").max(90, "At most 90 days.").default(30)),
  })
  .superRefine((value, ctx) => {
    if (value.type !== "NFR" && value.type !== "EVALUATION" && value.quantity === undefined) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "Enter the quantity threshold." });
    }
    if (value.type === "SUBSCRIPTION" && !value.subscriptionReference) {
      ctx.addIssue({
        code: "custom",
        path: ["subscriptionReference"],
        message: "A subscription needs its order / User Center reference.",
      });
    }
  });
export type AddContractInput = z.infer<typeof addContractSchema>;

export const editContractSchema = z.object({
  quantity: z.preprocess(emptyToUndefined, quantitySchema.optional()),
  addAddOns: stringList,
  removeAddOns: stringList,
  trialExpiryAction: z.preprocess(emptyToUndefined, z.enum(["CONVERT", "EXPIRE"]).optional()),
});
export type EditContractInput = z.infer<typeof editContractSchema>;

export const cancelContractSchema = z.object({
  addOn: z.preprocess(emptyToUndefined, text().trim().optional()),
  reason: text({ error: "Give a reason for canceling." })
    .trim()
    .min(3, "Give a reason for canceling (at least 3 characters).")
    .max(500, "Keep the reason under 500 characters."),
});
export type CancelContractInput = z.infer<typeof cancelContractSchema>;
