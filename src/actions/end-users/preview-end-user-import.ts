"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { previewEndUserImport } from "@/server/end-users/end-user-import";

export const previewEndUserImportAction = portalAction(
  z.object({ accountId: idSchema, file: z.instanceof(File, { message: "Choose a CSV or Excel file." }) }),
  async ({ accountId, file }, actor) => {
    const preview = await previewEndUserImport(db, { actor, accountId, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    redirect(`/a/${accountId}/end-users/import?preview=${preview.id}`);
  },
);
