import "server-only";
import { AppError, isUniqueViolation } from "@/lib/errors";

const groupNameTaken = () =>
  new AppError("CONFLICT", "This customer already has a group with that name.", {
    reason: "GROUP_EXISTS",
    fieldErrors: { name: ["This customer already has a group with that name."] },
  });

/** A name taken by a concurrent change between the check and the write is the same field error. */
export async function withNameCheck<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw groupNameTaken();
    throw error;
  }
}
