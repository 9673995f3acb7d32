import "server-only";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { supportsPayg } from "./firmware-version";

/** Plans of the account, and plans its MSSP shared with it. */
export async function listPlans(db: DbTx, options: { actor: Actor; accountId: string }) {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const plans = await db.plan.findMany({
    where: { OR: [{ accountId: account.id }, { sharedWithAccountId: account.id }] },
    include: {
      account: { select: { id: true, name: true } },
      sharedWith: { select: { id: true, name: true } },
      gateways: { select: { firmwareVersion: true, lockedToPlan: true } },
    },
    orderBy: { name: "asc" },
  });
  return plans.map((plan) => ({
    id: plan.id,
    name: plan.name,
    licenceType: plan.licenceType,
    owner: plan.account,
    ownedHere: plan.accountId === account.id,
    sharedWith: plan.sharedWith,
    gatewayCount: plan.gateways.length,
    // Same rule as View Gateways: gateways following the plan on firmware below R82.
    oldFirmwareCount: plan.gateways.filter((g) => g.lockedToPlan && !supportsPayg(g.firmwareVersion)).length,
  }));
}
