import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import ExcelJS from "exceljs";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { GET as evidenceExport } from "@/app/(portal)/a/[accountId]/usage/evidence/export/route";
import { makeTenant } from "../../support/factories";

const ZONE = "America/New_York";
const DAY = "2026-12-04";

describe("usage evidence export", () => {
  it("keeps the UTC record and adds the times on the account's clock, named with its zone", async () => {
    const t = await makeTenant("evidence-export");
    await db.account.update({ where: { id: t.customer.id }, data: { billingTimezone: ZONE } });
    const service = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" } });
    const device = await db.device.create({ data: { accountId: t.customer.id, externalId: "SPK-EVIDENCE-1", kind: "GATEWAY" } });
    // Seen from 09:30 to 20:08:48 on 4 December in New York; the last sighting is 01:08:48 on the 5th in UTC.
    await db.deviceDailyActivity.create({
      data: { accountId: t.customer.id, day: isoDateToDb(DAY), deviceId: device.id, kind: "GATEWAY", firstSeenAt: new Date("2026-12-04T14:30:00Z"), lastSeenAt: new Date("2026-12-05T01:08:48Z"), events: 12, payg: true },
    });
    signedIn = t.customerAdmin.actor;
    const download = (format: string) =>
      evidenceExport(new Request(`http://portal.test/a/${t.customer.id}/usage/evidence/export?format=${format}&service=${service.id}&day=${DAY}`), {
        params: Promise.resolve({ accountId: t.customer.id }),
      });
    const headers = ["Device id", "Kind", "First seen (UTC)", "Last seen (UTC)", `First seen (${ZONE})`, `Last seen (${ZONE})`, "Events", "On PAYG", "Paired user"];

    const csv = await download("csv");
    expect(csv.status).toBe(200);
    const [head, line] = (await csv.text()).trim().split(/\r?\n/);
    expect(head!.split(",")).toEqual(headers);
    expect(line!.split(",").slice(0, 6)).toEqual(["SPK-EVIDENCE-1", "Gateway", "2026-12-04T14:30:00.000Z", "2026-12-05T01:08:48.000Z", "2026-12-04T09:30:00-05:00", "2026-12-04T20:08:48-05:00"]);

    const xlsx = await download("xlsx");
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(headers);
    const [, , firstUtc, lastUtc, firstLocal, lastLocal] = (sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1);
    // Spreadsheet dates carry no zone: the local columns hold the local wall clock as a date cell.
    expect([firstUtc, lastUtc, firstLocal, lastLocal]).toEqual([
      new Date("2026-12-04T14:30:00Z"),
      new Date("2026-12-05T01:08:48Z"),
      new Date("2026-12-04T09:30:00Z"),
      new Date("2026-12-04T20:08:48Z"),
    ]);
    expect(sheet.getColumn(5).numFmt).toBe("yyyy-mm-dd hh:mm:ss");
  });
});
