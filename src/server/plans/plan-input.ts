import { z } from "zod";
import { text } from "@/lib/input-schemas";

export const planNameSchema = text({ error: "Name the plan." })
  .trim()
  .min(2, "The plan name needs at least 2 characters.")
  .max(80, "The plan name can have at most 80 characters.");

export const licenceTypeSchema = z.enum(["SUBSCRIPTION", "PAYG"], { error: "Choose Subscription or Pay-As-You-Go." });
