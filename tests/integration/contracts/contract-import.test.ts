import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { commitContractImport, getContractImport, previewContractImport } from "@/server/contracts/import/contract-import";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { accountWrites, activeAddOnSkus, addPortalContract, FAR_FUTURE_NOW, isoOf, linkUserCenter } from "../../support/contract-factories";

const HEADER = "Account,Service,Contract type,Package (SKU),AddOns,Quantity,Subscription reference,At expiry,Trial days";
const csv = (...lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join("\n")}\n`);

async function importTenant() {
  const t = await makeTenant("import");
  const childUc = await linkUserCenter(t.childMssp.id);
  const accounts = [t.mssp.id, t.customer.id, t.childMssp.id, t.grandCustomer.id];
  const writes = async () => Promise.all(accounts.map(accountWrites));
  return { t, childUc, accounts, writes };
}

function preview(actor: Awaited<ReturnType<typeof makeTenant>>["msspAdmin"]["actor"], accountId: string, filename: string, bytes: Uint8Array) {
  return previewContractImport(db, { actor, accountId, filename, bytes, now: FAR_FUTURE_NOW });
}

describe("previewing and committing a contract import", () => {
  it("a good CSV previews without writing, then commits every row with its audit trail", async () => {
    const { t, childUc, writes } = await importTenant();
    const before = await writes();
    const bytes = csv(
      `${t.customer.id},quantum-spark-management,PAYG,QSM-MGMT-PAYG,QSM-ADD-TP;QSM-ADD-SDWAN,12,,,`,
      `${childUc},harmony-browse,NFR,,,,,,`,
      `${t.grandCustomer.id},Guest WiFi,SUBSCRIPTION,GW-ROOM,GW-ADD-MKT,40,SO-1001,,`,
      `${t.customer.id},harmony-browse,TRIAL,,,5,,EXPIRE,14`,
    );
    const previewed = await preview(t.msspAdmin.actor, t.mssp.id, "contracts.csv", bytes);
    expect(previewed.errorCount).toBe(0);
    expect(previewed.rows.map((row) => [row.line, row.error, row.summary?.replace(/^CT-\d+/, "CT")])).toEqual([
      // The preview names the contract type as the screens do, not by its code.
      [2, undefined, `CT: Pay-As-You-Go for ${t.customer.name}`],
      [3, undefined, `CT: Not For Resale for ${t.childMssp.name}`],
      [4, undefined, `CT: Subscription for ${t.grandCustomer.name}`],
      [5, undefined, `CT: Trial for ${t.customer.name}`],
    ]);
    expect(await writes()).toEqual(before);
    const stored = await getContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id });
    expect(stored).toMatchObject({ status: "PREVIEWED", errorCount: 0, filename: "contracts.csv", createdBy: t.msspAdmin.user.id });
    expect(stored.rows).toHaveLength(4);

    const committed = await commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id, now: FAR_FUTURE_NOW });
    expect(committed.imported).toBe(4);

    const payg = await db.contract.findFirstOrThrow({ where: { accountId: t.customer.id, type: "PAYG" }, include: { package: true } });
    expect(payg).toMatchObject({ quantity: 12, source: "PORTAL", expiresOn: null, package: { sku: "QSM-MGMT-PAYG" } });
    expect(await activeAddOnSkus(payg.id)).toEqual(["QSM-ADD-SDWAN", "QSM-ADD-TP"]);
    const nfr = await db.contract.findFirstOrThrow({ where: { accountId: t.childMssp.id } });
    expect(nfr).toMatchObject({ type: "NFR", quantity: 25 });
    expect(isoOf(nfr.expiresOn)).toBe("2038-03-09");
    const sub = await db.contract.findFirstOrThrow({ where: { accountId: t.grandCustomer.id }, include: { package: true } });
    expect(sub).toMatchObject({ type: "SUBSCRIPTION", quantity: 40, subscriptionReference: "SO-1001", package: { sku: "GW-ROOM" } });
    expect(await activeAddOnSkus(sub.id)).toEqual(["GW-ADD-MKT"]);
    const trial = await db.contract.findFirstOrThrow({ where: { accountId: t.customer.id, type: "TRIAL" } });
    expect(trial).toMatchObject({ trialExpiryAction: "EXPIRE", quantity: 5 });
    expect(isoOf(trial.expiresOn)).toBe("2031-03-23");

    const added = await db.auditEvent.findMany({ where: { action: "contract.added", account: { path: { startsWith: t.mssp.path } } } });
    expect(added).toHaveLength(4);
    expect(added.every((event) => event.actorLabel === t.msspAdmin.email)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.mssp.id, action: "contract_import.committed" } });
    expect(audit).toMatchObject({ objectId: previewed.id, after: { filename: "contracts.csv", contracts: 4 } });
    expect(await db.contractImport.findUniqueOrThrow({ where: { id: previewed.id } })).toMatchObject({ status: "IMPORTED", importedAt: FAR_FUTURE_NOW });

    // Committing the same preview again is refused and writes nothing.
    const afterCommit = await writes();
    await expectAppError(
      commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id, now: FAR_FUTURE_NOW }),
      "CONFLICT",
      "ALREADY_IMPORTED",
    );
    expect(await writes()).toEqual(afterCommit);
  });

  it("a good .xlsx (other header names, numeric cells) imports the same way", async () => {
    const { t, childUc, writes } = await importTenant();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Contracts");
    sheet.addRow(["Account ID", "Service name", "Type", "SKU", "Add-ons", "Quantity threshold", "Order reference", "Trial expiry action", "Trial days"]);
    sheet.addRow([t.customer.id, "Quantum Spark Management", "SUBSCRIPTION", "", "QSM-ADD-TP", 7, "PO-77", "", ""]);
    sheet.addRow([childUc, "harmony-browse", "PAYG", "", "", 250, "", "", ""]);
    sheet.addRow([]);
    sheet.addRow([t.grandCustomer.id, "defensx-web-security", "TRIAL", "DX-CORE-PLUS", "", 3, "", "CONVERT", 10]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const before = await writes();

    const previewed = await preview(t.msspAdmin.actor, t.mssp.id, "Contracts.XLSX", bytes);
    expect(previewed.rows.map((row) => [row.line, row.error])).toEqual([
      [2, undefined],
      [3, undefined],
      [5, undefined],
    ]);
    expect(previewed.rows[0]!.values).toMatchObject({ quantity: "7", subscriptionReference: "PO-77", service: "Quantum Spark Management" });
    expect(await writes()).toEqual(before);

    await commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id, now: FAR_FUTURE_NOW });
    expect(await db.contract.findFirstOrThrow({ where: { accountId: t.customer.id } })).toMatchObject({ type: "SUBSCRIPTION", quantity: 7, subscriptionReference: "PO-77" });
    expect(await db.contract.findFirstOrThrow({ where: { accountId: t.childMssp.id } })).toMatchObject({ type: "PAYG", quantity: 250 });
    const trial = await db.contract.findFirstOrThrow({ where: { accountId: t.grandCustomer.id } });
    expect(trial).toMatchObject({ type: "TRIAL", quantity: 3, trialExpiryAction: "CONVERT" });
    expect(isoOf(trial.expiresOn)).toBe("2031-03-19");
  });

  it("bad rows get their own errors; nothing is written and the commit is refused", async () => {
    const { t, childUc, writes } = await importTenant();
    const other = await makeTenant("import-other");
    const before = await writes();
    const otherBefore = await accountWrites(other.customer.id);
    const missing = "00000000-0000-4000-8000-000000000000";
    const previewed = await preview(
      t.msspAdmin.actor,
      t.mssp.id,
      "bad.csv",
      csv(
        `${t.customer.id},no-such-service,PAYG,,,5,,,`,
        `${t.customer.id},harmony-browse,NFR,,,,,,`,
        `${t.customer.id},harmony-browse,SUBSCRIPTION,,,5,,,`,
        `${missing},harmony-browse,PAYG,,,5,,,`,
        `${other.customer.id},harmony-browse,PAYG,,,5,,,`,
        `${t.customer.id},quantum-spark-management,PAYG,,,5,,,`,
        `${childUc},harmony-browse,NFR,,,,,,`,
        `${childUc},harmony-browse,NFR,,,,,,`,
        `${t.customer.id},adaptive-defense-360,PAYG,,,5,,,`,
        `,harmony-browse,PAYG,,,5,,,`,
        `${t.customer.id},harmony-browse,PAYG,,,0,,,`,
      ),
    );
    expect(previewed.errorCount).toBe(9);
    expect(previewed.rows.map((row) => [row.line, row.error])).toEqual([
      [2, expect.stringMatching(/^Service: unknown service "no-such-service". Use a name or code: .*Harmony Browse \(harmony-browse\)/)],
      [3, "Not For Resale contracts are only for Partner – MSSP accounts, never for customers."],
      [4, "subscriptionReference: A subscription needs its order / User Center reference."],
      [5, `Account: "${missing}" was not found. Use the account's name, its id or its User Center ID.`],
      // Out of reach reads exactly like missing.
      [6, `Account: "${other.customer.id}" was not found. Use the account's name, its id or its User Center ID.`],
      [7, undefined],
      [8, undefined],
      [9, "This account has already had a Not For Resale contract for this service; it cannot be added again."],
      [10, "This service does not offer that contract type."],
      [11, "Account: give the account's name, its id or its User Center ID."],
      [12, "quantity: The quantity must be at least 1."],
    ]);
    expect(await writes()).toEqual(before);
    expect(await accountWrites(other.customer.id)).toEqual(otherBefore);

    await expectAppError(
      commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id, now: FAR_FUTURE_NOW }),
      "RULE_VIOLATION",
      "IMPORT_HAS_ERRORS",
    );
    expect(await writes()).toEqual(before);
    expect(await db.contractImport.findUniqueOrThrow({ where: { id: previewed.id } })).toMatchObject({ status: "PREVIEWED", importedAt: null, errorCount: 9 });
  });

  it("a commit whose rows no longer pass (something changed since the preview) writes none of them", async () => {
    const { t, writes } = await importTenant();
    const previewed = await preview(
      t.msspAdmin.actor,
      t.mssp.id,
      "later.csv",
      csv(`${t.grandCustomer.id},harmony-browse,PAYG,,,5,,,`, `${t.customer.id},harmony-browse,PAYG,,,5,,,`),
    );
    expect(previewed.errorCount).toBe(0);
    // Meanwhile someone adds a PAYG for the customer by hand.
    await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { extra: { service: "harmony-browse", addOns: [] } });
    const before = await writes();
    const error = await expectAppError(
      commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: previewed.id, now: FAR_FUTURE_NOW }),
      "RULE_VIOLATION",
      "IMPORT_ROW_FAILED",
    );
    expect(error.message).toMatch(/^Row 3: .*Nothing was imported\.$/);
    expect(await writes()).toEqual(before);
    expect(await db.contract.count({ where: { accountId: t.grandCustomer.id } })).toBe(0);
  });

  it("refuses files it cannot read with INVALID on the field `file`, storing nothing", async () => {
    const { t } = await importTenant();
    const header = new TextEncoder().encode(`${HEADER}\n`);
    const cases: [string, string, Uint8Array][] = [
      ["wrong extension", "contracts.txt", csv(`${t.customer.id},harmony-browse,PAYG,,,5,,,`)],
      ["no extension", "contracts", csv(`${t.customer.id},harmony-browse,PAYG,,,5,,,`)],
      ["empty file", "contracts.csv", new Uint8Array()],
      ["header only", "contracts.csv", header],
      ["missing Contract type column", "contracts.csv", new TextEncoder().encode(`Account,Service,Quantity\n${t.customer.id},harmony-browse,5\n`)],
      ["missing Service column", "contracts.csv", new TextEncoder().encode(`Account,Contract type\n${t.customer.id},PAYG\n`)],
      ["not really Excel", "contracts.xlsx", new TextEncoder().encode("this is not a zip")],
      ["malformed CSV", "contracts.csv", new TextEncoder().encode(`Account,Service,Contract type\n"unterminated,harmony-browse,PAYG\n`)],
    ];
    for (const [label, filename, bytes] of cases) {
      const error = await expectAppError(preview(t.msspAdmin.actor, t.mssp.id, filename, bytes), "INVALID").catch((failure: unknown) => {
        throw new Error(`${label}: ${String(failure)}`);
      });
      expect(Object.keys(error.fieldErrors ?? {}), label).toEqual(["file"]);
    }
    expect(await db.contractImport.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });

  it("only admins import, and a customer admin's rows for its own account are refused", async () => {
    const { t } = await importTenant();
    const bytes = csv(`${t.customer.id},harmony-browse,PAYG,,,5,,,`);
    await expectAppError(preview(t.msspViewer.actor, t.mssp.id, "c.csv", bytes), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    const own = await preview(t.customerAdmin.actor, t.customer.id, "c.csv", bytes);
    expect(own.rows[0]!.error).toBe("Contracts of this account are managed by an admin of its parent account.");
    await expectAppError(getContractImport(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, importId: own.id }), "NOT_FOUND");
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(0);
  });
});
