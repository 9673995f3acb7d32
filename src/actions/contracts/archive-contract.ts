"use server";

import { revalidatePath } from "next/cache";
import { portalAction } from "@/server/edge/portal-action";
import { archiveContract } from "@/server/contracts/archive-contract";
import { db } from "@/server/db";
import { contractIds } from "./contract-action-input";

export const archiveContractAction = portalAction(contractIds, async ({ accountId, contractId }, actor) => {
  await archiveContract(db, { actor, contractId });
  revalidatePath(`/a/${accountId}/contracts`);
  return { status: "ok", message: "Contract archived. Tick “Show archived contracts” to see it.", at: Date.now() };
});
