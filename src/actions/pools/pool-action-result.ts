import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const poolAccount = z.object({ accountId: idSchema });

/** A pool change shows on the pool pages and on the points balance. */
export function refreshPoolPages(accountId: string) {
  revalidatePath(`/a/${accountId}/pools`, "layout");
  revalidatePath(`/a/${accountId}/points`);
}

export function poolChangeDone(accountId: string, message: string) {
  refreshPoolPages(accountId);
  return { status: "ok" as const, message, at: Date.now() };
}
