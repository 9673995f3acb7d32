import "server-only";
import type { Contract } from "@/generated/prisma/client";
import { invalid, ruleViolation } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { REFUSAL_MESSAGES } from "@/lib/contract-refusals";
import { checkCancelContract } from "./contract-rules";
import type { CancelContractInput } from "./contract-input";
import { contractLabel } from "@/lib/contract-label";
import { lockManagedContract } from "./get-contract-in-reach";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { contractEventData } from "@/server/webhook-outbox/contract-event-data";

/**
 * "Cancel Contract" (docs/contracts.md#canceling-a-contract): a PAYG contract whole or one of its AddOns,
 * or an NFR, with a reason. Billing for it stops from the next metering day.
 */
export async function cancelContract(
  db: Db,
  options: {
    actor: Actor;
    contractId: string;
    input: CancelContractInput;
    now?: Date;
    /** Runs once the contract is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<Contract> {
  const { actor, input } = options;
  return db.$transaction(async (tx) => {
    const { contract, today, facts } = await lockManagedContract(tx, actor, options.contractId, options.now);
    await options.precondition?.(tx);
    const refusal = checkCancelContract(facts, today, {
      addOn: Boolean(input.addOn),
    });
    if (refusal) throw ruleViolation(refusal, REFUSAL_MESSAGES[refusal]);
    const now = options.now ?? new Date();

    if (input.addOn) {
      const row = contract.addOns.find((candidate) => candidate.addOn.sku === input.addOn || candidate.id === input.addOn);
      if (!row) throw invalid("That AddOn is not on this contract.", { addOn: ["Choose an AddOn of this contract."] });
      await tx.contractAddOn.update({
        where: { id: row.id },
        data: { endedAt: now, endReason: "CANCELED", endNote: input.reason },
      });
      await recordAuditEvent(tx, actor, {
        accountId: contract.accountId,
        action: "contract.addon_canceled",
        objectType: "contract",
        objectId: contract.id,
        before: { contract: contractLabel(contract.number), addOn: row.addOn.sku },
        after: { reason: input.reason },
      });
      await recordWebhookEvent(tx, {
        accountId: contract.accountId,
        type: "contract.updated",
        data: { ...contractEventData(contract, contract.service), change: { addOnCanceled: row.addOn.sku, reason: input.reason } },
        now,
      });
      return contract;
    }

    await tx.contractAddOn.updateMany({
      where: { contractId: contract.id, endedAt: null },
      data: { endedAt: now, endReason: "CANCELED", endNote: input.reason },
    });
    const updated = await tx.contract.update({
      where: { id: contract.id },
      data: { canceledAt: now, cancelReason: input.reason, status: "CANCELED" },
    });
    await recordAuditEvent(tx, actor, {
      accountId: contract.accountId,
      action: "contract.canceled",
      objectType: "contract",
      objectId: contract.id,
      before: { contract: contractLabel(contract.number), status: contract.status },
      after: { status: "CANCELED", reason: input.reason },
    });
    await recordWebhookEvent(tx, { accountId: contract.accountId, type: "contract.canceled", data: { ...contractEventData(updated, contract.service), reason: input.reason }, now });
    return updated;
  });
}
