"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { portalAction } from "@/server/edge/portal-action";
import { previewContractImport } from "@/server/contracts/import/contract-import";
import { db } from "@/server/db";
import { accountIds } from "./contract-action-input";

export const previewImportAction = portalAction(accountIds.extend({ file: z.instanceof(File, { message: "Choose a CSV or Excel file." }) }), async ({ accountId, file }, actor) => {
  if (file.size === 0) throw invalid("Choose a CSV or Excel file.", { file: ["Choose a CSV or Excel file."] });
  const preview = await previewContractImport(db, {
    actor,
    accountId,
    filename: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  redirect(`/a/${accountId}/contracts/import?preview=${preview.id}`);
});
