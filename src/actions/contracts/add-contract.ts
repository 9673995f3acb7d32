"use server";

import { redirect } from "next/navigation";
import { portalAction } from "@/server/edge/portal-action";
import { addContract } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { contractLabel } from "@/lib/contract-label";
import { db } from "@/server/db";
import { accountIds, checkedValues } from "./contract-action-input";

const addAction = portalAction(accountIds.and(addContractSchema), async ({ accountId, ...input }, actor) => {
  const contract = await addContract(db, { actor, accountId, input });
  redirect(`/a/${accountId}/contracts?added=${contractLabel(contract.number)}`);
});

export async function addContractAction(previous: Parameters<typeof addAction>[0], formData: FormData) {
  formData.set("addOns", checkedValues(formData, "addOns").join(";"));
  return addAction(previous, formData);
}
