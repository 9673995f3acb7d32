import "server-only";
import type { Contract } from "@/generated/prisma/client";
import { invalid, ruleViolation } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { REFUSAL_MESSAGES } from "@/lib/contract-refusals";
import { checkEditContract, type EditRequest } from "./contract-rules";
import type { EditContractInput } from "./contract-input";
import { contractLabel } from "@/lib/contract-label";
import { lockManagedContract } from "./get-contract-in-reach";
import { resolveAddOns } from "./resolve-catalogue";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { contractEventData } from "@/server/webhook-outbox/contract-event-data";

/**
 * "Edit Contract" / "Apply changes" (docs/contracts.md#editing-a-contract). Only what differs from the
 * contract counts as a change, so a form that always posts its quantity does
 * not trip the rule on a subscription.
 */
export async function editContract(
  db: Db,
  options: {
    actor: Actor;
    contractId: string;
    input: EditContractInput;
    now?: Date;
    /** Runs once the contract is locked, before any rule: the API's If-Match (docs/api.md#etags). */
    precondition?: (tx: DbTx) => Promise<void>;
  },
): Promise<Contract> {
  const { actor, input } = options;
  return db.$transaction(async (tx) => {
    const { contract, today, facts } = await lockManagedContract(tx, actor, options.contractId, options.now);
    await options.precondition?.(tx);
    const activeSkus = new Set(contract.addOns.map((row) => row.addOn.sku));

    const service = await tx.service.findUniqueOrThrow({ where: { id: contract.serviceId }, include: { addOns: true, packages: true } });
    const toAdd = resolveAddOns(service, input.addAddOns, "addAddOns").filter((addOn) => !activeSkus.has(addOn.sku));
    const toRemove = resolveAddOns(service, input.removeAddOns, "removeAddOns");
    const notOnContract = toRemove.filter((addOn) => !activeSkus.has(addOn.sku));

    const change: EditRequest = {
      quantity: input.quantity !== undefined && input.quantity !== contract.quantity ? input.quantity : undefined,
      addAddOns: toAdd.map((addOn) => addOn.sku),
      removeAddOns: toRemove.map((addOn) => addOn.sku),
      trialExpiryAction:
        input.trialExpiryAction !== undefined && input.trialExpiryAction !== contract.trialExpiryAction
          ? input.trialExpiryAction
          : undefined,
    };
    const refusal = checkEditContract(facts, change, today);
    if (refusal) throw ruleViolation(refusal, REFUSAL_MESSAGES[refusal]);
    // After the rules, so a contract that cannot be edited at all (an NFR has no AddOns) says so.
    if (notOnContract.length) {
      throw invalid("That AddOn is not on this contract.", {
        removeAddOns: [`Not on this contract: ${notOnContract.map((a) => a.sku).join(", ")}.`],
      });
    }
    const nothingChanged =
      change.quantity === undefined && !toAdd.length && !toRemove.length && change.trialExpiryAction === undefined;
    if (nothingChanged) return contract;

    const now = options.now ?? new Date();
    if (toRemove.length) {
      await tx.contractAddOn.updateMany({
        where: { contractId: contract.id, endedAt: null, addOnId: { in: toRemove.map((addOn) => addOn.id) } },
        data: { endedAt: now, endReason: "REMOVED" },
      });
    }
    if (toAdd.length) {
      await tx.contractAddOn.createMany({
        data: toAdd.map((addOn) => ({ accountId: contract.accountId, contractId: contract.id, addOnId: addOn.id, addedAt: now })),
      });
    }
    const updated = await tx.contract.update({
      where: { id: contract.id },
      data: {
        ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
        ...(change.trialExpiryAction ? { trialExpiryAction: change.trialExpiryAction } : {}),
      },
    });
    await recordAuditEvent(tx, actor, {
      accountId: contract.accountId,
      action: "contract.edited",
      objectType: "contract",
      objectId: contract.id,
      before: {
        contract: contractLabel(contract.number),
        ...(change.quantity !== undefined ? { quantity: contract.quantity } : {}),
        ...(toAdd.length || toRemove.length ? { addOns: [...activeSkus] } : {}),
        ...(change.trialExpiryAction ? { atExpiry: contract.trialExpiryAction } : {}),
      },
      after: {
        contract: contractLabel(contract.number),
        ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
        ...(toAdd.length || toRemove.length
          ? { addOns: [...[...activeSkus].filter((sku) => !change.removeAddOns!.includes(sku)), ...change.addAddOns!] }
          : {}),
        ...(change.trialExpiryAction ? { atExpiry: change.trialExpiryAction } : {}),
      },
    });
    await recordWebhookEvent(tx, {
      accountId: contract.accountId,
      type: "contract.updated",
      data: {
        ...contractEventData(updated, contract.service),
        change: {
          ...(change.quantity !== undefined ? { quantityThreshold: { from: contract.quantity, to: change.quantity } } : {}),
          ...(toAdd.length ? { addOnsAdded: toAdd.map((addOn) => addOn.sku) } : {}),
          ...(toRemove.length ? { addOnsRemoved: toRemove.map((addOn) => addOn.sku) } : {}),
          ...(change.trialExpiryAction ? { atExpiry: change.trialExpiryAction } : {}),
        },
      },
      now,
    });
    return updated;
  });
}
