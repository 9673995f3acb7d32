import { z } from "zod";
import { text } from "@/lib/input-schemas";

export const endUserSchema = z.object({
  name: text({ error: "Enter the user's name." }).trim().min(1, "Enter the user's name.").max(120, "Keep the name under 120 characters."),
  email: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.email("Enter a valid email address.").max(254).toLowerCase().optional(),
  ),
  externalId: text({ error: "Enter the external id." })
    .trim()
    .min(1, "Enter the id the user has in telemetry and the directory.")
    .max(128, "Keep the external id under 128 characters."),
});
export type EndUserInput = z.infer<typeof endUserSchema>;

export const groupSchema = z.object({
  name: text({ error: "Enter the group's name." }).trim().min(1, "Enter the group's name.").max(80, "Keep the name under 80 characters."),
  description: z.preprocess((value) => value ?? "", text().trim().max(500, "Keep the description under 500 characters.")),
});
export type GroupInput = z.infer<typeof groupSchema>;
