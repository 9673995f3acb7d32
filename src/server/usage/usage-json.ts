import { z } from "zod";
import "zod-openapi";
import { quantityE4, quantityText } from "@/lib/money";
import type { EvidenceRow } from "./list-evidence";
import type { UsageReport } from "./get-usage-report";

/*
 * Usage as the API answers it (docs/api.md#usage): the figures of the Usage report, billable units
 * as decimal strings with four decimals (device-days ÷ days in the month, rounded half up), so no
 * client rounds them through a float.
 */

const unitsOf = (deviceDays: number, daysInMonth: number) => quantityText(quantityE4(BigInt(deviceDays), BigInt(daysInMonth)));
const SERVICE_UNITS = ["GATEWAY", "DEVICE", "USER", "ACCESS_POINT", "ROOM"] as const;

export const usageMonthFields = {
  accountId: z.guid(),
  month: z.string().meta({ description: "YYYY-MM in the account's billing timezone.", example: "2026-11" }),
  timezone: z.string().meta({ description: "The account's billing timezone (IANA).", example: "Europe/Berlin" }),
  daysInMonth: z.int().min(28).max(31).meta({ example: 31 }),
  cutOffDay: z.iso.date().meta({ description: "The last local day whose usage is final (its late window closed)." }),
  final: z.boolean().meta({ description: "Every day of the month is final." }),
};

export const serviceUsageSchema = z
  .object({
    serviceId: z.guid(),
    service: z.string().meta({ example: "Quantum Spark Management" }),
    unit: z.enum(SERVICE_UNITS).meta({ description: "What the service counts." }),
    contracts: z.array(
      z.object({
        id: z.guid(),
        contractId: z.string().meta({ example: "CT-000042" }),
        type: z.enum(["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"]),
        quantityThreshold: z.int().nonnegative(),
      }),
    ),
    deviceDays: z.int().nonnegative().meta({ description: "PAYG device-days of the month.", example: 341 }),
    billableUnits: z.string().meta({ description: "deviceDays ÷ daysInMonth with four decimals.", example: "11.0000" }),
    monthlyActiveSeats: z.int().nonnegative().meta({ description: "A user with paired devices once; a standalone device once." }),
    paygThreshold: z.int().nonnegative().nullable().meta({ description: "The live PAYG contract's quantity threshold." }),
    overThreshold: z.boolean().meta({ description: "Some day had more PAYG devices than the threshold." }),
    adjustmentDeviceDays: z.int().meta({ description: "Corrections of earlier, already rolled-up months carried by this month." }),
    adjustments: z.array(
      z.object({ correctsMonth: z.string(), day: z.iso.date(), device: z.string(), deviceDays: z.int(), reason: z.string() }),
    ),
  })
  .meta({ id: "ServiceUsage" });

export const usageMonthSchema = z.object({ ...usageMonthFields, services: z.array(serviceUsageSchema) });

export function usageMonthJson(report: UsageReport): z.input<typeof usageMonthSchema> {
  return {
    ...monthFieldsOf(report),
    services: report.services.map((service) => ({
      serviceId: service.serviceId,
      service: service.serviceName,
      unit: service.unit,
      contracts: service.contracts.map((contract) => ({
        id: contract.id,
        contractId: contract.label,
        type: contract.type as "PAYG",
        quantityThreshold: contract.quantity,
      })),
      deviceDays: service.deviceDays,
      billableUnits: unitsOf(service.deviceDays, report.daysInMonth),
      monthlyActiveSeats: service.monthlyActiveSeats,
      paygThreshold: service.paygThreshold,
      overThreshold: service.overThreshold,
      adjustmentDeviceDays: service.adjustmentDeviceDays,
      adjustments: service.adjustments.map((adjustment) => ({
        correctsMonth: adjustment.correctsMonth,
        day: adjustment.day,
        device: adjustment.device,
        deviceDays: adjustment.delta,
        reason: adjustment.reason,
      })),
    })),
  };
}

const monthFieldsOf = (report: UsageReport) => ({
  accountId: report.account.id,
  month: report.month,
  timezone: report.account.timezone,
  daysInMonth: report.daysInMonth,
  cutOffDay: report.cutOffDay,
  final: report.monthFinal,
});

export const dailyUsageSchema = z
  .object({
    ...usageMonthFields,
    services: z.array(
      z.object({
        serviceId: z.guid(),
        service: z.string(),
        days: z.array(
          z.object({
            day: z.iso.date(),
            activeDevices: z.int().nonnegative().meta({ description: "Devices of the service's kind active that day." }),
            paygDevices: z.int().nonnegative().meta({ description: "Of them, billed Pay-As-You-Go: the day's device-days." }),
            billable: z.boolean(),
            final: z.boolean().meta({ description: "The day's late window has closed: its figures no longer change." }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "DailyUsage" });

export function dailyUsageJson(report: UsageReport, serviceId: string | undefined): z.input<typeof dailyUsageSchema> {
  return {
    ...monthFieldsOf(report),
    services: report.services
      .filter((service) => !serviceId || service.serviceId === serviceId)
      .map((service) => ({
        serviceId: service.serviceId,
        service: service.serviceName,
        days: service.days.map((day) => ({ day: day.day, activeDevices: day.active, paygDevices: day.paygDevices, billable: day.billable, final: day.final })),
      })),
  };
}

export const evidenceRowSchema = z
  .object({
    deviceId: z.guid().meta({ description: "The portal's id of the device." }),
    externalId: z.string().nullable().meta({ description: "The id the device reports; null once the device was purged." }),
    kind: z.enum(["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"]),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    events: z.int().nonnegative(),
    payg: z.boolean().meta({ description: "Counted as a PAYG device-day." }),
    endUser: z.string().nullable().meta({ description: "The end user the device was paired to that day." }),
  })
  .meta({ id: "EvidenceDevice" });

export function evidenceRowJson(row: EvidenceRow): z.input<typeof evidenceRowSchema> {
  return {
    deviceId: row.deviceId,
    externalId: row.externalId,
    kind: row.kind as "ENDPOINT",
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    events: row.events,
    payg: row.payg,
    endUser: row.endUser,
  };
}
