import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// Downloads go through the route as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

// A crash while finalizing: rendering the files fails when told to, inside the finalizing transaction.
let crashWhileRendering = false;
vi.mock("@/server/billing/statements/render-statement-files", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/billing/statements/render-statement-files")>();
  return {
    ...original,
    renderStatementFiles: async (document: Parameters<typeof original.renderStatementFiles>[0]) => {
      if (crashWhileRendering) throw new Error("the process died while rendering");
      return original.renderStatementFiles(document);
    },
  };
});

import ExcelJS from "exceljs";
import { contractLabel } from "@/lib/contract-label";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { createEndUser } from "@/server/end-users/create-end-user";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { purgeInactiveRecords } from "@/server/subscriptions/purge-inactive-records";
import { addPrice } from "@/server/billing/price-books/add-price";
import { computeSellerCharges } from "@/server/billing/seller-charges";
import { getStatement } from "@/server/billing/statements/get-statement";
import { runStatements } from "@/server/billing/statements/run-statements";
import { GET as download } from "@/app/(portal)/a/[accountId]/statements/[statementId]/download/route";
import { makeAccount, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { AD360, insertContract, QSM } from "../../support/contract-factories";
import { asSeller, insertMeteredDays, insertPriceBook } from "../../support/money-fixtures";

/**
 * Monthly statements end to end (docs/money.md#statements): drafts while a month is open, one
 * final statement per (seller, buyer, month) once it is final, numbered per seller, with the
 * worked numbers of docs/money.md#rounding on real statements, and a final statement that never
 * changes afterwards — byte for byte. Every clock is pinned (2033–2034, a range no other file
 * bills), and each run is scoped to this file's sellers.
 */

const at = (instant: string) => new Date(instant);
const JAN_OPEN = at("2034-01-20T12:00:00Z");
// 2034-02-05: the cut-off day is 2034-02-01, so January is final everywhere in UTC.
const JAN_FINAL = at("2034-02-05T12:00:00Z");
const APRIL_OPEN = at("2034-04-20T12:00:00Z");
const APRIL_FINAL = at("2034-05-05T12:00:00Z");

async function downloadAll(accountId: string, statementId: string) {
  const files: Record<string, Buffer> = {};
  for (const format of ["pdf", "xlsx", "csv"]) {
    const response = await download(new Request(`http://portal.test/a/${accountId}/statements/${statementId}/download?format=${format}`), {
      params: Promise.resolve({ accountId, statementId }),
    });
    expect(response.status, format).toBe(200);
    files[format] = Buffer.from(await response.arrayBuffer());
  }
  return files;
}

async function statementOf(sellerId: string, buyerId: string, month: string) {
  return db.statement.findUniqueOrThrow({
    where: { sellerAccountId_accountId_month: { sellerAccountId: sellerId, accountId: buyerId, month: isoDateToDb(`${month}-01`) } },
    include: { lines: { orderBy: [{ version: "asc" }, { position: "asc" }] }, files: { orderBy: { format: "asc" } } },
  });
}

/** An MSSP selling to two customers at EUR 12.50 a PAYG device-month and EUR 2.00 a subscription unit-month. */
async function bluewave(label: string) {
  const t = await makeTenant(label);
  const small = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.customer.name}-small` });
  await insertPriceBook(t.mssp.id, [
    { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2033-12", minor: 1250 },
    { sku: "AD360-STD", kind: "SUBSCRIPTION_MONTH", from: "2033-12", minor: 200 },
  ]);
  await db.billingProfile.create({ data: { accountId: t.mssp.id, legalName: "Bluewave Security S.L.", address: "12 Harbour Road\n08001 Barcelona", statementPrefix: "BW" } });
  await db.billingProfile.create({ data: { accountId: t.customer.id, legalName: "Harbor Community Bank", address: "1 Main Street\nPortland", statementPrefix: "HCB" } });
  await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
  await insertContract({ accountId: small.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
  await insertContract({ accountId: t.customer.id, type: "NFR", serviceCode: AD360, registeredOn: "2034-01-01", expiresOn: "2034-12-31", quantity: 10 });
  return { t, small };
}

describe("monthly statements", () => {
  it("reproduce the worked numbers on real statements, number them once, and show what changed since the draft", async () => {
    const { t, small } = await bluewave("stmt");
    const customer = t.customer;
    // A trial registered by mistake in January: on the draft, gone by the end of the month.
    const trial = await insertContract({ accountId: customer.id, type: "TRIAL", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: "2034-01-31", quantity: 5 });
    await insertContract({ accountId: customer.id, type: "SUBSCRIPTION", serviceCode: AD360, registeredOn: "2034-04-10", expiresOn: "2035-04-09", quantity: 50 });
    await insertMeteredDays(customer.id, QSM, "2034-01-01", 15, 11);

    // January open: one draft, for the customer with something to bill (the small one has nothing yet).
    expect(await runStatements(db, { now: JAN_OPEN, sellerIds: [t.mssp.id] })).toEqual({ statementsDrafted: 1, statementsFinalized: 0 });
    const draft = await statementOf(t.mssp.id, customer.id, "2034-01");
    expect(draft).toMatchObject({ status: "DRAFT", number: null, currency: "EUR", priceBookName: "Standard", computedAt: JAN_OPEN });
    // 165 device-days so far: 165 × 1250 ÷ 31 = 6,653.2… → 6,653.
    expect(draft.totalMinor).toBe(6653n);
    expect(draft.lines.map((line) => line.note)).toEqual(["Not For Resale: never charged", "", "Trial: never charged"]);
    expect(draft.files).toEqual([]);

    // Not rolled up yet: January stays a draft even though its late window has closed.
    expect(await runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] })).toMatchObject({ statementsFinalized: 0 });
    expect((await statementOf(t.mssp.id, customer.id, "2034-01")).status).toBe("DRAFT");

    // The rest of the month arrives, the trial is corrected away, and a late correction of December
    // (rolled up already) is billed with January.
    await insertMeteredDays(customer.id, QSM, "2034-01-16", 16, 11); // 341 device-days in all
    await insertMeteredDays(small.id, QSM, "2034-01-01", 14, 1); // 14 device-days
    await db.contract.update({ where: { id: trial.id }, data: { registeredOn: isoDateToDb("2034-02-01"), expiresOn: isoDateToDb("2034-02-28") } });
    const qsm = await db.service.findUniqueOrThrow({ where: { code: QSM } });
    await db.usageCorrection.create({
      data: { accountId: customer.id, serviceId: qsm.id, day: isoDateToDb("2033-12-20"), deviceId: crypto.randomUUID(), delta: -3, reason: "late", eventKey: "late-1", billedMonth: isoDateToDb("2034-01-01") },
    });

    await rollUpMonths(db, { now: JAN_FINAL, accountIds: [customer.id, small.id] });
    const finalRun = await runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] });
    // January final for both customers; February's draft for the customer (its NFR contract is live).
    expect(finalRun).toEqual({ statementsDrafted: 1, statementsFinalized: 2 });

    const january = await statementOf(t.mssp.id, customer.id, "2034-01");
    expect(january).toMatchObject({
      status: "FINAL",
      number: "BW-2034-00001",
      finalizedAt: JAN_FINAL,
      sellerName: "Bluewave Security S.L.",
      sellerAddress: "12 Harbour Road\n08001 Barcelona",
      buyerName: "Harbor Community Bank",
      buyerAddress: "1 Main Street\nPortland",
      draftTotalMinor: 6653n,
    });
    const finalLines = january.lines.filter((line) => line.version === "FINAL");
    expect(finalLines.map(({ sku, quantityE4, unit, unitPriceMinor, amountMinor, note }) => ({ sku, quantityE4, unit, unitPriceMinor, amountMinor, note }))).toEqual([
      { sku: "AD360-STD", quantityE4: 100000n, unit: "unit", unitPriceMinor: 0n, amountMinor: 0n, note: "Not For Resale: never charged" },
      // 341 device-days in a 31-day month = 11.0000 units × EUR 12.50 = EUR 137.50.
      { sku: "QSM-MGMT-STD", quantityE4: 110000n, unit: "device-month", unitPriceMinor: 1250n, amountMinor: 13750n, note: "" },
      // −3 device-days of December (31 days): −3 × 1250 ÷ 31 = −120.96… → −121.
      { sku: "QSM-MGMT-STD", quantityE4: -968n, unit: "device-month", unitPriceMinor: 1250n, amountMinor: -121n, note: "" },
    ]);
    expect(finalLines[2]).toMatchObject({ correctsMonth: isoDateToDb("2033-12-01"), description: "Adjustment of 2033-12: -3 device-days ÷ 31 days" });
    expect(january.totalMinor).toBe(13750n - 121n);
    // The last draft's lines stay beside the final ones.
    expect(january.lines.filter((line) => line.version === "DRAFT")).toHaveLength(3);

    const smallJanuary = await statementOf(t.mssp.id, small.id, "2034-01");
    // 14 device-days: 14 × 1250 ÷ 31 = 564.5… → 565 cents, not 0.4516 × 1250 from the rounded units.
    expect(smallJanuary.lines.map(({ quantityE4, amountMinor }) => ({ quantityE4, amountMinor }))).toEqual([{ quantityE4: 4516n, amountMinor: 565n }]);
    expect(smallJanuary).toMatchObject({ number: "BW-2034-00002", totalMinor: 565n, draftTotalMinor: null, buyerName: small.name, buyerAddress: "" });

    // What changed since the draft: the PAYG line in amount, the adjustment added, the trial removed.
    signedIn = t.msspAdmin.actor;
    const view = await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: january.id, now: JAN_FINAL });
    expect(view.direction).toBe("issued");
    expect(view.changes!.changed.map((line) => [line.sku, line.draftAmountMinor, line.finalAmountMinor])).toEqual([["QSM-MGMT-STD", 6653n, 13750n]]);
    expect(view.changes!.added.map((line) => [line.correctsMonth, line.finalAmountMinor])).toEqual([["2033-12", -121n]]);
    expect(view.changes!.removed.map((line) => [line.description, line.draftAmountMinor])).toEqual([[`${contractLabel(trial.number)} Spark Management Standard`, 0n]]);
    // Never a draft: nothing to compare with.
    expect((await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: smallJanuary.id, now: JAN_FINAL })).changes).toBeNull();

    // The files were stored when it became final, each with its SHA-256, and are what a download serves.
    expect(january.files.map((file) => file.format)).toEqual(["PDF", "XLSX", "CSV"]);
    for (const file of january.files) expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
    const before = await downloadAll(t.mssp.id, january.id);
    expect(before.pdf!.equals(Buffer.from(january.files[0]!.bytes))).toBe(true);
    expect(before.xlsx!.equals(Buffer.from(january.files[1]!.bytes))).toBe(true);
    expect(before.csv!.equals(Buffer.from(january.files[2]!.bytes))).toBe(true);
    expect(before.pdf!.subarray(0, 5).toString()).toBe("%PDF-");
    const csv = before.csv!.toString("utf8");
    for (const text of ["Statement,BW-2034-00001", "Seller,Bluewave Security S.L.", "Buyer,Harbor Community Bank", "Currency,EUR", "11.0000,device-month,12.50,137.50", "-0.0968,device-month,12.50,-1.21,2033-12", "Subtotal,Adaptive Defense 360", "Total (EUR)", "136.29", "Not a tax invoice"]) {
      expect(csv).toContain(text);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(before.xlsx! as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Statement")!;
    const values = sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    expect(values).toEqual(expect.arrayContaining(["BW-2034-00001", "Harbor Community Bank", 137.5, 11, 136.29]));

    // Afterwards: prices change, a discount is given, names change, devices and end users are purged.
    await db.price.deleteMany({ where: { priceBook: { accountId: t.mssp.id }, sku: "QSM-MGMT-STD" } });
    const book = await db.priceBook.findFirstOrThrow({ where: { accountId: t.mssp.id } });
    await db.price.create({ data: { accountId: t.mssp.id, priceBookId: book.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", fromMonth: isoDateToDb("2033-12-01"), unitPriceMinor: 2000, createdBy: "test" } });
    await db.priceOverride.create({ data: { accountId: customer.id, sellerAccountId: t.mssp.id, sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", fromMonth: isoDateToDb("2034-01-01"), discountBp: 5000, createdBy: "test" } });
    await db.billingProfile.update({ where: { accountId: t.mssp.id }, data: { legalName: "Bluewave Renamed", address: "Elsewhere" } });
    await db.account.update({ where: { id: customer.id }, data: { name: `${customer.name}-renamed` } });
    await db.billingProfile.delete({ where: { accountId: customer.id } });
    const olga = await createEndUser(db, { actor: t.msspAdmin.actor, accountId: customer.id, input: { name: "Olga", externalId: "olga" } });
    await db.device.create({ data: { accountId: customer.id, externalId: "olga-laptop", kind: "ENDPOINT", endUserId: olga.id, registeredBy: "admin" } });
    await db.endUser.updateMany({ where: { accountId: customer.id }, data: { createdAt: at("2034-01-10T10:00:00Z") } });
    await db.device.updateMany({ where: { accountId: customer.id }, data: { createdAt: at("2034-01-10T10:00:00Z") } });
    expect(await purgeInactiveRecords(db, { now: at("2034-06-10T00:10:00Z"), accountIds: [customer.id] })).toMatchObject({ devices: 1, endUsers: 1 });

    // The same month computed now would differ…
    const now = await computeSellerCharges(db, { seller: asSeller(t.mssp), month: "2034-01", now: JAN_FINAL, buyerIds: [customer.id] });
    expect(now[0]!.lines.find((line) => line.kind === "PAYG")!.amountMinor).toBe(11000n); // 341 × 1000 ÷ 31
    // …but the final statement does not: no run finalizes it again, its row, lines and files stay.
    expect(await runStatements(db, { now: at("2034-02-06T12:00:00Z"), sellerIds: [t.mssp.id] })).toMatchObject({ statementsFinalized: 0 });
    const after = await downloadAll(t.mssp.id, january.id);
    for (const format of ["pdf", "xlsx", "csv"]) expect(after[format]!.equals(before[format]!), format).toBe(true);
    expect(await statementOf(t.mssp.id, customer.id, "2034-01")).toEqual(january);
    // The database refuses to change it.
    await expect(db.statement.update({ where: { id: january.id }, data: { totalMinor: 1n } })).rejects.toThrow(/final/);
    await expect(db.statementLine.updateMany({ where: { statementId: january.id, version: "FINAL" }, data: { amountMinor: 1n } })).rejects.toThrow(/never change/);
    await expect(db.statementFile.updateMany({ where: { statementId: january.id }, data: { sha256: "x" } })).rejects.toThrow(/never change/);

    // A stored file that went missing is rendered again from the stored statement: the same bytes.
    const smallBefore = await downloadAll(t.mssp.id, smallJanuary.id);
    await db.statementFile.deleteMany({ where: { statementId: smallJanuary.id } });
    const smallAgain = await downloadAll(t.mssp.id, smallJanuary.id);
    for (const format of ["pdf", "xlsx", "csv"]) expect(smallAgain[format]!.equals(smallBefore[format]!), format).toBe(true);
    expect(await db.statementFile.count({ where: { statementId: smallJanuary.id } })).toBe(3);

    // April: 50 units × EUR 2.00, live from the 10th of a 30-day month = 50 × 200 × 21 ÷ 30 = 7,000 cents.
    await runStatements(db, { now: APRIL_OPEN, sellerIds: [t.mssp.id] });
    expect((await statementOf(t.mssp.id, customer.id, "2034-04")).status).toBe("DRAFT");
    await runStatements(db, { now: APRIL_FINAL, sellerIds: [t.mssp.id] });
    const april = await statementOf(t.mssp.id, customer.id, "2034-04");
    expect(april.status).toBe("FINAL");
    const subscription = april.lines.find((line) => line.version === "FINAL" && line.unit === "unit-month")!;
    expect(subscription).toMatchObject({ sku: "AD360-STD", quantityE4: 350000n, unitPriceMinor: 200n, amountMinor: 7000n });
    expect(subscription.description).toMatch(/50 × 21 of 30 days/);

    // Every month of the customer got exactly one final statement, numbered in order without a gap.
    const finals = await db.statement.findMany({ where: { sellerAccountId: t.mssp.id, status: "FINAL" }, orderBy: { number: "asc" } });
    expect(finals.map((s) => s.number)).toEqual(finals.map((_, index) => `BW-2034-${String(index + 1).padStart(5, "0")}`));
    expect(new Set(finals.map((s) => `${s.accountId}|${s.month.toISOString()}`)).size).toBe(finals.length);
    expect(await db.statementSequence.findUniqueOrThrow({ where: { accountId_year: { accountId: t.mssp.id, year: 2034 } } })).toMatchObject({ last: finals.length });
  });

  it("two runs at the same moment finalize each statement once, with one number each", async () => {
    const t = await makeTenant("stmt-race");
    await insertPriceBook(t.mssp.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2034-01", minor: 1250 }]);
    const customers = [t.customer, ...(await Promise.all([1, 2, 3, 4, 5, 6].map((n) => makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${t.customer.name}-${n}` }))))];
    for (const [index, customer] of customers.entries()) {
      await insertContract({ accountId: customer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
      await insertMeteredDays(customer.id, QSM, "2034-01-01", 31, index + 1);
    }
    await rollUpMonths(db, { now: JAN_FINAL, accountIds: customers.map((c) => c.id) });
    // Half the buyers had a draft, half did not (the month was never seen open): both kinds race.
    await runStatements(db, { now: JAN_OPEN, sellerIds: [t.mssp.id] });
    await db.statement.deleteMany({ where: { sellerAccountId: t.mssp.id, accountId: { in: customers.slice(0, 3).map((c) => c.id) } } });

    const runs = await Promise.all([0, 1, 2].map(() => runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] })));
    expect(runs.reduce((sum, run) => sum + run.statementsFinalized, 0)).toBe(customers.length);
    const finals = await db.statement.findMany({ where: { sellerAccountId: t.mssp.id, month: isoDateToDb("2034-01-01") }, include: { _count: { select: { files: true, lines: { where: { version: "FINAL" } } } } } });
    expect(finals).toHaveLength(customers.length);
    expect(finals.every((s) => s.status === "FINAL" && s._count.files === 3 && s._count.lines === 1)).toBe(true);
    const prefix = t.mssp.name.split("-").map((word) => word[0]!.toUpperCase()).join("");
    expect(finals.map((s) => s.number).sort()).toEqual(customers.map((_, index) => `${prefix}-2034-${String(index + 1).padStart(5, "0")}`));
    expect((await db.statementSequence.findUniqueOrThrow({ where: { accountId_year: { accountId: t.mssp.id, year: 2034 } } })).last).toBe(customers.length);
    // Numbers follow the buyers' names.
    const byName = [...finals].sort((a, b) => a.buyerName.localeCompare(b.buyerName));
    expect(byName.map((s) => s.number)).toEqual([...byName.map((s) => s.number)].sort());
    // And again, later: nothing more.
    expect(await runStatements(db, { now: at("2034-02-07T12:00:00Z"), sellerIds: [t.mssp.id] })).toMatchObject({ statementsFinalized: 0 });
  });

  it("a crash while finalizing leaves the drafts and the numbers as they were; the next run finalizes them", async () => {
    const { t, small } = await bluewave("stmt-crash");
    await insertMeteredDays(small.id, QSM, "2034-01-01", 31, 1);
    await runStatements(db, { now: JAN_OPEN, sellerIds: [t.mssp.id] });
    await rollUpMonths(db, { now: JAN_FINAL, accountIds: [t.customer.id, small.id] });
    const drafts = await db.statement.findMany({ where: { sellerAccountId: t.mssp.id }, include: { lines: true }, orderBy: { accountId: "asc" } });
    expect(drafts.map((s) => s.status)).toEqual(["DRAFT", "DRAFT"]);

    crashWhileRendering = true;
    try {
      await expect(runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] })).rejects.toThrow(/died/);
    } finally {
      crashWhileRendering = false;
    }
    expect(await db.statement.findMany({ where: { sellerAccountId: t.mssp.id }, include: { lines: true }, orderBy: { accountId: "asc" } })).toEqual(drafts);
    expect(await db.statementSequence.count({ where: { accountId: t.mssp.id } })).toBe(0);
    expect(await db.statementFile.count({ where: { statementId: { in: drafts.map((s) => s.id) } } })).toBe(0);

    expect(await runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] })).toMatchObject({ statementsFinalized: 2 });
    const finals = await db.statement.findMany({ where: { sellerAccountId: t.mssp.id, month: isoDateToDb("2034-01-01") }, orderBy: { number: "asc" } });
    expect(finals.map((s) => [s.status, s.number])).toEqual([
      ["FINAL", "BW-2034-00001"],
      ["FINAL", "BW-2034-00002"],
    ]);
  });

  it("a distributor bills the partner's whole tree; sellers without prices and buyers with nothing to bill get no statement", async () => {
    const t = await makeTenant("stmt-tree");
    await insertPriceBook(t.distributor.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2034-01", minor: 900 }], { name: "Partners", currency: "EUR" });
    await insertContract({ accountId: t.grandCustomer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
    await insertMeteredDays(t.grandCustomer.id, QSM, "2034-01-01", 31, 2);
    await rollUpMonths(db, { now: JAN_FINAL, accountIds: [t.grandCustomer.id] });
    // The MSSP has no price book: it bills nothing. Its distributor bills it for the grand-customer's usage.
    expect(await runStatements(db, { now: JAN_FINAL, sellerIds: [t.distributor.id, t.mssp.id, t.childMssp.id] })).toEqual({ statementsDrafted: 0, statementsFinalized: 1 });
    const statements = await db.statement.findMany({ where: { OR: [{ sellerAccountId: { in: [t.distributor.id, t.mssp.id, t.childMssp.id] } }] }, include: { lines: true } });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ sellerAccountId: t.distributor.id, accountId: t.mssp.id, priceBookName: "Partners", totalMinor: 1800n });
    // Initials of the distributor's name when it has no billing profile.
    expect(statements[0]!.number).toMatch(/^[A-Z0-9]+-2034-00001$/);
    // Never a draft (the month was never seen open): final lines only, and nothing to compare with.
    expect(statements[0]!.lines.map((line) => [line.version, line.usageAccountId])).toEqual([["FINAL", t.grandCustomer.id]]);
    expect(statements[0]!.draftTotalMinor).toBeNull();
  });

  it("a price changed on the 15th for next month leaves this month's statement unchanged, draft and final", async () => {
    const { t, small } = await bluewave("stmt-15th");
    const service = await db.service.findUniqueOrThrow({ where: { code: QSM } });
    await db.accountService.create({ data: { accountId: small.id, serviceId: service.id, activatedBy: "test" } });
    await insertMeteredDays(small.id, QSM, "2034-01-01", 14, 1);
    await runStatements(db, { now: at("2034-01-14T12:00:00Z"), sellerIds: [t.mssp.id] });
    // 14 × 1250 ÷ 31 = 564.5… → 565.
    expect((await statementOf(t.mssp.id, small.id, "2034-01")).totalMinor).toBe(565n);

    // On the 15th the admin raises the price to EUR 20.00 "from next month", through the real action.
    const book = await db.priceBook.findFirstOrThrow({ where: { accountId: t.mssp.id } });
    await addPrice(db, {
      actor: t.msspAdmin.actor,
      sellerId: t.mssp.id,
      bookId: book.id,
      now: at("2034-01-15T10:00:00Z"),
      input: { sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", unitPrice: "20.00", fromMonth: "2034-02" },
    });

    // January's draft, recomputed after the change, and then its final statement: still at EUR 12.50.
    await runStatements(db, { now: JAN_OPEN, sellerIds: [t.mssp.id] });
    expect((await statementOf(t.mssp.id, small.id, "2034-01")).totalMinor).toBe(565n);
    await insertMeteredDays(small.id, QSM, "2034-02-01", 4, 1);
    await rollUpMonths(db, { now: JAN_FINAL, accountIds: [t.customer.id, small.id] });
    await runStatements(db, { now: JAN_FINAL, sellerIds: [t.mssp.id] });
    const january = await statementOf(t.mssp.id, small.id, "2034-01");
    expect(january).toMatchObject({ status: "FINAL", totalMinor: 565n });
    expect(january.lines.filter((line) => line.version === "FINAL").map((line) => [line.unitPriceMinor, line.amountMinor])).toEqual([[1250n, 565n]]);
    // February's draft takes the new price: 4 × 2000 ÷ 28 = 285.7… → 286.
    const february = await statementOf(t.mssp.id, small.id, "2034-02");
    expect(february).toMatchObject({ status: "DRAFT", totalMinor: 286n });
    expect(february.lines.map((line) => line.unitPriceMinor)).toEqual([2000n]);
  });

  it("opening a draft recomputes it; a draft whose buyer has nothing left to bill goes at the next run", async () => {
    const { t, small } = await bluewave("stmt-open");
    await insertMeteredDays(small.id, QSM, "2034-01-01", 10, 1);
    await runStatements(db, { now: JAN_OPEN, sellerIds: [t.mssp.id] });
    const draft = await statementOf(t.mssp.id, small.id, "2034-01");
    expect(draft.totalMinor).toBe(403n); // 10 × 1250 ÷ 31 = 403.2…

    await insertMeteredDays(small.id, QSM, "2034-01-11", 4, 1);
    const opened = at("2034-01-21T08:00:00Z");
    const view = await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: draft.id, now: opened });
    expect(view.document).toMatchObject({ status: "DRAFT", number: null, totalMinor: 565n });
    expect(view.computedAt).toEqual(opened);
    // Within a minute it is shown as computed (the downloads after the page show the page's figures); later, recomputed.
    await insertMeteredDays(small.id, QSM, "2034-01-15", 1, 31);
    const soon = await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: draft.id, now: at("2034-01-21T08:00:30Z") });
    expect(soon.document.totalMinor).toBe(565n);
    const later = await getStatement(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, statementId: draft.id, now: at("2034-01-21T08:01:00Z") });
    expect(later.document.totalMinor).toBe(1815n); // (14 + 31) × 1250 ÷ 31 = 1,814.5… → 1,815
    // A customer sees its own draft as a received statement.
    // Another customer's admin does not reach it.
    await expectAppError(getStatement(db, { actor: t.customerAdmin.actor, accountId: small.id, statementId: draft.id, now: opened }), "NOT_FOUND");
    const mine = await getStatement(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, statementId: (await statementOf(t.mssp.id, t.customer.id, "2034-01")).id, now: opened });
    expect(mine.direction).toBe("received");

    // A draft file is rendered on demand, marked DRAFT.
    signedIn = t.msspAdmin.actor;
    const files = await downloadAll(t.mssp.id, draft.id);
    expect(files.csv!.toString("utf8")).toMatch(/^Statement,DRAFT\r\nStatus,Draft\r\n/);

    await db.usageDaily.deleteMany({ where: { accountId: small.id } });
    await runStatements(db, { now: at("2034-01-22T12:00:00Z"), sellerIds: [t.mssp.id] });
    expect(await db.statement.count({ where: { accountId: small.id } })).toBe(0);
  });
});
