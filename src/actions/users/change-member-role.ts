"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { changeMemberRole } from "@/server/users/change-member-role";
import { roleSchema } from "@/server/users/member-input";

export const changeMemberRoleAction = portalAction(
  z.object({ accountId: idSchema, membershipId: idSchema, role: roleSchema }),
  async ({ accountId, membershipId, role }, actor) => {
    await changeMemberRole(db, { actor, accountId, membershipId, role });
    revalidatePath(`/a/${accountId}/users`);
    return { status: "ok", message: "Role changed.", at: Date.now() };
  },
);
