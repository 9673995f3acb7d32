import "server-only";
import type { Account } from "@/generated/prisma/client";
import { invalid, ruleViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "./get-account-in-reach";
import { assertCan, type Permission } from "@/server/auth/permissions";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

/**
 * The partner (an MSSP account) whose pools or points are read or changed, in
 * the caller's reach; changes need ADMIN there (an MSSP admin, or an admin of
 * an account above it such as its distributor).
 */
export async function getPartnerInReach(
  db: DbTx,
  actor: Actor,
  partnerId: string,
  permission: Permission = "account:read",
): Promise<Account> {
  const { account } = await getAccountInReach(db, actor, partnerId);
  assertCan(actor, permission, account);
  if (account.kind !== "MSSP") throw ruleViolation("POOLS_ONLY_FOR_MSSP", "Licence pools and points belong to Partner – MSSP accounts.");
  return account;
}

/** A client of the partner: one of its direct child accounts, in reach and not inactive. */
export async function getClientOf(db: DbTx, actor: Actor, partner: Account, clientAccountId: string): Promise<Account> {
  const refused = () => invalid("Choose one of this partner's client accounts.", { clientAccountId: ["Choose one of this partner's client accounts."] });
  if (!isUuid(clientAccountId)) throw refused();
  const client = await db.account.findFirst({
    where: { AND: [{ id: clientAccountId, parentId: partner.id }, reachableAccountWhere(actor.grants)] },
  });
  if (!client) throw refused();
  if (client.status === "INACTIVE") {
    throw ruleViolation("CLIENT_INACTIVE", `${client.name} is inactive: reactivate it before assigning licences.`);
  }
  return client;
}

/** A catalogue product sold in pools (it has a points price), by code; a bad code is a field error. */
export async function getPoolService(db: DbTx, code: string) {
  const service = await db.service.findUnique({ where: { code } });
  if (!service || service.pointsPerLicence === null) {
    throw invalid("Choose a product sold in licence pools.", { service: ["Choose a product sold in licence pools."] });
  }
  return { ...service, pointsPerLicence: service.pointsPerLicence };
}

/** Products sold in pools, for forms. */
export async function listPoolServices(db: DbTx) {
  return db.service.findMany({
    where: { pointsPerLicence: { not: null } },
    select: { id: true, code: true, name: true, pointsPerLicence: true, unit: true },
    orderBy: { name: "asc" },
  });
}

