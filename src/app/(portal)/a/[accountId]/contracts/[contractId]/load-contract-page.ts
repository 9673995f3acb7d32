import "server-only";
import { notFound } from "next/navigation";
import { orNotFound } from "@/server/edge/or-not-found";
import { getPortalContext } from "@/server/edge/portal-context";
import { getContractInReach } from "@/server/contracts/get-contract-in-reach";
import { db } from "@/server/db";

/** A contract of the account in the URL, or the 404 page. */
export async function loadContractPage(accountId: string, contractId: string) {
  const context = await getPortalContext(accountId);
  const contract = await orNotFound(getContractInReach(db, context.actor, contractId));
  if (contract.accountId !== context.account.id) notFound();
  return { context, contract };
}
