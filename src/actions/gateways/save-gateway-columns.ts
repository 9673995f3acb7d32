"use server";

import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { requireActor } from "@/server/auth/current-actor";
import { db } from "@/server/db";
import { setUserPreference } from "@/server/users/user-preferences";

const columnsSchema = z.array(text().max(40)).max(30);

/** Remembers the Gateways list's visible columns for this person. */
export async function saveGatewayColumnsAction(columns: string[]): Promise<void> {
  const actor = await requireActor();
  const parsed = columnsSchema.safeParse(columns);
  if (!parsed.success || !actor.userId) return;
  await setUserPreference(db, actor.userId, "gateways.columns", parsed.data);
}
