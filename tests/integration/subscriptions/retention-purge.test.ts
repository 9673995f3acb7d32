import { afterEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import ExcelJS from "exceljs";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { updateAccount } from "@/server/accounts/update-account";
import { createEndUser } from "@/server/end-users/create-end-user";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createGroup } from "@/server/end-users/create-group";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { listPackageSeats, seatDisplayName } from "@/server/usage";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { GET as packageExport } from "@/app/(portal)/a/[accountId]/subscriptions/report/export/route";
import { dxPackages, insertDxSubscription, localInstant, makeDxCustomer, sendEvents } from "../../support/subscription-fixtures";

const ZONE = "Europe/Madrid";
const at = (day: string, time: string) => localInstant(day, time, ZONE);
// Exports stamp the workbook with the current time: freeze the clock (Date only) while downloading so bytes compare.
const FROZEN = new Date("2028-08-10T12:00:00Z");
afterEach(() => vi.useRealTimers());

async function download(route: typeof usageExport, accountId: string, query: string): Promise<Buffer> {
  const response = await route(new Request(`http://portal.test/a/${accountId}/x/export?${query}`), { params: Promise.resolve({ accountId }) });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("retention purge", () => {
  it("purges devices and end users inactive beyond the retention days, logs it, and leaves past reports byte-identical", async () => {
    const { t, customer, collector } = await makeDxCustomer("purge", ZONE);
    const admin = t.msspAdmin.actor;
    signedIn = admin;
    const { core, corePlus } = await dxPackages();
    await insertDxSubscription(customer.id, core.id, "2028-03-01");
    await insertDxSubscription(customer.id, corePlus.id, "2028-03-01");
    await updateAccount(db, { actor: admin, accountId: customer.id, input: { name: customer.name, billingTimezone: ZONE, retentionDays: 30 }, now: at("2028-03-01", "08:00") });

    const sales = await createGroup(db, { actor: admin, accountId: customer.id, input: { name: "Sales", description: "" } });
    await attachSubscriptionToGroup(db, { actor: admin, accountId: customer.id, packageId: corePlus.id, groupId: sales.id, now: at("2028-03-01", "09:00") });
    const olga = await createEndUser(db, { actor: admin, accountId: customer.id, input: { name: "Olga", externalId: "olga" } });
    const pablo = await createEndUser(db, { actor: admin, accountId: customer.id, input: { name: "Pablo", externalId: "pablo" } });
    await addGroupMembers(db, { actor: admin, accountId: customer.id, groupId: sales.id, endUserIds: [olga.id, pablo.id], now: at("2028-03-01", "10:00") });
    await db.device.create({ data: { accountId: customer.id, externalId: "olga-laptop", kind: "ENDPOINT", endUserId: olga.id, registeredBy: "admin" } });
    await db.device.create({ data: { accountId: customer.id, externalId: "pablo-laptop", kind: "ENDPOINT", endUserId: pablo.id, registeredBy: "admin" } });
    // The admin-created users and devices count as "active" from their creation; make that March too.
    await db.endUser.updateMany({ where: { accountId: customer.id }, data: { createdAt: at("2028-03-01", "10:00") } });
    await db.device.updateMany({ where: { accountId: customer.id }, data: { createdAt: at("2028-03-01", "10:00") } });

    const send = (day: string, ids: [string, "ENDPOINT" | "USER_SEAT"][]) =>
      sendEvents(collector, customer.id, ids.map(([deviceId, kind]) => ({ deviceId, kind, at: at(day, "12:00") })), at(day, "23:00"));
    await send("2028-03-05", [["olga-laptop", "ENDPOINT"], ["pablo-laptop", "ENDPOINT"], ["kiosk-1", "ENDPOINT"], ["quinn-seat", "USER_SEAT"]]);
    await send("2028-04-12", [["olga-laptop", "ENDPOINT"], ["kiosk-1", "ENDPOINT"], ["kiosk-2", "ENDPOINT"]]);
    // pablo keeps working into August: he and his laptop stay.
    await send("2028-08-05", [["pablo-laptop", "ENDPOINT"]]);

    const nightly = at("2028-08-10", "00:10");
    await meterDays(db, { now: nightly, accountIds: [customer.id] });
    await rollUpMonths(db, { now: nightly, accountIds: [customer.id] });
    await rollUpPackageMonths(db, { now: nightly, accountIds: [customer.id] });

    const exports = async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(FROZEN);
      try {
        return await downloadAll();
      } finally {
        vi.useRealTimers();
      }
    };
    const downloadAll = async () => ({
      usageCsv: await download(usageExport, customer.id, "format=csv&month=2028-04"),
      usageXlsx: await download(usageExport, customer.id, "format=xlsx&month=2028-04"),
      marchCsv: await download(usageExport, customer.id, "format=csv&month=2028-03"),
      packagesCsv: await download(packageExport, customer.id, "format=csv&month=2028-04"),
      packagesXlsx: await download(packageExport, customer.id, "format=xlsx&month=2028-04"),
      packagesMarchCsv: await download(packageExport, customer.id, "format=csv&month=2028-03"),
      detailCsv: await download(packageExport, customer.id, "format=csv&detail=1&month=2028-04"),
      detailMarchCsv: await download(packageExport, customer.id, "format=csv&detail=1&month=2028-03"),
    });
    const billing = async () => ({
      activity: await db.deviceDailyActivity.findMany({ where: { accountId: customer.id }, orderBy: [{ day: "asc" }, { deviceId: "asc" }] }),
      daily: await db.usageDaily.findMany({ where: { accountId: customer.id }, orderBy: [{ day: "asc" }, { serviceId: "asc" }] }),
      monthly: await db.usageMonthly.findMany({ where: { accountId: customer.id }, orderBy: [{ month: "asc" }, { serviceId: "asc" }] }),
      packages: await db.usageMonthlyPackage.findMany({ where: { accountId: customer.id }, orderBy: [{ month: "asc" }, { packageId: "asc" }] }),
      seats: await db.usageMonthlyPackageSeat.findMany({ where: { accountId: customer.id }, orderBy: [{ month: "asc" }, { packageId: "asc" }, { seatId: "asc" }] }),
      corrections: await db.usageCorrection.findMany({ where: { accountId: customer.id } }),
    });
    const before = await exports();
    const billingBefore = await billing();
    expect(before.packagesCsv.toString("utf8")).toContain("Core+");
    expect(billingBefore.packages.length).toBeGreaterThanOrEqual(4);
    // April's detail names olga (Core+, via Sales) and both kiosks, who are all about to be purged.
    const aprilDetail = before.detailCsv.toString("utf8");
    expect(aprilDetail).toMatch(/DX-CORE-PLUS,End user,Olga,,olga,1,2028-04-12,2028-04-12,Billed,/);
    expect(aprilDetail).toContain(",Standalone endpoint,kiosk-2,,kiosk-2,1,2028-04-12,2028-04-12,Billed,");
    const sheets = async (bytes: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      return book.worksheets.map((sheet) => [sheet.name, sheet.rowCount]);
    };
    const aprilTotals = billingBefore.packages.filter((row) => row.month.toISOString().startsWith("2028-04"));
    expect(await sheets(before.packagesXlsx)).toEqual([
      // The header, one line per package, the Total line.
      ["Usage 2028-04", 1 + aprilTotals.length + 1],
      ["Detail", 1 + aprilTotals.reduce((sum, row) => sum + row.billedSeats + row.silentNotBilled, 0)],
    ]);

    const outcome = await purgeInactiveRecords(db, { now: nightly, accountIds: [customer.id] });
    // Last active 12 April (olga, kiosk-1, kiosk-2) or 5 March (quinn-seat and its user): > 30 days.
    expect(outcome).toEqual({ accounts: 1, devices: 4, endUsers: 2 });
    expect((await db.device.findMany({ where: { accountId: customer.id }, orderBy: { externalId: "asc" } })).map((d) => d.externalId)).toEqual(["pablo-laptop"]);
    expect((await db.endUser.findMany({ where: { accountId: customer.id } })).map((u) => u.externalId)).toEqual(["pablo"]);
    expect(await purgeInactiveRecords(db, { now: nightly, accountIds: [customer.id] })).toEqual({ accounts: 0, devices: 0, endUsers: 0 });

    const log = await db.purgeLog.findFirstOrThrow({ where: { accountId: customer.id } });
    expect(log).toMatchObject({ retentionDays: 30, devicesPurged: 4, endUsersPurged: 2 });
    expect(log.details).toMatchObject({ devices: ["kiosk-1", "kiosk-2", "olga-laptop", "quinn-seat"], endUsers: ["olga", "quinn-seat"] });
    expect(await db.auditEvent.count({ where: { accountId: customer.id, action: "records.purged", actorLabel: "system:retention" } })).toBe(1);

    // Billing history is untouched, and every export of the past months is the same file, byte for byte.
    expect(await billing()).toEqual(billingBefore);
    const after = await exports();
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      expect(after[key].equals(before[key]), `${key} identical after the purge`).toBe(true);
    }

    // A month rolled up before seat lines were kept is recomputed from the daily activity and the
    // assignment history: quinn-seat's user, purged, still shows as a billed line, by internal id.
    await db.usageMonthlyPackageSeat.deleteMany({ where: { accountId: customer.id, month: isoDateToDb("2028-03-01") } });
    const recomputed = await listPackageSeats(db, { actor: admin, accountId: customer.id, month: "2028-03", now: nightly, pageSize: 50 });
    expect(recomputed.source).toBe("recomputed");
    const purgedLine = recomputed.page.rows.find((row) => row.billed && row.externalId === null);
    expect(purgedLine).toMatchObject({ sku: "DX-CORE", kind: "END_USER", name: null, email: null, firstActiveDay: "2028-03-05" });
    expect(seatDisplayName(purgedLine!)).toBe("Purged end user");
  });

  it("keeps records active in a month that is not final yet, whatever the retention", async () => {
    const { t, customer, collector } = await makeDxCustomer("purge-open", ZONE);
    await db.account.update({ where: { id: customer.id }, data: { retentionDays: 1 } });
    await sendEvents(collector, customer.id, [{ deviceId: "late-kiosk", kind: "ENDPOINT", at: at("2028-07-31", "12:00") }], at("2028-07-31", "23:00"));
    // 2 August: July's last days are still inside their late window.
    expect(await purgeInactiveRecords(db, { now: at("2028-08-02", "12:00"), accountIds: [customer.id] })).toMatchObject({ devices: 0 });
    // 5 August: July is final, the kiosk has been silent > 1 day: purged.
    expect(await purgeInactiveRecords(db, { now: at("2028-08-05", "12:00"), accountIds: [customer.id] })).toMatchObject({ devices: 1 });
    void t;
  });
});
