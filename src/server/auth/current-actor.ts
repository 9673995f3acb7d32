import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { db } from "@/server/db";
import { authOptions } from "./auth-options";
import { loadActor } from "./load-actor";
import type { Actor } from "./reach";

/**
 * The signed-in caller for this request, re-read from the database every time
 * (memberships and account status may have changed since the token was issued).
 */
export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  const userId = (session as { userId?: string } | null)?.userId;
  if (!userId) return null;
  return loadActor(db, userId);
});

export async function requireActor(): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
