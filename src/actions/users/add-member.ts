"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { addMember } from "@/server/users/add-member";
import { addMemberSchema } from "@/server/users/member-input";

export const addMemberAction = portalAction(
  z.object({ accountId: idSchema }).and(addMemberSchema),
  async ({ accountId, ...input }, actor) => {
    const result = await addMember(db, { actor, accountId, input });
    revalidatePath(`/a/${accountId}/users`);
    return {
      status: "ok",
      message: result.temporaryPassword
        ? `${input.email} was added. Give them this temporary password; they can change it after signing in.`
        : `${input.email} now has access to this account.`,
      data: result.temporaryPassword ? { temporaryPassword: result.temporaryPassword, email: input.email } : undefined,
      at: Date.now(),
    };
  },
);
