"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { updateAccountSchema } from "@/server/accounts/account-input";
import { updateAccount } from "@/server/accounts/update-account";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

export const updateAccountAction = portalAction(
  z.object({ accountId: idSchema }).and(updateAccountSchema),
  async ({ accountId, ...input }, actor) => {
    await updateAccount(db, { actor, accountId, input });
    revalidatePath(`/a/${accountId}`, "layout");
    return { status: "ok", message: "Changes saved.", at: Date.now() };
  },
);
