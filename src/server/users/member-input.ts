import { z } from "zod";
import { text } from "@/lib/input-schemas";

export const roleSchema = z.enum(["ADMIN", "VIEWER", "BILLING"], { error: "Choose a role." });

export const addMemberSchema = z.object({
  email: z.email("Enter a valid email address.").trim().toLowerCase().max(320),
  name: text()
    .trim()
    .max(120, "The name can have at most 120 characters.")
    .optional()
    .transform((value) => value || undefined),
  role: roleSchema,
});
export type AddMemberInput = Omit<z.infer<typeof addMemberSchema>, "name"> & { name?: string };
