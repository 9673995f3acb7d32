import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { isUuid } from "@/lib/ids";
import { db } from "@/server/db";
import { authOptions } from "./auth-options";
import { loadActor } from "./load-actor";
import type { Actor } from "./reach";

/**
 * The signed-in caller for this request, re-read from the database every time
 * (memberships, account status and the session itself may have changed since
 * the token was issued). A token without a session id (issued before sessions
 * were recorded) or for an ended session is nobody.
 */
export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string; sessionId?: string } | null;
  const { userId, sessionId } = session ?? {};
  if (!isUuid(userId) || !isUuid(sessionId)) return null;
  return loadActor(db, userId, { sessionId });
});

export async function requireActor(): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
