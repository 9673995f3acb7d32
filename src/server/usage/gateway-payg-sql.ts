import { Prisma } from "@/generated/prisma/client";
import { PAYG_MINIMUM_RANK } from "@/server/plans/firmware-version";

/**
 * A gateway reports as Pay-As-You-Go: firmware new enough, and PAYG by its
 * plan when locked to one, else by its own licence type (docs/gateways-and-plans.md#licence-types).
 */
export function gatewayIsPaygSql(gateway: string, plan: string): Prisma.Sql {
  const gw = Prisma.raw(gateway);
  const p = Prisma.raw(plan);
  return Prisma.sql`COALESCE(${gw}.firmware_rank >= ${PAYG_MINIMUM_RANK}::int AND (
    (${gw}.locked_to_plan AND ${gw}.plan_id IS NOT NULL AND ${p}.license_type = 'PAYG')
    OR ((NOT ${gw}.locked_to_plan OR ${gw}.plan_id IS NULL) AND ${gw}.own_license_type = 'PAYG')), false)`;
}
