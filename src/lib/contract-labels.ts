import type { ContractStatus, ContractType } from "@/generated/prisma/enums";

export const CONTRACT_TYPE_LABEL: Record<ContractType, string> = {
  PAYG: "Pay-As-You-Go",
  NFR: "Not For Resale",
  SUBSCRIPTION: "Subscription",
  TRIAL: "Trial",
  EVALUATION: "Evaluation",
};

export const CONTRACT_STATUS_LABEL: Record<ContractStatus, string> = {
  ACTIVE: "Active",
  ABOUT_TO_EXPIRE: "About to expire",
  EXPIRED: "Expired",
  CANCELED: "Canceled",
};

export const CONTRACT_STATUS_TONE: Record<ContractStatus, "green" | "amber" | "red" | "slate"> = {
  ACTIVE: "green",
  ABOUT_TO_EXPIRE: "amber",
  EXPIRED: "red",
  CANCELED: "slate",
};

export const SERVICE_STATUS_LABEL = { ACTIVE: "Active", REQUIRES_ACTIVATION: "Requires activation" } as const;
