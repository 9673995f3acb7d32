import "server-only";
import { invalid, isUniqueViolation } from "@/lib/errors";

export const nameTaken = () => invalid("Check the highlighted fields.", { name: ["This account already has a location with this name."] });

/** A name taken by a concurrent change between the check and the write is the same field error as the check's. */
export async function nameTakenOnRace<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
