import "server-only";
import type { Contract } from "@/generated/prisma/client";
import { ruleViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { REFUSAL_MESSAGES } from "@/lib/contract-refusals";
import { checkArchiveContract } from "./contract-rules";
import { contractLabel } from "@/lib/contract-label";
import { lockManagedContract } from "./get-contract-in-reach";

/** "Archive contract": an expired (or canceled) portal contract, before the automatic 30 days. */
export async function archiveContract(
  db: Db,
  options: { actor: Actor; contractId: string; now?: Date },
): Promise<Contract> {
  const { actor } = options;
  return db.$transaction(async (tx) => {
    const { contract, today, facts } = await lockManagedContract(tx, actor, options.contractId, options.now);
    const refusal = checkArchiveContract(facts, today);
    if (refusal) throw ruleViolation(refusal, REFUSAL_MESSAGES[refusal]);
    const updated = await tx.contract.update({ where: { id: contract.id }, data: { archivedAt: options.now ?? new Date() } });
    await recordAuditEvent(tx, actor, {
      accountId: contract.accountId,
      action: "contract.archived",
      objectType: "contract",
      objectId: contract.id,
      after: { contract: contractLabel(contract.number), by: "hand" },
    });
    return updated;
  });
}
