import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getUsageCharges } from "@/server/billing/usage-charges";
import { usageChargesJson, usageChargesSchema } from "@/server/billing/charges-json";
import { dailyUsageJson, dailyUsageSchema, evidenceRowJson, evidenceRowSchema, getUsageReport, listEvidencePage, usageMonthJson, usageMonthSchema } from "@/server/usage";
import { defineOperation } from "../api-operation";
import { pageOf, pageQuerySchema, subjectIdSchema, uuidSchema } from "../api-schemas";

/* Usage through the API: the Usage report's figures and its Charges card (docs/metering.md, docs/money.md#who-sees-money). */

const TAG = "Usage";

const monthQuery = z.object({
  accountId: subjectIdSchema.meta({ description: "The account whose usage to read (the key's account or one below it)." }),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Give the month as YYYY-MM.")
    .optional()
    .meta({ description: "YYYY-MM in the account's billing timezone; the current local month when omitted.", example: "2026-11" }),
});

const usageMonthResponse = z
  .object({ ...usageMonthSchema.shape, charges: usageChargesSchema.nullable().meta({ description: "Null for an account nobody bills (a root distributor)." }) })
  .meta({ id: "UsageMonth" });

async function readUsageMonth(actor: Actor, accountId: string, month: string | undefined) {
  const now = new Date();
  const report = await getUsageReport(db, { actor, accountId, month, now });
  // The forecast prices the current month only, as on the report's Charges card.
  const forecasts = report.services.some((service) => service.forecastUnitsHundredths !== null)
    ? new Map(report.services.map((service) => [service.serviceId, service.forecastUnitsHundredths ?? 0]))
    : null;
  const charges = await getUsageCharges(db, { actor, accountId: report.account.id, month: report.month, now, forecastUnitsHundredths: forecasts });
  return { ...usageMonthJson(report), charges: usageChargesJson(charges) };
}

export const getUsageMonthOperation = defineOperation({
  operationId: "getUsageMonth",
  method: "get",
  path: "/usage",
  tag: TAG,
  summary: "Usage of an account for a month",
  description:
    "Per service: PAYG device-days, billable units (device-days ÷ days in the month, four decimals), monthly-active seats, adjustments; whether the month is final and the cut-off day; the account's charges at its seller's prices.",
  scope: "read",
  query: monthQuery,
  response: { status: 200, description: "The account's usage of the month.", schema: usageMonthResponse },
  errors: [404],
  etag: "read",
  handle: ({ actor, query }) => readUsageMonth(actor, query.accountId, query.month),
});

export const getDailyUsageOperation = defineOperation({
  operationId: "getDailyUsage",
  method: "get",
  path: "/usage/daily",
  tag: TAG,
  summary: "Daily usage of an account for a month",
  description: "Per service and local day: devices active, PAYG devices (the day's device-days), billable, final.",
  scope: "read",
  query: monthQuery.extend({ serviceId: uuidSchema.optional().meta({ description: "Only this service." }) }),
  response: { status: 200, description: "The month's days per service.", schema: dailyUsageSchema },
  errors: [404],
  etag: "read",
  async handle({ actor, query }) {
    const report = await getUsageReport(db, { actor, accountId: query.accountId, month: query.month });
    return dailyUsageJson(report, query.serviceId);
  },
});

export const listUsageEvidenceOperation = defineOperation({
  operationId: "listUsageEvidence",
  method: "get",
  path: "/usage/evidence",
  tag: TAG,
  summary: "The evidence behind a day's count",
  description: "Every device of the service's kind active on the day, with first and last seen: devices by the id they report, then devices purged since, by the portal's id.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.meta({ description: "The account whose day it is." }),
    serviceId: uuidSchema.meta({ description: "The service counted." }),
    day: z.iso.date({ error: "Give the day as YYYY-MM-DD." }).meta({ description: "The local day, YYYY-MM-DD." }),
  }),
  response: { status: 200, description: "A page of the day's devices.", schema: pageOf(evidenceRowSchema, "EvidencePage") },
  errors: [404],
  async handle({ actor, query }) {
    const page = await listEvidencePage(db, { actor, accountId: query.accountId, serviceId: query.serviceId, day: query.day, cursor: query.cursor, pageSize: query.limit });
    return { data: page.rows.map(evidenceRowJson), nextCursor: page.next };
  },
});
