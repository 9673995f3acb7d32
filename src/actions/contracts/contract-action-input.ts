import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const accountIds = z.object({ accountId: idSchema });
export const contractIds = accountIds.extend({ contractId: idSchema });

/** Checkbox groups arrive as repeated form fields; keep them as arrays. */
export function checkedValues(formData: FormData, name: string): string[] {
  return formData.getAll(name).map(String).filter(Boolean);
}
