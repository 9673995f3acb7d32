import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getPortalContext } from "@/server/edge/portal-context";
import { getContractInReach } from "@/server/contracts/load-contract";
import { db } from "@/server/db";

/** A contract of the account in the URL, or the 404 page. */
export async function loadContractPage(accountId: string, contractId: string) {
  const context = await getPortalContext(accountId);
  try {
    const contract = await getContractInReach(db, context.actor, contractId);
    if (contract.accountId !== context.account.id) notFound();
    return { context, contract };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
