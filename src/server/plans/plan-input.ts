import { z } from "zod";
import { normalizeGatewaySerial } from "@/server/metering/gateway-serial";
import { firmwareSchema } from "./firmware-version";

export const planNameSchema = z
  .string({ error: "Name the plan." })
  .trim()
  .min(2, "The plan name needs at least 2 characters.")
  .max(80, "The plan name can have at most 80 characters.");

export const gatewayInputSchema = z.object({
  name: z.string({ error: "Name the gateway." }).trim().min(2, "The gateway name needs at least 2 characters.").max(80, "At most 80 characters."),
  serialNumber: z
    .string({ error: "Enter the serial number." })
    .trim()
    .overwrite(normalizeGatewaySerial)
    .regex(/^[A-Z0-9][A-Z0-9-]{4,39}$/, "Use 5–40 letters, digits or dashes."),
  firmwareVersion: firmwareSchema,
  accountId: z.string({ error: "Choose the owning account." }).min(1, "Choose the owning account."),
  planId: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
});
export type GatewayInput = z.infer<typeof gatewayInputSchema>;

export const licenseTypeSchema = z.enum(["SUBSCRIPTION", "PAYG"], { error: "Choose Subscription or Pay-As-You-Go." });
