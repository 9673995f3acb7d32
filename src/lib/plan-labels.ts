import type { LicenseType } from "@/generated/prisma/enums";

export const LICENSE_TYPE_LABEL: Record<LicenseType, string> = {
  SUBSCRIPTION: "Subscription",
  PAYG: "Pay-As-You-Go",
};

export const GATEWAY_STATUS_LABEL = { ONLINE: "Online", OFFLINE: "Offline", NEVER_SEEN: "Never seen" } as const;
