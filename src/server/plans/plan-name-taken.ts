import { AppError } from "@/lib/errors";

/** A plan's name is unique within its account (the database's unique key says so; this is the person's message). */
export const planNameTaken = () =>
  new AppError("CONFLICT", "Another plan of this account already has that name.", {
    reason: "PLAN_NAME_TAKEN",
    fieldErrors: { name: ["Another plan of this account already has that name."] },
  });
