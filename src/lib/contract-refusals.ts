/**
 * The named results of the contract rules (src/server/contracts/contract-rules.ts)
 * and the sentence a person reads for each. Here, not beside the rules, because
 * forms in the browser show them too and nothing under src/server may reach the
 * browser bundle.
 */

/** Refusals of "Add Contract" read from the request alone. */
export type AddRuleRefusal =
  | "CONTRACTS_NOT_FOR_DISTRIBUTOR"
  | "EVALUATION_NOT_ADDABLE"
  | "SERVICE_DOES_NOT_OFFER_TYPE"
  | "NFR_NOT_FOR_CUSTOMER";

/**
 * Refusals of "Add Contract" read from what the account already holds for the
 * service: Not For Resale only once ever, one live Pay-As-You-Go or trial at a
 * time. They answer CONFLICT (the account's contracts, not the request, stand
 * in the way).
 */
export type HeldContractRefusal = "NFR_ALREADY_USED" | "PAYG_ALREADY_ACTIVE" | "TRIAL_ALREADY_ACTIVE";

export type AddRefusal = AddRuleRefusal | HeldContractRefusal;

export type EditRefusal =
  | "CONTRACT_NOT_ACTIVE"
  | "USER_CENTER_CONTRACT_NOT_EDITABLE"
  | "NFR_NOT_EDITABLE"
  | "EVALUATION_NOT_EDITABLE"
  | "QUANTITY_CHANGE_NOT_ALLOWED"
  | "ADDON_ADD_NOT_ALLOWED"
  | "ADDON_REMOVAL_NOT_ALLOWED"
  | "EXPIRY_ACTION_CHANGE_NOT_ALLOWED";

export type CancelRefusal =
  | "CANNOT_CANCEL_TRIAL"
  | "CANNOT_CANCEL_SUBSCRIPTION"
  | "CANNOT_CANCEL_EVALUATION"
  | "ALREADY_CANCELED"
  | "CONTRACT_NOT_ACTIVE"
  | "ADDON_CANCEL_ONLY_PAYG";

export type ArchiveRefusal = "USER_CENTER_CONTRACT_NOT_ARCHIVED" | "ALREADY_ARCHIVED" | "NOT_EXPIRED";

export type ContractRefusal = AddRefusal | EditRefusal | CancelRefusal | ArchiveRefusal;

export const REFUSAL_MESSAGES = {
  CONTRACTS_NOT_FOR_DISTRIBUTOR: "Distributor accounts do not hold contracts; add them to the accounts below.",
  EVALUATION_NOT_ADDABLE: "Evaluation contracts come from the User Center and cannot be added here.",
  SERVICE_DOES_NOT_OFFER_TYPE: "This service does not offer that contract type.",
  NFR_NOT_FOR_CUSTOMER: "Not For Resale contracts are only for Partner – MSSP accounts, never for customers.",
  NFR_ALREADY_USED: "This account has already had a Not For Resale contract for this service; it cannot be added again.",
  PAYG_ALREADY_ACTIVE: (serviceName: string) => `This account already has an active Pay-As-You-Go contract for ${serviceName}.`,
  TRIAL_ALREADY_ACTIVE: (serviceName: string) => `This account already has an active trial contract for ${serviceName}.`,
  CONTRACT_NOT_ACTIVE: "Only an active contract can be changed.",
  USER_CENTER_CONTRACT_NOT_EDITABLE: "User Center contracts cannot be edited here.",
  NFR_NOT_EDITABLE: "Not For Resale contracts cannot be edited.",
  EVALUATION_NOT_EDITABLE: "Evaluation contracts cannot be edited.",
  QUANTITY_CHANGE_NOT_ALLOWED: "Only Pay-As-You-Go contracts may change their quantity.",
  ADDON_ADD_NOT_ALLOWED: "AddOns can be added only to Pay-As-You-Go and portal subscription contracts.",
  ADDON_REMOVAL_NOT_ALLOWED: "AddOns can be removed only from Pay-As-You-Go contracts.",
  EXPIRY_ACTION_CHANGE_NOT_ALLOWED: "Only a trial has a decision at expiry.",
  CANNOT_CANCEL_TRIAL: "Trial contracts cannot be canceled.",
  CANNOT_CANCEL_SUBSCRIPTION: "Subscription contracts cannot be canceled.",
  CANNOT_CANCEL_EVALUATION: "Evaluation contracts cannot be canceled.",
  ALREADY_CANCELED: "This contract is already canceled.",
  ADDON_CANCEL_ONLY_PAYG: "Only AddOns of Pay-As-You-Go contracts can be canceled.",
  USER_CENTER_CONTRACT_NOT_ARCHIVED: "User Center contracts are not archived: they stop appearing once expired.",
  ALREADY_ARCHIVED: "This contract is already archived.",
  NOT_EXPIRED: "Only an expired or canceled contract can be archived.",
} satisfies Record<ContractRefusal, string | ((serviceName: string) => string)>;

/** The message of any refusal; the ones about a live contract name the service. */
export function refusalMessage(refusal: ContractRefusal, serviceName: string): string {
  const message = REFUSAL_MESSAGES[refusal];
  return typeof message === "function" ? message(serviceName) : message;
}
