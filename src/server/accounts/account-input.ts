import { z } from "zod";
import { isoDay, text } from "@/lib/input-schemas";
import { AppError } from "@/lib/errors";
import { isValidTimezone } from "@/lib/timezones";

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const accountNameSchema = text({ error: "Enter a name." })
  .trim()
  .min(2, "The name needs at least 2 characters.")
  .max(120, "The name can have at most 120 characters.");

export const billingTimezoneSchema = text()
  .trim()
  .refine(isValidTimezone, "Choose a timezone from the list (an IANA name such as Europe/Madrid).");

export const retentionDaysSchema = z.coerce
  .number({ error: "Enter a number of days." })
  .int("Enter a whole number of days.")
  .min(1, "Keep inactive records at least 1 day.")
  .max(3650, "Keep inactive records at most 3650 days.");

export const userCenterIdSchema = z.preprocess(
  emptyToUndefined,
  text()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, "Use 3–64 letters, digits, dots, dashes or underscores.")
    .optional(),
);

export const trialEndsOnSchema = z.preprocess(
  emptyToUndefined,
  isoDay("Enter the trial end date as a date.").optional(),
);

export const createAccountSchema = z
  .object({
    name: accountNameSchema,
    kind: z.enum(["MSSP", "CUSTOMER"], { error: "Choose the kind of account." }),
    status: z.enum(["ACTIVE", "IN_TRIAL"], { error: "Choose Active or In trial." }).default("ACTIVE"),
    trialEndsOn: trialEndsOnSchema,
    billingTimezone: billingTimezoneSchema.default("UTC"),
    retentionDays: retentionDaysSchema.default(90),
    userCenterId: userCenterIdSchema,
  })
  .superRefine((value, ctx) => {
    if (value.status === "IN_TRIAL" && !value.trialEndsOn) {
      ctx.addIssue({ code: "custom", path: ["trialEndsOn"], message: "A trial account needs its end date." });
    }
  });
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

export const updateAccountSchema = z.object({
  name: accountNameSchema,
  billingTimezone: billingTimezoneSchema,
  retentionDays: retentionDaysSchema,
  userCenterId: userCenterIdSchema,
  trialEndsOn: trialEndsOnSchema,
});
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

export function userCenterIdTaken(): AppError {
  const message = "Another account is already linked to that User Center id.";
  return new AppError("CONFLICT", message, {
    reason: "USER_CENTER_ID_TAKEN",
    fieldErrors: { userCenterId: [message] },
  });
}
