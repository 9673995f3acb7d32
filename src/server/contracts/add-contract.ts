import "server-only";
import type { Contract } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { AppError, isUniqueViolation, ruleViolation } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { contractLabel } from "@/lib/contract-label";
import { REFUSAL_MESSAGES, refusalMessage, type HeldContractRefusal } from "@/lib/contract-refusals";
import { checkAddContract, checkHeldContracts, expiryForNewContract } from "./contract-rules";
import type { AddContractInput } from "./contract-input";
import { resolveAddOns, resolvePackage, resolveService } from "./resolve-catalogue";
import { recordWebhookEvent } from "@/server/webhook-outbox/record-webhook-event";
import { contractEventData } from "@/server/webhook-outbox/contract-event-data";

/** What the account already holds stands in the way: a conflict, not a bad request. */
const heldContractConflict = (refusal: HeldContractRefusal, serviceName: string) =>
  new AppError("CONFLICT", refusalMessage(refusal, serviceName), { reason: refusal });

/** Switches the service on for the account (portal contracts need no separate activation). */
export async function activateAccountService(db: DbTx, accountId: string, serviceId: string, by: string) {
  await db.accountService.upsert({
    where: { accountId_serviceId: { accountId, serviceId } },
    create: { accountId, serviceId, activatedBy: by },
    update: {},
  });
}

/**
 * "Add Contract" (docs/contracts.md#adding-a-contract): service, then type. Checked in one transaction
 * with the account row locked, so two admins adding at the same moment queue;
 * the NFR key's unique index settles any race that remains.
 */
export async function addContract(
  db: Db,
  options: { actor: Actor; accountId: string; input: AddContractInput; now?: Date },
): Promise<Contract> {
  try {
    return await db.$transaction((tx) => addContractInTransaction(tx, options));
  } catch (error) {
    // Only the NFR key is unique among a new contract's columns (its message names no service).
    if (isUniqueViolation(error)) throw heldContractConflict("NFR_ALREADY_USED", "");
    throw error;
  }
}

/** The same, inside a caller's transaction (bulk import adds many rows in one). */
export async function addContractInTransaction(
  tx: DbTx,
  options: { actor: Actor; accountId: string; input: AddContractInput; now?: Date },
): Promise<Contract> {
  const { actor, input } = options;
  const { account } = await lockAccountInReach(tx, actor, options.accountId);
  assertCan(actor, "contracts:manage", account);
  const service = await resolveService(tx, input.service);
  const refusal = checkAddContract({ accountKind: account.kind, type: input.type, serviceTypes: service.contractTypes });
  if (refusal) throw ruleViolation(refusal, REFUSAL_MESSAGES[refusal]);

  const isNfr = input.type === "NFR";
  // NFR: predefined units and the service's default package; the form shows them disabled.
  const pkg = resolvePackage(service, isNfr ? undefined : input.packageSku);
  const addOns = isNfr ? [] : resolveAddOns(service, input.addOns);
  const quantity = isNfr ? (service.nfrUnits ?? 1) : input.quantity!;
  const today = todayIn(account.billingTimezone, options.now);

  const held = {
    hadNfr: isNfr && (await tx.contract.count({ where: { accountId: account.id, serviceId: service.id, type: "NFR" } })) > 0,
    liveOfSameType:
      (input.type === "PAYG" || input.type === "TRIAL") &&
      (await tx.contract.count({
        where: {
          accountId: account.id,
          serviceId: service.id,
          type: input.type,
          canceledAt: null,
          archivedAt: null,
          OR: [{ expiresOn: null }, { expiresOn: { gte: isoDateToDb(today) } }],
        },
      })) > 0,
  };
  const heldRefusal = checkHeldContracts(input.type, held);
  if (heldRefusal) throw heldContractConflict(heldRefusal, service.name);

  const expiresOn = expiryForNewContract(input.type, today, input.trialDays);
  const contract = await tx.contract.create({
    data: {
      accountId: account.id,
      serviceId: service.id,
      packageId: pkg.id,
      type: input.type,
      source: "PORTAL",
      subscriptionReference: input.type === "SUBSCRIPTION" ? input.subscriptionReference : null,
      quantity,
      registeredOn: isoDateToDb(today),
      expiresOn: expiresOn ? isoDateToDb(expiresOn) : null,
      status: "ACTIVE",
      trialExpiryAction: input.type === "TRIAL" ? input.trialExpiryAction : null,
      nfrKey: isNfr ? `${account.id}:${service.id}` : null,
      addOns: { create: addOns.map((addOn) => ({ accountId: account.id, addOnId: addOn.id })) },
    },
  });
  await activateAccountService(tx, account.id, service.id, actor.email);
  await recordWebhookEvent(tx, { accountId: account.id, type: "contract.created", data: contractEventData(contract, service), now: options.now });
  await recordAuditEvent(tx, actor, {
    accountId: account.id,
    action: "contract.added",
    objectType: "contract",
    objectId: contract.id,
    after: {
      contract: contractLabel(contract.number),
      service: service.name,
      type: contract.type,
      package: pkg.sku,
      addOns: addOns.map((addOn) => addOn.sku),
      quantity,
      registeredOn: today,
      expiresOn,
      ...(contract.subscriptionReference ? { subscriptionReference: contract.subscriptionReference } : {}),
      ...(contract.trialExpiryAction ? { atExpiry: contract.trialExpiryAction } : {}),
    },
  });
  return contract;
}
