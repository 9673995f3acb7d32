import { z } from "zod";
import "zod-openapi";
import { CURRENCY } from "@/lib/money";
import type { getAnnualPools } from "./get-annual-pools";
import type { getMonthlyPools } from "./get-monthly-pools";
import type { AnnualAssignmentRow } from "./list-annual-assignments";

/* A partner's pools as the API answers them (docs/api.md#pools-and-points, docs/pools-and-points.md). */

type AnnualPools = Awaited<ReturnType<typeof getAnnualPools>>;
type MonthlyPools = Awaited<ReturnType<typeof getMonthlyPools>>;

export const poolsSchema = z
  .object({
    partnerId: z.guid(),
    today: z.iso.date().meta({ description: "The partner's local day." }),
    pointsBalance: z.int().nonnegative().meta({ description: "The partner's points." }),
    annualPools: z.array(
      z.object({
        id: z.guid(),
        serviceCode: z.string(),
        product: z.string(),
        years: z.int().meta({ description: "The term of the pool's licences (1, 2 or 3 years)." }),
        available: z.int().nonnegative().meta({ description: "Virtual licences in the pool, not assigned (they do not expire)." }),
      }),
    ),
    priceTiers: z.array(
      z.object({
        serviceCode: z.string(),
        product: z.string(),
        minQuantity: z.int().nonnegative().meta({ description: "From this many licences in one order." }),
        unitPrice: z.object({ amountMinor: z.int(), currency: z.string().length(3) }).meta({ description: "Per licence and year." }),
      }),
    ).meta({ description: "The distributor's volume tiers the partner buys annual blocks at." }),
    monthlyPools: z.array(
      z.object({
        id: z.guid(),
        serviceCode: z.string(),
        product: z.string(),
        pointsPerLicence: z.int().nonnegative(),
        month: z.iso.date().meta({ description: "The first day of the month the pool is renewed for." }),
        renewalPending: z.boolean().meta({ description: "The 1st has passed and the renewal has not run yet." }),
        availableDevices: z.int().nonnegative().meta({ description: "Free device slots this month." }),
        renewalLicences: z.int().nonnegative().meta({ description: "Licences exchanged ahead for the next renewal." }),
        autoExchange: z.boolean(),
        assignedDevices: z.int().nonnegative().meta({ description: "Devices of the live clients: what the next renewal needs." }),
        nextRenewal: z.object({ needed: z.int(), covered: z.int(), short: z.int(), daysAhead: z.int(), warn: z.boolean() }),
      }),
    ),
  })
  .meta({ id: "Pools" });

export function poolsJson(annual: AnnualPools, monthly: MonthlyPools): z.input<typeof poolsSchema> {
  return {
    partnerId: annual.partner.id,
    today: monthly.today,
    pointsBalance: monthly.balance,
    annualPools: annual.pools.map((pool) => ({ id: pool.id, serviceCode: pool.service.code, product: pool.service.name, years: pool.years, available: pool.available })),
    priceTiers: annual.tiers.map((tier) => ({
      serviceCode: tier.serviceCode,
      product: tier.product,
      minQuantity: tier.minQuantity,
      // Pool tiers are priced in the portal currency (docs/money.md#what-is-charged).
      unitPrice: { amountMinor: tier.unitPriceCents, currency: CURRENCY },
    })),
    monthlyPools: monthly.pools.map((pool) => ({
      id: pool.id,
      serviceCode: pool.serviceCode,
      product: pool.product,
      pointsPerLicence: pool.price,
      month: pool.month,
      renewalPending: pool.renewalPending,
      availableDevices: pool.availableDevices,
      renewalLicences: pool.renewalLicences,
      autoExchange: pool.autoExchange,
      assignedDevices: pool.assignedDevices,
      nextRenewal: pool.forecast,
    })),
  };
}

export const annualAssignmentSchema = z
  .object({
    id: z.guid(),
    clientAccountId: z.guid(),
    client: z.string(),
    product: z.string(),
    years: z.int(),
    quantity: z.int().nonnegative().meta({ description: "Licences assigned now (after recoveries)." }),
    initialQuantity: z.int().nonnegative(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().meta({ description: "The term's last day: start + years − 1 day." }),
    inTerm: z.boolean(),
    maxActive: z.int().nonnegative().meta({ description: "The most devices of the product active on any day of the term so far." }),
    activeToday: z.int().nonnegative(),
    recoverable: z.int().nonnegative().meta({ description: "At most this many licences can be recovered now." }),
  })
  .meta({ id: "AnnualAssignment" });

export function annualAssignmentJson(row: AnnualAssignmentRow): z.input<typeof annualAssignmentSchema> {
  return {
    id: row.id,
    clientAccountId: row.clientAccountId,
    client: row.clientName,
    product: row.product,
    years: row.years,
    quantity: row.quantity,
    initialQuantity: row.initialQuantity,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    inTerm: row.usage.inTerm,
    maxActive: row.usage.maxActive,
    activeToday: row.usage.activeToday,
    recoverable: row.usage.recoverable,
  };
}
