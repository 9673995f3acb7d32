import type { LicencePayment, LocationLicenceStatus, LocationSector } from "@/generated/prisma/enums";

/** The seed's own wording for the licence statuses (seed 004). */
export const LICENCE_STATUS_LABEL: Record<LocationLicenceStatus, string> = {
  PENDING_PROVISION: "Pending Provision",
  PENDING_START: "Pending Start",
  IN_USE: "In Use",
  ACCESS_DENIED: "Access denied",
  CONTRACT_FINALIZED: "Contract finalized",
};

export const LICENCE_STATUS_DESCRIPTION: Record<LocationLicenceStatus, string> = {
  PENDING_PROVISION: "Generated license, pending assignment to an organization.",
  PENDING_START: "Provisioned license, pending to start its use. It is considered to be in use when there are 5 device connections.",
  IN_USE: "The license is in use, then the contract period is valid.",
  ACCESS_DENIED: "Access denied to the system, where the service is unavailable. Usually forced by some contractual cause.",
  CONTRACT_FINALIZED: "The license contract has been terminated and the service is no longer available.",
};

export const LICENCE_STATUS_TONE: Record<LocationLicenceStatus, "green" | "amber" | "red" | "slate" | "blue"> = {
  PENDING_PROVISION: "slate",
  PENDING_START: "blue",
  IN_USE: "green",
  ACCESS_DENIED: "red",
  CONTRACT_FINALIZED: "amber",
};

export const LICENCE_STATUSES = Object.keys(LICENCE_STATUS_LABEL) as LocationLicenceStatus[];

export const SECTOR_LABEL: Record<LocationSector, string> = {
  HOSPITALITY: "Hospitality",
  RETAIL: "Retail",
  EDUCATION: "Education",
  HEALTHCARE: "Healthcare",
  OFFICE: "Office",
  PUBLIC_VENUE: "Public venue",
  OTHER: "Other",
};

export const SECTORS = Object.keys(SECTOR_LABEL) as LocationSector[];

export const PAYMENT_LABEL: Record<LicencePayment, string> = { MONTHLY: "Monthly", ANNUAL: "Annual" };

/** Advanced modules a location licence can enable (codes stored on the licence). */
export const LICENCE_MODULES = {
  GUEST: "Octopus Guest",
  CAPTIVE_PORTAL: "Captive portal",
  ANALYTICS: "Analytics",
  MARKETING: "Marketing campaigns",
  SOCIAL_LOGIN: "Social login",
  PMS: "PMS integration",
} as const;

export type LicenceModule = keyof typeof LICENCE_MODULES;
export const LICENCE_MODULE_CODES = Object.keys(LICENCE_MODULES) as LicenceModule[];

export function moduleNames(codes: readonly string[]): string {
  return codes.map((code) => LICENCE_MODULES[code as LicenceModule] ?? code).join(", ");
}

/** Connections a location needs before its licence starts counting (seed 004). */
export const CONNECTIONS_TO_START = 5;

export const START_WARNING =
  "Once the license has been provisioned, care must be taken when performing laboratory tests as the license starts counting once there are 5 connections in the Location.";
