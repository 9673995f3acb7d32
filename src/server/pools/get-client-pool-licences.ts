import "server-only";
import { dbDateToIso, todayIn } from "@/lib/dates";
import { firstOfNextMonth } from "@/lib/pool-proration";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";

/**
 * A client's licences from its partner's pools (annual terms and monthly
 * protected devices) and its renewal shortfall notices, for the client's own
 * pages (Services & Contracts, Licence pools). Read through the client account,
 * so a client admin sees exactly its own rows.
 */
export async function getClientPoolLicences(db: DbTx, options: { actor: Actor; accountId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const today = todayIn(account.billingTimezone, now);
  const [annual, monthly, notices] = await Promise.all([
    db.poolAssignment.findMany({
      where: { clientAccountId: account.id, quantity: { gt: 0 } },
      include: { account: { select: { name: true } }, pool: { select: { years: true, service: { select: { name: true } } } } },
      orderBy: { startsOn: "desc" },
    }),
    db.monthlyAssignment.findMany({
      where: { clientAccountId: account.id, devices: { gt: 0 } },
      include: { account: { select: { name: true, billingTimezone: true } }, pool: { select: { service: { select: { name: true } } } } },
    }),
    db.renewalShortfallNotice.findMany({ where: { accountId: account.id }, orderBy: { createdAt: "desc" }, take: 10 }),
  ]);
  return {
    annual: annual.map((a) => ({
      id: a.id,
      partnerName: a.account.name,
      product: a.pool.service.name,
      years: a.pool.years,
      quantity: a.quantity,
      startsOn: dbDateToIso(a.startsOn),
      endsOn: dbDateToIso(a.endsOn),
      current: dbDateToIso(a.startsOn) <= today && today <= dbDateToIso(a.endsOn),
    })),
    monthly: monthly.map((m) => ({
      id: m.id,
      partnerName: m.account.name,
      product: m.pool.service.name,
      devices: m.devices,
      expiresOn: firstOfNextMonth(todayIn(m.account.billingTimezone, now)),
    })),
    notices: notices.map((n) => ({ id: n.id, message: n.message, createdAt: n.createdAt })),
  };
}
