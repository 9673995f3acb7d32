import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { CONTRACT_EXPORT_COLUMNS } from "@/server/contracts/contract-export-columns";
import { commitContractImport, previewContractImport } from "@/server/contracts/import/contract-import";
import { iterateContracts } from "@/server/contracts/list-contracts";
import { tableExportResponse, type ExportFormat } from "@/server/exports/table-export";
import { expectAppError } from "../../support/expect-app-error";
import { makeAccount, makeTenant, unique } from "../../support/factories";
import { addPortalContract, DEFAULT_FILTERS, FAR_FUTURE_NOW, linkUserCenter } from "../../support/contract-factories";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
const encode = (text: string) => new TextEncoder().encode(text);

function preview(t: Tenant, accountId: string, filename: string, bytes: Uint8Array) {
  return previewContractImport(db, { actor: t.msspAdmin.actor, accountId, filename, bytes, now: FAR_FUTURE_NOW });
}

/** The bytes the contract list's export writes for an account (the same columns and writer as the route). */
async function exportContracts(t: Tenant, accountId: string, format: ExportFormat): Promise<Uint8Array> {
  const response = tableExportResponse({
    format,
    filename: "contracts",
    sheetName: "Services & Contracts",
    columns: CONTRACT_EXPORT_COLUMNS,
    rows: iterateContracts(db, { actor: t.msspAdmin.actor, accountId, filters: DEFAULT_FILTERS, now: FAR_FUTURE_NOW }),
  });
  return new Uint8Array(await (await response).arrayBuffer());
}

describe("bulk contract import reads values as people and the export write them", () => {
  for (const format of ["csv", "xlsx"] as const) {
    it(`the contract export's own ${format} imports again, into the account it is uploaded to`, async () => {
      const t = await makeTenant(`reimport-${format}`);
      await addPortalContract(t.msspAdmin.actor, t.grandCustomer.id, "PAYG");
      const subscription = await addPortalContract(t.msspAdmin.actor, t.grandCustomer.id, "SUBSCRIPTION");
      await addPortalContract(t.msspAdmin.actor, t.grandCustomer.id, "TRIAL");
      const bytes = await exportContracts(t, t.grandCustomer.id, format);
      // The export writes labels ("Pay-As-You-Go"), not codes, and the contract's reference as "User Center ID".
      if (format === "csv") expect(new TextDecoder().decode(bytes)).toContain("Pay-As-You-Go");

      const previewed = await preview(t, t.customer.id, `contracts.${format}`, bytes);
      expect(previewed.rows.map((row) => row.error)).toEqual([undefined, undefined, undefined]);
      await commitContractImport(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, importId: previewed.id, now: FAR_FUTURE_NOW });

      const imported = await db.contract.findMany({ where: { accountId: t.customer.id }, include: { package: true }, orderBy: { type: "asc" } });
      expect(imported.map((contract) => [contract.type, contract.quantity, contract.package.sku])).toEqual(
        expect.arrayContaining([
          ["PAYG", 10, expect.any(String)],
          ["SUBSCRIPTION", 10, expect.any(String)],
          ["TRIAL", 10, expect.any(String)],
        ]),
      );
      expect(imported.find((contract) => contract.type === "SUBSCRIPTION")!.subscriptionReference).toBe(subscription.subscriptionReference);
    });
  }

  it("accepts labels and codes in any case, and accounts by name, id or User Center ID", async () => {
    const t = await makeTenant("import-labels");
    const uc = await linkUserCenter(t.grandCustomer.id);
    const previewed = await preview(
      t,
      t.mssp.id,
      "labels.csv",
      encode(
        [
          "Account,Service,Contract type,Quantity,Subscription reference,At expiry",
          `${t.childMssp.name.toUpperCase()},Harmony Browse,not for resale,,,`,
          `${t.customer.name},HARMONY-BROWSE,Pay-As-You-Go,5,,`,
          `${uc.toLowerCase()},harmony browse,Subscription,5,SO-9,`,
          `${t.customer.id},quantum-spark-management,trial,5,,expire`,
          `${t.customer.name},Guest WiFi,Gift,5,,`,
          `${t.customer.name},Guest WiFi,Trial,5,,later`,
        ].join("\n"),
      ),
    );
    expect(previewed.rows.map((row) => [row.line, row.error ?? row.summary?.replace(/^CT-\d+/, "CT")])).toEqual([
      [2, `CT: Not For Resale for ${t.childMssp.name}`],
      [3, `CT: Pay-As-You-Go for ${t.customer.name}`],
      [4, `CT: Subscription for ${t.grandCustomer.name}`],
      [5, `CT: Trial for ${t.customer.name}`],
      [6, "Contract type: unknown type \"Gift\". Use one of: Pay-As-You-Go (PAYG), Not For Resale (NFR), Subscription (SUBSCRIPTION), Trial (TRIAL), Evaluation (EVALUATION)."],
      [7, 'At expiry: unknown value "later". Use Convert (CONVERT) or Expire (EXPIRE).'],
    ]);
  });

  it("an account name shared by two accounts in reach is refused naming the row's field", async () => {
    const t = await makeTenant("import-ambiguous");
    const name = unique("twin");
    const [first, second] = [
      await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name }),
      await makeAccount({ kind: "CUSTOMER", parent: t.childMssp, name: name.toUpperCase() }),
    ];
    const previewed = await preview(
      t,
      t.mssp.id,
      "twins.csv",
      encode(["Account,Service,Contract type,Quantity", `${name},harmony-browse,PAYG,5`, `${second.id},harmony-browse,PAYG,5`].join("\n")),
    );
    expect(previewed.rows.map((row) => [row.line, row.error ?? "ok"])).toEqual([
      [2, `Account: "${name}" is the name of 2 accounts; use its id or its User Center ID instead.`],
      [3, "ok"],
    ]);
    expect(await db.contract.count({ where: { accountId: { in: [first.id, second.id] } } })).toBe(0);
  });

  it("a name with LIKE wildcards matches only itself", async () => {
    const t = await makeTenant("import-like");
    const literal = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: unique("100%_off") });
    const previewed = await preview(
      t,
      t.mssp.id,
      "like.csv",
      encode(["Account,Service,Contract type,Quantity", `${literal.name},harmony-browse,PAYG,5`, "%,harmony-browse,PAYG,5"].join("\n")),
    );
    expect(previewed.rows.map((row) => row.error ?? row.summary?.replace(/^CT-\d+/, "CT"))).toEqual([
      `CT: Pay-As-You-Go for ${literal.name}`,
      'Account: "%" was not found. Use the account\'s name, its id or its User Center ID.',
    ]);
  });

  it("a cell or a file name PostgreSQL cannot store refuses the file naming line and column, storing nothing", async () => {
    const t = await makeTenant("import-nul");
    const bytes = encode(["Account,Service,Contract type,Quantity", `${t.customer.id},harmony-browse,PAYG,5`, `${t.customer.id},harmony\u0000,PAYG,5`].join("\n"));
    const error = await expectAppError(preview(t, t.mssp.id, "nul.csv", bytes), "INVALID");
    expect(error.fieldErrors).toEqual({ file: ['Line 3, column "Service": Remove the control or broken characters (such as NUL) from this text.'] });
    await expectAppError(preview(t, t.mssp.id, "nul\u0000.csv", encode("Service,Contract type\nharmony-browse,PAYG\n")), "INVALID");
    expect(await db.contractImport.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });
});
