"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { createAccountSchema } from "@/server/accounts/account-input";
import { createAccount } from "@/server/accounts/create-account";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

export const createAccountAction = portalAction(
  z.object({ parentId: idSchema }).and(createAccountSchema),
  async ({ parentId, ...input }, actor) => {
    const account = await createAccount(db, { actor, parentId, input });
    // Every page's header lists the accounts the caller reaches (the switcher): refresh them all.
    revalidatePath("/a/[accountId]", "layout");
    redirect(`/a/${parentId}/accounts?created=${account.id}`);
  },
);
