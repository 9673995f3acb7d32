import "server-only";
import { notFound } from "next/navigation";
import { AppError, type AppErrorCode } from "@/lib/errors";

/**
 * A domain read for a page, or the 404 page when it fails with one of `codes`
 * (NOT_FOUND unless told): an object out of reach is "not found" inside the query,
 * so it renders the same page as a missing one; a page whose URL carries a month or
 * a day also answers 404 to one that is malformed (INVALID). Any other error goes on
 * to the error page.
 */
export async function orNotFound<T>(read: Promise<T>, { codes = ["NOT_FOUND"] }: { codes?: readonly AppErrorCode[] } = {}): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && codes.includes(error.code)) notFound();
    throw error;
  }
}
