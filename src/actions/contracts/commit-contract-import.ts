"use server";

import { redirect } from "next/navigation";
import { idSchema } from "@/lib/ids";
import { portalAction } from "@/server/edge/portal-action";
import { commitContractImport } from "@/server/contracts/import/contract-import";
import { db } from "@/server/db";
import { accountIds } from "./contract-action-input";

export const commitImportAction = portalAction(accountIds.extend({ importId: idSchema }), async ({ accountId, importId }, actor) => {
  const result = await commitContractImport(db, { actor, accountId, importId });
  redirect(`/a/${accountId}/contracts?imported=${result.imported}`);
});
