import type { LicenseType, Prisma } from "@/generated/prisma/client";
import { PAYG_MINIMUM_RANK } from "@/server/plans/firmware-version";

/** effectiveLicenseType() as a Prisma filter, so lists filter in the database. */
export function gatewayLicenseWhere(type: LicenseType): Prisma.GatewayWhereInput {
  const onPayg: Prisma.GatewayWhereInput = {
    firmwareRank: { gte: PAYG_MINIMUM_RANK },
    OR: [
      { lockedToPlan: true, plan: { licenseType: "PAYG" } },
      { lockedToPlan: false, ownLicenseType: "PAYG" },
      { planId: null, ownLicenseType: "PAYG" },
    ],
  };
  return type === "PAYG" ? onPayg : { NOT: onPayg };
}
