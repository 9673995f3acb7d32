"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { idSchema } from "@/lib/ids";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

const MESSAGES = {
  inactivate: "Account inactivated. Its users can no longer sign in and billing stops from the next day.",
  reactivate: "Account reactivated. Its users can sign in again.",
  "activate-trial": "Trial ended: the account is now active.",
} as const;

export const changeAccountStatusAction = portalAction(
  z.object({
    accountId: idSchema,
    change: z.enum(["inactivate", "reactivate", "activate-trial"]),
    reason: text().trim().max(500, "Keep the reason under 500 characters.").optional(),
  }),
  async ({ accountId, change, reason }, actor) => {
    await changeAccountStatus(db, { actor, accountId, change, reason: reason || undefined });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: MESSAGES[change], at: Date.now() };
  },
);
