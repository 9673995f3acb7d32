import "server-only";
import type { AccountKind, AccountStatus } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { can } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { listExpiringContracts, type ExpiringContract } from "@/server/contracts/list-expiring-contracts";
import { countGatewaysByLicenceType } from "@/server/gateways/list-gateways";
import type { LicenceType } from "@/generated/prisma/client";

export interface AccountDashboard {
  childCounts: { kind: AccountKind; status: AccountStatus; count: number }[];
  descendantCount: number;
  memberCount: number;
  trialsEndingSoon: { id: string; name: string; trialEndsOn: Date }[];
  recentEvents: { id: string; createdAt: Date; actorLabel: string; action: string; accountName: string }[] | null;
  expiringContracts: ExpiringContract[];
  /** Null on a distributor's dashboard, which has no gateways card. */
  gatewaysByType: Record<LicenceType, number> | null;
}

/**
 * The account's overview: its children, people, trials ending soon, contracts
 * about to expire, gateways and recent changes. One reach check, then every
 * card's statement at once; a card the account's kind does not show is not read
 * (a distributor's gateways would count every gateway below it for nothing).
 */
export async function getAccountDashboard(
  db: DbTx,
  options: { actor: Actor; accountId: string; now?: Date },
): Promise<AccountDashboard> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  const now = options.now ?? new Date();
  const inTwoWeeks = new Date(now.getTime() + 14 * 86_400_000);
  const below = { path: { startsWith: account.path }, id: { not: account.id } };
  const [grouped, descendantCount, memberCount, trials, events, expiringContracts, gatewaysByType] = await Promise.all([
    db.account.groupBy({ by: ["kind", "status"], where: { parentId: account.id }, _count: { _all: true } }),
    db.account.count({ where: below }),
    db.membership.count({ where: { accountId: account.id } }),
    db.account.findMany({
      where: { ...below, status: "IN_TRIAL", trialEndsOn: { lte: inTwoWeeks } },
      select: { id: true, name: true, trialEndsOn: true },
      orderBy: { trialEndsOn: "asc" },
      take: 10,
    }),
    can(options.actor, "audit:read", account)
      ? db.auditEvent.findMany({
          where: { account: { path: { startsWith: account.path } } },
          include: { account: { select: { name: true } } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: 8,
        })
      : null,
    listExpiringContracts(db, { account, now }),
    account.kind === "DISTRIBUTOR" ? null : countGatewaysByLicenceType(db, account.path),
  ]);
  return {
    childCounts: grouped.map((group) => ({ kind: group.kind, status: group.status, count: group._count._all })),
    descendantCount,
    memberCount,
    trialsEndingSoon: trials.flatMap((trial) =>
      trial.trialEndsOn ? [{ id: trial.id, name: trial.name, trialEndsOn: trial.trialEndsOn }] : [],
    ),
    recentEvents:
      events?.map((event) => ({
        id: event.id.toString(),
        createdAt: event.createdAt,
        actorLabel: event.actorLabel,
        action: event.action,
        accountName: event.account.name,
      })) ?? null,
    expiringContracts,
    gatewaysByType,
  };
}
