import { differenceInCalendarDays, parseISO } from "date-fns";
import { addDaysIso, termLastDay } from "@/lib/dates";
import type { AccountKind, ContractSource, ContractStatus, ContractType } from "@/generated/prisma/enums";
import type { AddRuleRefusal, ArchiveRefusal, CancelRefusal, EditRefusal, HeldContractRefusal } from "@/lib/contract-refusals";

/**
 * The rules of docs/contracts.md as pure functions over plain values. Each check answers
 * with a reason code a person can read, or null when the operation is allowed.
 */

export const ABOUT_TO_EXPIRE_DAYS = 30;
export const ARCHIVE_AFTER_DAYS = 30;
export const NFR_YEARS = 7;
export const TRIAL_DEFAULT_DAYS = 30;
export const SUBSCRIPTION_YEARS = 1;

export interface ContractFacts {
  type: ContractType;
  source: ContractSource;
  /** yyyy-MM-dd, last valid day; null for open-ended PAYG. */
  expiresOn: string | null;
  /** yyyy-MM-dd in the account's timezone, when canceled. */
  canceledOn: string | null;
  archived: boolean;
}

const daysBetween = (from: string, to: string) => differenceInCalendarDays(parseISO(to), parseISO(from));

/** Derived from dates at read time, so it is never stale. A contract is valid through its "Expires on" day. */
export function deriveContractStatus(facts: Pick<ContractFacts, "expiresOn" | "canceledOn">, today: string): ContractStatus {
  if (facts.canceledOn) return "CANCELED";
  if (!facts.expiresOn) return "ACTIVE";
  if (facts.expiresOn < today) return "EXPIRED";
  if (daysBetween(today, facts.expiresOn) <= ABOUT_TO_EXPIRE_DAYS) return "ABOUT_TO_EXPIRE";
  return "ACTIVE";
}

export function isLive(status: ContractStatus): boolean {
  return status === "ACTIVE" || status === "ABOUT_TO_EXPIRE";
}

// ── Adding (docs/contracts.md#adding-a-contract) ──

export function checkAddContract(options: {
  accountKind: AccountKind;
  type: ContractType;
  serviceTypes: readonly ContractType[];
}): AddRuleRefusal | null {
  if (options.type === "EVALUATION") return "EVALUATION_NOT_ADDABLE";
  if (options.accountKind === "DISTRIBUTOR") return "CONTRACTS_NOT_FOR_DISTRIBUTOR";
  if (options.type === "NFR" && options.accountKind !== "MSSP") return "NFR_NOT_FOR_CUSTOMER";
  if (!options.serviceTypes.includes(options.type)) return "SERVICE_DOES_NOT_OFFER_TYPE";
  return null;
}

/** What the account already holds for the service, read under the account's row lock. */
export interface HeldContracts {
  /** Any Not For Resale contract, ever (asked only when adding one). */
  hadNfr: boolean;
  /** A live contract of the type being added (asked only for Pay-As-You-Go and trials). */
  liveOfSameType: boolean;
}

/** Not For Resale only once per account and service; one live Pay-As-You-Go or trial at a time. */
export function checkHeldContracts(type: ContractType, held: HeldContracts): HeldContractRefusal | null {
  if (type === "NFR" && held.hadNfr) return "NFR_ALREADY_USED";
  if (type === "PAYG" && held.liveOfSameType) return "PAYG_ALREADY_ACTIVE";
  if (type === "TRIAL" && held.liveOfSameType) return "TRIAL_ALREADY_ACTIVE";
  return null;
}

/** Expiry of a newly added contract registered on `registeredOn`. */
export function expiryForNewContract(type: ContractType, registeredOn: string, trialDays = TRIAL_DEFAULT_DAYS): string | null {
  switch (type) {
    case "NFR":
      return termLastDay(registeredOn, NFR_YEARS);
    case "SUBSCRIPTION":
      return termLastDay(registeredOn, SUBSCRIPTION_YEARS);
    case "TRIAL":
      return addDaysIso(registeredOn, trialDays - 1);
    case "PAYG":
    case "EVALUATION":
      return null;
  }
}

// ── Editing (docs/contracts.md#editing-a-contract) ──

export interface AllowedEdits {
  quantity: boolean;
  addAddOns: boolean;
  removeAddOns: boolean;
  trialExpiryAction: boolean;
}

const NOTHING: AllowedEdits = { quantity: false, addAddOns: false, removeAddOns: false, trialExpiryAction: false };

/** What the Edit Contract form may offer for this contract. */
export function allowedEdits(facts: ContractFacts, today: string): AllowedEdits {
  if (facts.archived || !isLive(deriveContractStatus(facts, today))) return NOTHING;
  if (facts.source === "USER_CENTER") return NOTHING;
  switch (facts.type) {
    case "PAYG":
      return { quantity: true, addAddOns: true, removeAddOns: true, trialExpiryAction: false };
    case "TRIAL":
      return { ...NOTHING, trialExpiryAction: true };
    case "SUBSCRIPTION":
      return { ...NOTHING, addAddOns: true };
    default:
      return NOTHING;
  }
}

export interface EditRequest {
  quantity?: number;
  addAddOns?: readonly string[];
  removeAddOns?: readonly string[];
  trialExpiryAction?: "CONVERT" | "EXPIRE";
}

export function checkEditContract(facts: ContractFacts, change: EditRequest, today: string): EditRefusal | null {
  if (facts.archived || !isLive(deriveContractStatus(facts, today))) return "CONTRACT_NOT_ACTIVE";
  if (facts.source === "USER_CENTER") return "USER_CENTER_CONTRACT_NOT_EDITABLE";
  if (facts.type === "NFR") return "NFR_NOT_EDITABLE";
  if (facts.type === "EVALUATION") return "EVALUATION_NOT_EDITABLE";
  const allowed = allowedEdits(facts, today);
  if (change.quantity !== undefined && !allowed.quantity) return "QUANTITY_CHANGE_NOT_ALLOWED";
  if (change.addAddOns?.length && !allowed.addAddOns) return "ADDON_ADD_NOT_ALLOWED";
  if (change.removeAddOns?.length && !allowed.removeAddOns) return "ADDON_REMOVAL_NOT_ALLOWED";
  if (change.trialExpiryAction !== undefined && !allowed.trialExpiryAction) return "EXPIRY_ACTION_CHANGE_NOT_ALLOWED";
  return null;
}

// ── Canceling (docs/contracts.md#canceling-a-contract) ──

export function checkCancelContract(facts: ContractFacts, today: string, options: { addOn?: boolean } = {}): CancelRefusal | null {
  if (facts.type === "TRIAL") return "CANNOT_CANCEL_TRIAL";
  if (facts.type === "SUBSCRIPTION") return "CANNOT_CANCEL_SUBSCRIPTION";
  if (facts.type === "EVALUATION") return "CANNOT_CANCEL_EVALUATION";
  if (facts.canceledOn) return "ALREADY_CANCELED";
  if (facts.archived || !isLive(deriveContractStatus(facts, today))) return "CONTRACT_NOT_ACTIVE";
  if (options.addOn && facts.type !== "PAYG") return "ADDON_CANCEL_ONLY_PAYG";
  return null;
}

// ── Archiving (docs/contracts.md#archiving) ──

/** The day a contract's service ended: its expiry, or the day it was canceled. */
export function endedOn(facts: Pick<ContractFacts, "expiresOn" | "canceledOn">): string | null {
  return facts.canceledOn ?? facts.expiresOn;
}

export function checkArchiveContract(facts: ContractFacts, today: string): ArchiveRefusal | null {
  if (facts.source === "USER_CENTER") return "USER_CENTER_CONTRACT_NOT_ARCHIVED";
  if (facts.archived) return "ALREADY_ARCHIVED";
  const status = deriveContractStatus(facts, today);
  if (status !== "EXPIRED" && status !== "CANCELED") return "NOT_EXPIRED";
  return null;
}

/** Archived automatically 30 days after the contract ended (expired or canceled). */
export function isDueForAutoArchive(facts: ContractFacts, today: string): boolean {
  const ended = endedOn(facts);
  if (facts.source === "USER_CENTER" || facts.archived || !ended) return false;
  if (!facts.canceledOn && ended >= today) return false;
  return daysBetween(ended, today) >= ARCHIVE_AFTER_DAYS;
}

/** User Center contracts stop appearing once expired. */
export function isHiddenUserCenterContract(facts: ContractFacts, today: string): boolean {
  return facts.source === "USER_CENTER" && deriveContractStatus(facts, today) === "EXPIRED";
}
