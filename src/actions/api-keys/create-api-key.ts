"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { createApiKey, createApiKeySchema } from "@/server/api-keys/create-api-key";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";

export const createApiKeyAction = portalAction(
  z.object({ accountId: idSchema }).and(createApiKeySchema),
  async ({ accountId, name, scope }, actor) => {
    const created = await createApiKey(db, { actor, accountId, name, scope });
    revalidatePath(`/a/${accountId}/api-keys`);
    return {
      status: "ok",
      message: `Key "${name}" created. Copy it now: it is shown only once.`,
      data: { key: created.key },
      at: Date.now(),
    };
  },
);
