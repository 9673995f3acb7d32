import type { LicenceType, Prisma } from "@/generated/prisma/client";
import { PAYG_MINIMUM_RANK } from "@/server/plans/firmware-version";

/** effectiveLicenceType() as a Prisma filter, so lists filter in the database. */
export function gatewayLicenceWhere(type: LicenceType): Prisma.GatewayWhereInput {
  const onPayg: Prisma.GatewayWhereInput = {
    firmwareRank: { gte: PAYG_MINIMUM_RANK },
    OR: [
      { lockedToPlan: true, plan: { licenceType: "PAYG" } },
      { lockedToPlan: false, ownLicenceType: "PAYG" },
      { planId: null, ownLicenceType: "PAYG" },
    ],
  };
  return type === "PAYG" ? onPayg : { NOT: onPayg };
}
