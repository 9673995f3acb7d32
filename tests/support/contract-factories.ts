import { randomUUID } from "node:crypto";
import type { ContractSource, ContractType, TrialExpiryAction } from "../../src/generated/prisma/client";
import { dbDateToIso, isoDateToDb } from "../../src/lib/dates";
import { db } from "../../src/server/db";
import type { Actor } from "../../src/server/auth/reach";
import { addContractSchema, type AddContractInput } from "../../src/server/contracts/contract-input";
import { addContract } from "../../src/server/contracts/add-contract";
import { syncUserCenter, type UserCenterFeed } from "../../src/server/contracts/sync-user-center";
import type { ContractFilters } from "../../src/server/contracts/list-contracts";

/** The catalogue service that offers all five contract types, with two AddOns. */
export const QSM = "quantum-spark-management";
export const QSM_TP = "QSM-ADD-TP";
export const QSM_SDWAN = "QSM-ADD-SDWAN";
/** Offers SUBSCRIPTION, TRIAL, NFR, EVALUATION but not PAYG. */
export const AD360 = "adaptive-defense-360";

/**
 * Suites other than the lifecycle suite work in 2031+. The lifecycle suite runs
 * the daily job (which touches every account in the database) only at instants
 * in the past, so a run in a parallel file never converts, archives or
 * re-statuses the contracts of these suites.
 */
export const FAR_FUTURE_NOW = new Date("2031-03-10T12:00:00Z");
export const FAR_FUTURE_TODAY = "2031-03-10";

export const DEFAULT_FILTERS: ContractFilters = { showArchived: false, sort: "contractId", dir: "asc" };

/** A validated Add Contract input (the same parsing the forms and the API use). */
export function addInput(values: Record<string, unknown>): AddContractInput {
  return addContractSchema.parse({ service: QSM, ...values });
}

/** The input that adds a contract of this portal type, with one AddOn where the type takes AddOns. */
export function portalInput(type: Exclude<ContractType, "EVALUATION">, extra: Record<string, unknown> = {}): AddContractInput {
  switch (type) {
    case "PAYG":
      return addInput({ type, quantity: 10, addOns: [QSM_TP], ...extra });
    case "NFR":
      return addInput({ type, ...extra });
    case "SUBSCRIPTION":
      return addInput({ type, quantity: 10, addOns: [QSM_TP], subscriptionReference: `SO-${randomUUID().slice(0, 8)}`, ...extra });
    case "TRIAL":
      return addInput({ type, quantity: 10, addOns: [QSM_TP], ...extra });
  }
}

export async function addPortalContract(
  actor: Actor,
  accountId: string,
  type: Exclude<ContractType, "EVALUATION">,
  options: { now?: Date; extra?: Record<string, unknown> } = {},
) {
  return addContract(db, { actor, accountId, input: portalInput(type, options.extra), now: options.now ?? FAR_FUTURE_NOW });
}

/** Links the account to a fresh User Center id (the Sync UC button needs one). */
export async function linkUserCenter(accountId: string): Promise<string> {
  const userCenterId = `UC-${randomUUID()}`;
  await db.account.update({ where: { id: accountId }, data: { userCenterId } });
  return userCenterId;
}

export type FeedEntry = UserCenterFeed["contracts"][number];

export function feedEntry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    contractId: `UCC-${randomUUID()}`,
    service: QSM,
    type: "SUBSCRIPTION",
    package: "QSM-MGMT-STD",
    addOns: [QSM_TP],
    quantity: 20,
    registrationDate: "2031-01-01",
    expiresOn: "2032-01-31",
    ...overrides,
  };
}

/** Creates one User Center contract through Sync UC (linking the account if needed) and returns its row. */
export async function syncOneContract(actor: Actor, accountId: string, overrides: Partial<FeedEntry> = {}, now = FAR_FUTURE_NOW) {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  if (!account.userCenterId) await linkUserCenter(accountId);
  const entry = feedEntry(overrides);
  const report = await syncUserCenter(db, { actor, accountId, feed: { contracts: [entry] }, now });
  if (report.errors.length) throw new Error(`sync failed: ${JSON.stringify(report.errors)}`);
  return db.contract.findUniqueOrThrow({ where: { accountId_externalId: { accountId, externalId: entry.contractId } } });
}

/**
 * A contract row written straight to the database, for states the portal
 * cannot reach by itself (e.g. a contract on a distributor account).
 */
export async function insertContract(options: {
  accountId: string;
  type: ContractType;
  source?: ContractSource;
  serviceCode?: string;
  addOnSkus?: string[];
  quantity?: number;
  registeredOn: string;
  expiresOn: string | null;
  trialExpiryAction?: TrialExpiryAction;
  canceledAt?: Date;
}) {
  const service = await db.service.findUniqueOrThrow({
    where: { code: options.serviceCode ?? QSM },
    include: { packages: { where: { isDefault: true } }, addOns: true },
  });
  const source = options.source ?? "PORTAL";
  return db.contract.create({
    data: {
      accountId: options.accountId,
      serviceId: service.id,
      packageId: service.packages[0]!.id,
      type: options.type,
      source,
      externalId: source === "USER_CENTER" ? `UCC-${randomUUID()}` : null,
      subscriptionReference: source === "PORTAL" && options.type === "SUBSCRIPTION" ? "SO-DIRECT" : null,
      quantity: options.quantity ?? 10,
      registeredOn: isoDateToDb(options.registeredOn),
      expiresOn: options.expiresOn ? isoDateToDb(options.expiresOn) : null,
      status: options.canceledAt ? "CANCELED" : "ACTIVE",
      canceledAt: options.canceledAt ?? null,
      trialExpiryAction: options.type === "TRIAL" ? (options.trialExpiryAction ?? "CONVERT") : null,
      addOns: {
        create: (options.addOnSkus ?? []).map((sku) => ({
          accountId: options.accountId,
          addOnId: service.addOns.find((addOn) => addOn.sku === sku)!.id,
        })),
      },
    },
  });
}

/** Everything about a contract that a refused operation must leave as it was. */
export async function contractSnapshot(contractId: string) {
  const contract = await db.contract.findUniqueOrThrow({
    where: { id: contractId },
    include: { addOns: { orderBy: { id: "asc" } } },
  });
  return contract;
}

/** The account's audit trail and contracts, to prove that a refusal wrote nothing. */
export async function accountWrites(accountId: string) {
  const [auditEvents, contracts, contractAddOns, services] = await Promise.all([
    db.auditEvent.count({ where: { accountId } }),
    db.contract.count({ where: { accountId } }),
    db.contractAddOn.count({ where: { accountId } }),
    db.accountService.count({ where: { accountId } }),
  ]);
  return { auditEvents, contracts, contractAddOns, services };
}

export async function activeAddOnSkus(contractId: string): Promise<string[]> {
  const rows = await db.contractAddOn.findMany({
    where: { contractId, endedAt: null },
    include: { addOn: { select: { sku: true } } },
  });
  return rows.map((row) => row.addOn.sku).sort();
}

/** The instant of noon UTC on a calendar day. */
export const noonOf = (isoDay: string) => new Date(`${isoDay}T12:00:00Z`);

export const isoOf = (date: Date | null) => (date ? dbDateToIso(date) : null);
