import type { LicenceType } from "@/generated/prisma/enums";
import { supportsPayg } from "@/server/plans/firmware-version";

export interface GatewayLicenceFacts {
  lockedToPlan: boolean;
  ownLicenceType: LicenceType;
  firmwareVersion: string;
  planLicenceType: LicenceType | null;
}

/**
 * The licence type a gateway is actually on: its own when unlocked from its
 * plan (or without a plan), else the plan's — except that PAYG never applies
 * below R82: such gateways stay on subscription.
 */
export function effectiveLicenceType(gateway: GatewayLicenceFacts): LicenceType {
  const chosen = !gateway.lockedToPlan || gateway.planLicenceType === null ? gateway.ownLicenceType : gateway.planLicenceType;
  return chosen === "PAYG" && !supportsPayg(gateway.firmwareVersion) ? "SUBSCRIPTION" : chosen;
}
