import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import type { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";

/** Preferences people may store, each with the shape of its value. */
export const PREFERENCE_SCHEMAS = {
  "gateways.columns": z.array(text().max(40)).max(30),
} as const;
export type PreferenceKey = keyof typeof PREFERENCE_SCHEMAS;

export async function getUserPreference<K extends PreferenceKey>(
  db: DbTx,
  userId: string | null,
  key: K,
): Promise<z.infer<(typeof PREFERENCE_SCHEMAS)[K]> | null> {
  if (!userId) return null;
  const row = await db.userPreference.findUnique({ where: { userId_key: { userId, key } } });
  const parsed = row ? PREFERENCE_SCHEMAS[key].safeParse(row.value) : null;
  return parsed?.success ? parsed.data : null;
}

export async function setUserPreference<K extends PreferenceKey>(
  db: DbTx,
  userId: string,
  key: K,
  value: z.infer<(typeof PREFERENCE_SCHEMAS)[K]>,
): Promise<void> {
  const json = PREFERENCE_SCHEMAS[key].parse(value) as Prisma.InputJsonValue;
  await db.userPreference.upsert({
    where: { userId_key: { userId, key } },
    create: { userId, key, value: json },
    update: { value: json },
  });
}
