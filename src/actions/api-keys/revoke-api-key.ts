"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

export const revokeApiKeyAction = portalAction(z.object({ accountId: idSchema, keyId: idSchema }), async ({ accountId, keyId }, actor) => {
  await revokeApiKey(db, { actor, accountId, keyId });
  revalidatePath(`/a/${accountId}/api-keys`);
  return { status: "ok", message: "Key revoked. Requests with it are refused from now on.", at: Date.now() };
});
