"use server";

import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { changeOwnPassword, changePasswordSchema } from "@/server/users/change-own-password";

export const changePasswordAction = portalAction(changePasswordSchema, async (input, actor) => {
  await changeOwnPassword(db, { actor, input });
  return { status: "ok", message: "Your password was changed. Your other sessions were signed out.", at: Date.now() };
});
