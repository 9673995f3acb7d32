import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import ExcelJS from "exceljs";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { getUsageReport } from "@/server/usage";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { at, ingest, keyActor, type SentEvent } from "../../support/telemetry-helpers";

/**
 * A late event for a month already rolled up (docs/metering.md, "Adjustments"):
 * its correction is billed once, as an adjustment of the next open month, shown
 * apart from that month's usage in the report, its exports and the MSSP roll-up.
 * Every instant is pinned in 2028 (UTC account), so the real clock plays no part.
 */
const DX = "defensx-web-security";
const LATE: SentEvent = { eventId: "late-1", deviceId: "laptop-2", at: "2028-01-31T15:00:00Z" };

async function download(accountId: string, query: string): Promise<Response> {
  return usageExport(new Request(`http://portal.test/a/${accountId}/usage/export?${query}`), { params: Promise.resolve({ accountId }) });
}

async function monthly(accountId: string) {
  const rows = await db.usageMonthly.findMany({ where: { accountId }, orderBy: { month: "asc" } });
  return rows.map((row) => ({ month: dbDateToIso(row.month).slice(0, 7), paygDeviceDays: row.paygDeviceDays, correctionDays: row.correctionDays, adjustmentDays: row.adjustmentDays }));
}

describe("a correction of a rolled-up month", () => {
  it("becomes an adjustment of the next open month, counted exactly once, in the report, its exports and the roll-up", async () => {
    const t = await makeTenant("late-adjustment");
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-01-01", expiresOn: null });
    const key = await keyActor(t.customer, t.msspAdmin.actor);
    await ingest(key, [{ deviceId: "laptop-1", at: "2028-01-30T12:00:00Z" }, { deviceId: "laptop-1", at: "2028-01-31T12:00:00Z" }], "2028-01-31T13:00:00Z");

    // 5 February: January is final, metered and rolled up.
    await meterDays(db, { now: at("2028-02-05T00:00:00Z"), accountIds: [t.customer.id] });
    expect(await rollUpMonths(db, { now: at("2028-02-05T00:00:00Z"), accountIds: [t.customer.id] })).toBe(1);
    expect(await monthly(t.customer.id)).toEqual([{ month: "2028-01", paygDeviceDays: 2, correctionDays: 0, adjustmentDays: 0 }]);

    // 6 February: laptop-2's event of 31 January arrives — a correction of a month already rolled up.
    expect(await ingest(key, [LATE], "2028-02-06T00:00:00Z")).toMatchObject({ accepted: 1, late: 1, corrections: 1 });
    // Sent again the next day (inside the telemetry horizon): a duplicate, no second correction.
    expect(await ingest(key, [LATE], "2028-02-07T00:00:00Z")).toMatchObject({ accepted: 0, duplicates: 1, corrections: 0 });

    const now = at("2028-02-10T12:00:00Z");
    const service = (report: Awaited<ReturnType<typeof getUsageReport>>) => report.services.find((row) => row.serviceName === "DefensX Web Security")!;
    // February (the next open month) carries it apart from its usage; January's ledger says where it went.
    const february = await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, month: "2028-02", now });
    expect(service(february)).toMatchObject({
      deviceDays: 0,
      adjustmentDeviceDays: 1,
      // 1 device-day of a 31-day month.
      adjustmentUnitsHundredths: 3,
      adjustments: [{ correctsMonth: "2028-01", day: "2028-01-31", device: "laptop-2", delta: 1, reason: expect.stringMatching(/late/i) }],
    });
    const january = await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, month: "2028-01", now });
    expect(service(january)).toMatchObject({ deviceDays: 2, adjustmentDeviceDays: 0, adjustments: [] });
    expect(january.corrections).toMatchObject([{ day: "2028-01-31", device: "laptop-2", delta: 1, adjustsMonth: "2028-02" }]);

    // The MSSP's roll-up shows it on the customer's line, apart from device-days.
    const rolled = await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, month: "2028-02", now, withRollup: true });
    const line = rolled.rollup!.find((row) => row.accountId === t.customer.id)!;
    expect(line.services).toEqual([
      { serviceName: "DefensX Web Security", deviceDays: 0, billableUnitsHundredths: 0, monthlyActiveSeats: 0, adjustmentDeviceDays: 1, adjustmentUnitsHundredths: 3 },
    ]);

    // The exports: an Adjustments sheet in Excel, adjustments=1 in CSV.
    signedIn = t.msspAdmin.actor;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await download(t.customer.id, "format=xlsx&month=2028-02")).arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Usage 2028-02", "Adjustments"]);
    const sheet = workbook.getWorksheet("Adjustments")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Account", "Service", "Corrects month", "Day corrected", "Device", "Device-days", "Reason"]);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 7)).toEqual([t.customer.name, "DefensX Web Security", "2028-01", new Date("2028-01-31T00:00:00Z"), "laptop-2", 1]);
    const csv = await (await download(t.customer.id, "format=csv&adjustments=1&month=2028-02")).text();
    // (The day column's text form is the export engine's: a date, with or without a time.)
    expect(csv.split(/\r?\n/)[1]).toMatch(new RegExp(`^${t.customer.name},DefensX Web Security,2028-01,2028-01-31[^,]*,laptop-2,1,Late`));

    // 5 March: February rolls up with the adjustment — once, however often metering and roll-up
    // run, concurrently or not, and whether the late event is sent again (refused by then).
    const march5 = at("2028-03-05T00:00:00Z");
    await meterDays(db, { now: march5, accountIds: [t.customer.id] });
    const counts = await Promise.all([rollUpMonths(db, { now: march5, accountIds: [t.customer.id] }), rollUpMonths(db, { now: march5, accountIds: [t.customer.id] })]);
    expect(counts.sort()).toEqual([0, 1]);
    // Sent again in March it is past the telemetry horizon: refused, so it can never count twice.
    await expect(ingest(key, [LATE], "2028-03-05T01:00:00Z")).rejects.toMatchObject({ reason: "BEYOND_TELEMETRY_HORIZON" });
    await meterDays(db, { now: march5, accountIds: [t.customer.id] });
    expect(await rollUpMonths(db, { now: march5, accountIds: [t.customer.id] })).toBe(0);
    await meterDays(db, { now: at("2028-04-05T00:00:00Z"), accountIds: [t.customer.id] });
    await rollUpMonths(db, { now: at("2028-04-05T00:00:00Z"), accountIds: [t.customer.id] });
    const months = await monthly(t.customer.id);
    expect(months.slice(0, 2)).toEqual([
      { month: "2028-01", paygDeviceDays: 2, correctionDays: 0, adjustmentDays: 0 },
      { month: "2028-02", paygDeviceDays: 0, correctionDays: 0, adjustmentDays: 1 },
    ]);
    expect(months.reduce((sum, row) => sum + row.adjustmentDays + row.correctionDays, 0)).toBe(1);

    // After its roll-up February still shows the adjustment it billed; March carries none.
    const after = at("2028-04-10T00:00:00Z");
    expect(service(await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, month: "2028-02", now: after }))).toMatchObject({ adjustmentDeviceDays: 1 });
    expect(service(await getUsageReport(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, month: "2028-03", now: after }))).toMatchObject({ adjustmentDeviceDays: 0, adjustments: [] });
  });
});
