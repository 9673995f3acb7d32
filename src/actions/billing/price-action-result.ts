import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";

/** Every price book form names its seller (checked in reach by the domain, never trusted). */
export const sellerField = z.object({ sellerId: idSchema });

/** A change to a seller's prices shows on every price book page of that seller. */
export function priceChangeDone(sellerId: string, message: string) {
  revalidatePath(`/a/${sellerId}/prices`, "layout");
  return { status: "ok" as const, message, at: Date.now() };
}
