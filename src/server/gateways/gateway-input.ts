import { z } from "zod";
import { normalizeGatewaySerial } from "@/server/devices/gateway-serial";
import { text } from "@/lib/input-schemas";
import { firmwareSchema } from "@/server/plans/firmware-version";

export const gatewayInputSchema = z.object({
  name: text({ error: "Name the gateway." }).trim().min(2, "The gateway name needs at least 2 characters.").max(80, "At most 80 characters."),
  serialNumber: text({ error: "Enter the serial number." })
    .trim()
    .overwrite(normalizeGatewaySerial)
    .regex(/^[A-Z0-9][A-Z0-9-]{4,39}$/, "Use 5–40 letters, digits or dashes."),
  firmwareVersion: firmwareSchema,
  accountId: text({ error: "Choose the owning account." }).min(1, "Choose the owning account."),
  planId: z.preprocess((value) => (value === "" ? undefined : value), text().optional()),
});
export type GatewayInput = z.infer<typeof gatewayInputSchema>;
