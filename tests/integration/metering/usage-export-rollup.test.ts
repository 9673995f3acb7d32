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
import { createApiKey } from "@/server/api-keys/create-api-key";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import { meterDays } from "@/server/metering/meter-days";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

const DX = "defensx-web-security";
const NOW = new Date("2028-06-20T12:00:00Z");

async function download(accountId: string, query: string): Promise<Response> {
  return usageExport(new Request(`http://portal.test/a/${accountId}/usage/export?${query}`), { params: Promise.resolve({ accountId }) });
}

describe("usage report export of an MSSP", () => {
  it("carries the on-screen roll-up: a Roll-up sheet in Excel, rollup=1 in CSV; a customer's file has no roll-up", async () => {
    const t = await makeTenant("usage-rollup-export");
    await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: DX, registeredOn: "2028-06-01", expiresOn: null });
    const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Collector" });
    const collector = (await authenticateApiKey(db, `Bearer ${key}`))!;
    for (const day of ["2028-06-01", "2028-06-02", "2028-06-03"]) {
      await ingestTelemetry(db, {
        actor: collector,
        events: ["laptop-1", "laptop-2"].map((device) => ({ eventId: `${device}-${day}`, deviceId: device, kind: "ENDPOINT" as const, at: `${day}T12:00:00Z`, accountId: t.customer.id })),
        now: new Date(`${day}T23:00:00Z`),
      });
    }
    await meterDays(db, { now: NOW, accountIds: [t.customer.id] });
    signedIn = t.msspAdmin.actor;

    const xlsx = await download(t.mssp.id, "format=xlsx&month=2028-06");
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Usage 2028-06", "Roll-up"]);
    const rollup = workbook.getWorksheet("Roll-up")!;
    expect(rollup.getRow(1).values).toEqual([undefined, "Account", "Service", "Device-days", "Billable units", "Monthly-active seats", "Adjustment device-days"]);
    const customerRow = rollup.getSheetValues().find((row) => Array.isArray(row) && row[1] === t.customer.name) as unknown[];
    // 2 devices × 3 days; 6 device-days ÷ 30 days = 0.20 units; 2 seats — typed numbers, not text.
    expect(customerRow.slice(2)).toEqual(["DefensX Web Security", 6, 0.2, 2, 0]);

    const csv = await download(t.mssp.id, "format=csv&rollup=1&month=2028-06");
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toBe("Account,Service,Device-days,Billable units,Monthly-active seats,Adjustment device-days");
    expect(text).toContain(`${t.customer.name},DefensX Web Security,6,0.2000,2,0`);

    // A customer has no children: its Excel file is its own days only.
    signedIn = t.customerAdmin.actor;
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(Buffer.from(await (await download(t.customer.id, "format=xlsx&month=2028-06")).arrayBuffer()) as unknown as ArrayBuffer);
    expect(own.worksheets.map((sheet) => sheet.name)).toEqual(["Usage 2028-06"]);
  });
});
