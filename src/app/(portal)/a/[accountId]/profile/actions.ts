"use server";

import { z } from "zod";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { changeOwnPassword, changePasswordSchema } from "@/server/users/change-own-password";
import { signOutEverywhere } from "@/server/users/sign-out-everywhere";

export const changePasswordAction = portalAction(changePasswordSchema, async (input, actor) => {
  await changeOwnPassword(db, { actor, input });
  return { status: "ok", message: "Your password was changed. Your other sessions were signed out.", at: Date.now() };
});

export const signOutEverywhereAction = portalAction(z.object({}), async (_input, actor) => {
  await signOutEverywhere(db, { actor });
  return { status: "ok", message: "You were signed out everywhere.", at: Date.now() };
});
