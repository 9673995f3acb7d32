import "server-only";
import type { DbTx } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";

export interface ShortfallLine {
  clientAccountId: string;
  clientName: string;
  needed: number;
  renewed: number;
  discounted: number;
}

export interface RenewalShortfall {
  renewalId: string;
  partner: { id: string; name: string };
  product: string;
  /** First day of the month renewed into (yyyy-MM-dd, partner's timezone). */
  month: string;
  needed: number;
  renewed: number;
  /** Only the clients that lost protection. */
  affected: ShortfallLine[];
}

/**
 * The one place a renewal shortfall is announced, called inside the renewal's
 * transaction: one in-app notice for the partner and one for each affected
 * client (keyed by renewal and recipient, so a redone renewal never repeats
 * them). They are shown on the partner's pool page and the client's pages.
 * Each recipient also gets the portal notice (in-app and by email to its
 * recipients), keyed by the renewal, so a redone renewal never emails twice.
 */
export async function notifyRenewalShortfall(tx: DbTx, shortfall: RenewalShortfall): Promise<number> {
  if (shortfall.affected.length === 0) return 0;
  const discounted = shortfall.affected.reduce((sum, line) => sum + line.discounted, 0);
  const notices = [
    {
      accountId: shortfall.partner.id,
      message:
        `Renewal of ${shortfall.product} on ${shortfall.month}: ${shortfall.needed} licence(s) needed, ${shortfall.renewed} renewed. ` +
        `${discounted} device(s) of ${shortfall.affected.length} client(s) lost protection (${shortfall.affected
          .map((line) => `${line.clientName}: ${line.discounted}`)
          .join(", ")}). Exchange points to protect them again.`,
      needed: shortfall.needed,
      renewed: shortfall.renewed,
      discounted,
    },
    ...shortfall.affected.map((line) => ({
      accountId: line.clientAccountId,
      message:
        `Renewal of ${shortfall.product} on ${shortfall.month}: ${line.renewed} of your ${line.needed} device(s) were renewed by ${shortfall.partner.name}; ` +
        `${line.discounted} lost protection. Contact ${shortfall.partner.name} to protect them again.`,
      needed: line.needed,
      renewed: line.renewed,
      discounted: line.discounted,
    })),
  ];
  for (const notice of notices) {
    const isPartner = notice.accountId === shortfall.partner.id;
    await createNotice(tx, {
      accountId: notice.accountId,
      key: `pool-shortfall:${shortfall.renewalId}`,
      kind: "pool.renewal_shortfall",
      title: isPartner
        ? `Renewal of ${shortfall.product} was ${notice.discounted} licence(s) short`
        : `${notice.discounted} of your devices lost ${shortfall.product} protection`,
      body: notice.message,
      link: isPartner ? `/a/${notice.accountId}/pools/monthly` : `/a/${notice.accountId}/pools`,
      email: true,
    });
  }
  const created = await tx.renewalShortfallNotice.createMany({
    data: notices.map((notice) => ({ ...notice, renewalId: shortfall.renewalId })),
    skipDuplicates: true,
  });
  // Once per renewal, like the notices: a redone renewal finds them written and sends nothing.
  if (created.count > 0) {
    await recordWebhookEvent(tx, {
      accountId: shortfall.partner.id,
      type: "pool.renewal_shortfall",
      data: {
        renewalId: shortfall.renewalId,
        accountId: shortfall.partner.id,
        product: shortfall.product,
        month: shortfall.month.slice(0, 7),
        needed: shortfall.needed,
        renewed: shortfall.renewed,
        affected: shortfall.affected.map((line) => ({ clientAccountId: line.clientAccountId, needed: line.needed, renewed: line.renewed, discounted: line.discounted })),
      },
    });
  }
  return created.count;
}
