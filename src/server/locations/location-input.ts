import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { LICENCE_MODULE_CODES, SECTORS } from "@/lib/labels";

const count = (field: string, max: number) =>
  z.coerce
    .number({ error: `Enter the ${field} as a whole number.` })
    .int(`Enter the ${field} as a whole number.`)
    .min(0, `The ${field} cannot be negative.`)
    .max(max, `At most ${max.toLocaleString("en")} ${field}.`);

export const locationInputSchema = z.object({
  name: text().trim().min(1, "Enter the site name.").max(120, "Keep the site name under 120 characters."),
  address: text().trim().min(1, "Enter the address.").max(300, "Keep the address under 300 characters."),
  sector: z.enum(SECTORS, { error: "Choose a sector." }),
  rooms: z.preprocess((value) => (value === "" || value === undefined ? 0 : value), count("rooms", 100_000)),
});
export type LocationInput = z.infer<typeof locationInputSchema>;

/** Module codes from checkboxes (repeated field) or a comma-separated list. */
const modulesSchema = z
  .preprocess(
    (value) => (Array.isArray(value) ? value : typeof value === "string" ? value.split(",").filter(Boolean) : []),
    z.array(z.enum(LICENCE_MODULE_CODES, { error: "Choose modules from the list." })),
  )
  .transform((codes) => [...new Set(codes)].sort());

/** "1.1 Necessary data for the application of a License" (docs/location-licences.md#licence-request). */
export const licenceRequestSchema = z.object({
  locationId: z.uuid("Choose the location."),
  partnerAccountId: z.uuid("Choose the partner/integrator."),
  distributorAccountId: z.uuid("Choose the distributor/wholesaler."),
  years: z.coerce
    .number({ error: "Choose from 1 to 5 years." })
    .int("Choose from 1 to 5 years.")
    .min(1, "Choose from 1 to 5 years.")
    .max(5, "Choose from 1 to 5 years."),
  payment: z.enum(["MONTHLY", "ANNUAL"], { error: "Choose monthly or annual payment." }),
  /** Access points, or rooms when the location's sector is hospitality. */
  units: count("units", 100_000).min(1, "Enter at least 1."),
  modules: modulesSchema,
});
export type LicenceRequestInput = z.infer<typeof licenceRequestSchema>;

export const denyAccessSchema = z.object({
  reason: text().trim().min(3, "Give the contractual cause (at least 3 characters).").max(500, "Keep the reason under 500 characters."),
});
