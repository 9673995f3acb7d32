import type { Contract } from "@/generated/prisma/client";
import { isoDateToDb, todayIn } from "@/lib/dates";
import { AppError, isUniqueViolation, ruleViolation } from "@/lib/errors";
import type { Db, DbTx } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { lockAccountInReach } from "@/server/accounts/get-account-in-reach";
import { checkAddContract, expiryForNewContract, REFUSAL_MESSAGES } from "./contract-rules";
import type { AddContractInput } from "./contract-input";
import { contractLabel } from "./load-contract";
import { resolveAddOns, resolvePackage, resolveService } from "./resolve-catalogue";

const nfrAlreadyUsed = () =>
  new AppError("CONFLICT", "This account has already had a Not For Resale contract for this service; it cannot be added again.", {
    reason: "NFR_ALREADY_USED",
  });

/** Switches the service on for the account (portal contracts need no separate activation). */
export async function activateAccountService(db: DbTx, accountId: string, serviceId: string, by: string) {
  await db.accountService.upsert({
    where: { accountId_serviceId: { accountId, serviceId } },
    create: { accountId, serviceId, activatedBy: by },
    update: {},
  });
}

/**
 * "Add Contract" (SPEC §3.2): service, then type. Checked in one transaction
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
    if (isUniqueViolation(error)) throw nfrAlreadyUsed();
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

  if (isNfr && (await tx.contract.count({ where: { accountId: account.id, serviceId: service.id, type: "NFR" } })) > 0) {
    throw nfrAlreadyUsed();
  }
  if (input.type === "PAYG" || input.type === "TRIAL") {
    const live = await tx.contract.count({
      where: {
        accountId: account.id,
        serviceId: service.id,
        type: input.type,
        canceledAt: null,
        archivedAt: null,
        OR: [{ expiresOn: null }, { expiresOn: { gte: isoDateToDb(today) } }],
      },
    });
    if (live > 0) {
      const reason = input.type === "PAYG" ? "PAYG_ALREADY_ACTIVE" : "TRIAL_ALREADY_ACTIVE";
      throw new AppError("CONFLICT", `This account already has an active ${input.type === "PAYG" ? "Pay-As-You-Go" : "trial"} contract for ${service.name}.`, { reason });
    }
  }

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
