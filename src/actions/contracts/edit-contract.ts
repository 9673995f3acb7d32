"use server";

import { redirect } from "next/navigation";
import { portalAction } from "@/server/edge/portal-action";
import { editContractSchema } from "@/server/contracts/contract-input";
import { editContract } from "@/server/contracts/edit-contract";
import { db } from "@/server/db";
import { checkedValues, contractIds } from "./contract-action-input";

const editAction = portalAction(contractIds.and(editContractSchema), async ({ accountId, contractId, ...input }, actor) => {
  await editContract(db, { actor, contractId, input });
  redirect(`/a/${accountId}/contracts?updated=1`);
});

export async function editContractAction(previous: Parameters<typeof editAction>[0], formData: FormData) {
  formData.set("addAddOns", checkedValues(formData, "addAddOns").join(";"));
  formData.set("removeAddOns", checkedValues(formData, "removeAddOns").join(";"));
  return editAction(previous, formData);
}
