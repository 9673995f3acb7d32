"use server";

import { redirect } from "next/navigation";
import { portalAction } from "@/server/edge/portal-action";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { cancelContractSchema } from "@/server/contracts/contract-input";
import { db } from "@/server/db";
import { contractIds } from "./contract-action-input";

export const cancelContractAction = portalAction(
  contractIds.and(cancelContractSchema),
  async ({ accountId, contractId, ...input }, actor) => {
    await cancelContract(db, { actor, contractId, input });
    redirect(`/a/${accountId}/contracts?canceled=${input.addOn ? "addon" : "contract"}`);
  },
);
