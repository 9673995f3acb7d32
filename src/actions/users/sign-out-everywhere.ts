"use server";

import { z } from "zod";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { signOutEverywhere } from "@/server/users/sign-out-everywhere";

export const signOutEverywhereAction = portalAction(z.object({}), async (_input, actor) => {
  await signOutEverywhere(db, { actor });
  return { status: "ok", message: "You were signed out everywhere.", at: Date.now() };
});
