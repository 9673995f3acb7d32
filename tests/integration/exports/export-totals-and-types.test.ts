import { afterEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import ExcelJS from "exceljs";
import { db } from "@/server/db";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { GET as packageExport } from "@/app/(portal)/a/[accountId]/subscriptions/report/export/route";
import { GET as pointsExport } from "@/app/(portal)/a/[accountId]/points/export/route";
import { insertContract } from "../../support/contract-factories";
import { givePoints } from "../../support/pool-factories";
import { dxPackages, insertDxSubscription, makeDxCustomer, sendEvents } from "../../support/subscription-fixtures";

type Route = typeof usageExport;

// The routes read "today" from the clock: the months below are past (and final) at this instant, whatever the real date.
const TODAY = new Date("2028-08-10T12:00:00Z");
afterEach(() => vi.useRealTimers());

async function download(route: Route, accountId: string, query: string): Promise<Buffer> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TODAY);
  try {
    const response = await route(new Request(`http://portal.test/a/${accountId}/x/export?${query}`), { params: Promise.resolve({ accountId }) });
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${await response.text()}`);
    return Buffer.from(await response.arrayBuffer());
  } finally {
    vi.useRealTimers();
  }
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const csvLines = (bytes: Buffer) => bytes.toString("utf8").replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);

/** The row of a sheet whose cell in `column` (1-based) is `value`. */
function rowWhere(sheet: ExcelJS.Worksheet, column: number, value: unknown): ExcelJS.Row {
  for (let n = 1; n <= sheet.rowCount; n++) if (sheet.getRow(n).getCell(column).value === value) return sheet.getRow(n);
  throw new Error(`no row with ${String(value)} in column ${column} of ${sheet.name}`);
}

const DX = "defensx-web-security";
const JULY = ["2028-07-01", "2028-07-02", "2028-07-03", "2028-07-04", "2028-07-05", "2028-07-06", "2028-07-07"];

describe("billable units in the usage exports", () => {
  it("14 device-days in a 31-day month: 14/31 exactly in Excel (0.0000), 0.4516 in CSV, beside the device-days", async () => {
    const { t, customer, collector } = await makeDxCustomer("billable-units");
    await insertContract({ accountId: customer.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-07-01", expiresOn: null });
    // 2 devices on each of 7 days = 14 device-days in July (31 days).
    for (const day of JULY) {
      const at = new Date(`${day}T12:00:00Z`);
      await sendEvents(collector, customer.id, ["laptop-1", "laptop-2"].map((deviceId) => ({ deviceId, kind: "ENDPOINT" as const, at })), new Date(`${day}T23:00:00Z`));
    }
    await meterDays(db, { now: new Date("2028-08-10T12:00:00Z"), accountIds: [customer.id] });

    signedIn = t.msspAdmin.actor;
    const own = await workbook(await download(usageExport, customer.id, "format=xlsx&month=2028-07"));
    const days = own.worksheets[0]!;
    expect((days.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Account",
      "Service",
      "Day",
      "Active devices",
      "PAYG device-days",
      "Billable units",
      "Monthly-active seats",
      "State",
    ]);
    expect(days.getRow(2).getCell(3).value).toEqual(new Date("2028-07-01T00:00:00Z"));
    expect(days.getRow(2).getCell(3).numFmt).toBe("yyyy-mm-dd");
    // The service's card on screen is its totals line: device-days, units (exact), seats.
    const total = rowWhere(days, 8, "month total (final)");
    expect((total.values as unknown[]).slice(1)).toEqual([customer.name, "DefensX Web Security", undefined, undefined, 14, 14 / 31, 2, "month total (final)"]);
    expect(total.getCell(6).numFmt).toBe("0.0000");
    expect(total.font?.bold).toBe(true);

    const csv = csvLines(await download(usageExport, customer.id, "format=csv&month=2028-07"));
    expect(csv[0]).toBe("Account,Service,Day,Active devices,PAYG device-days,Billable units,Monthly-active seats,State");
    expect(csv[1]).toBe(`${customer.name},DefensX Web Security,2028-07-01,2,2,,,final`);
    expect(csv.at(-1)).toBe(`${customer.name},DefensX Web Security,,,14,0.4516,2,month total (final)`);

    // The MSSP's roll-up: the same exact units per account.
    const rollup = (await workbook(await download(usageExport, t.mssp.id, "format=xlsx&month=2028-07"))).getWorksheet("Roll-up")!;
    const line = rowWhere(rollup, 1, customer.name);
    expect((line.values as unknown[]).slice(2)).toEqual(["DefensX Web Security", 14, 14 / 31, 2, 0]);
    expect(line.getCell(4).numFmt).toBe("0.0000");
    const rollupCsv = csvLines(await download(usageExport, t.mssp.id, "format=csv&rollup=1&month=2028-07"));
    expect(rollupCsv).toContain(`${customer.name},DefensX Web Security,14,0.4516,2,0`);
  });
});

describe("the page's totals row and date cells in the exports", () => {
  it("Usage/Report: a Total line in Excel and CSV; the Detail's first/last active days are date cells", async () => {
    const { t, customer, collector } = await makeDxCustomer("report-totals");
    const { core, corePlus } = await dxPackages();
    await insertDxSubscription(customer.id, core.id, "2028-04-01");
    await insertDxSubscription(customer.id, corePlus.id, "2028-04-01");
    const send = (day: string, deviceIds: string[]) =>
      sendEvents(collector, customer.id, deviceIds.map((deviceId) => ({ deviceId, kind: "ENDPOINT" as const, at: new Date(`${day}T12:00:00Z`) })), new Date(`${day}T23:00:00Z`));
    await send("2028-04-10", ["kiosk-1", "kiosk-2"]);
    await send("2028-04-12", ["kiosk-1", "kiosk-3"]);
    const nightly = new Date("2028-05-10T00:10:00Z");
    await meterDays(db, { now: nightly, accountIds: [customer.id] });
    await rollUpMonths(db, { now: nightly, accountIds: [customer.id] });
    await rollUpPackageMonths(db, { now: nightly, accountIds: [customer.id] });
    signedIn = t.msspAdmin.actor;

    const book = await workbook(await download(packageExport, customer.id, "format=xlsx&month=2028-04"));
    const sheet = book.worksheets[0]!;
    const packageRows = sheet.getRows(2, sheet.rowCount - 2)!;
    const sum = (column: number) => packageRows.reduce((total, row) => total + Number(row.getCell(column).value), 0);
    const total = sheet.getRow(sheet.rowCount);
    expect((total.values as unknown[]).slice(1)).toEqual([customer.name, "2028-04", undefined, "Total", undefined, sum(6), sum(7), sum(8), sum(9), "final"]);
    expect(sum(6)).toBeGreaterThan(0);
    expect(total.font?.bold).toBe(true);

    const detail = book.getWorksheet("Detail")!;
    const kiosk1 = rowWhere(detail, 6, "kiosk-1");
    expect(kiosk1.getCell(10).value).toEqual(new Date("2028-04-10T00:00:00Z"));
    expect(kiosk1.getCell(11).value).toEqual(new Date("2028-04-12T00:00:00Z"));
    expect(kiosk1.getCell(10).numFmt).toBe("yyyy-mm-dd");

    const csv = csvLines(await download(packageExport, customer.id, "format=csv&month=2028-04"));
    expect(csv).toHaveLength(1 + packageRows.length + 1);
    expect(csv.at(-1)).toBe(`${customer.name},2028-04,,Total,,${sum(6)},${sum(7)},${sum(8)},${sum(9)},final`);
    const detailCsv = csvLines(await download(packageExport, customer.id, "format=csv&detail=1&month=2028-04"));
    expect(detailCsv.find((line) => line.includes(",kiosk-1,"))).toContain(",2028-04-10,2028-04-12,");
  });

  it("Points: the balance the page shows closes the ledger in both formats", async () => {
    const { t } = await makeDxCustomer("points-totals");
    await givePoints(t, 40);
    await givePoints(t, 25);
    signedIn = t.distributorAdmin.actor;
    const csv = csvLines(await download(pointsExport, t.mssp.id, "format=csv"));
    expect(csv[0]).toBe("When (UTC),Movement,Points,Balance after,Product,Devices,Licences,Remaining days,Why,Who");
    expect(csv).toHaveLength(1 + 2 + 1);
    expect(csv.at(-1)).toBe(",Balance,,65,,,,,,");
    const sheet = (await workbook(await download(pointsExport, t.mssp.id, "format=xlsx"))).worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    expect(sheet.getRow(2).getCell(3).value).toBe(25);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([undefined, "Balance", undefined, 65]);
  });
});
