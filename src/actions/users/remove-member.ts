"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { removeMember } from "@/server/users/remove-member";

export const removeMemberAction = portalAction(
  z.object({ accountId: idSchema, membershipId: idSchema }),
  async ({ accountId, membershipId }, actor) => {
    await removeMember(db, { actor, accountId, membershipId });
    revalidatePath(`/a/${accountId}/users`);
    return { status: "ok", message: "Access removed.", at: Date.now() };
  },
);
