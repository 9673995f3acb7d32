import { afterEach, describe, expect, it, vi } from "vitest";
import { statementNumber } from "@/server/billing/statements/finalize-statements";
import { pdfText } from "@/server/billing/statements/render-statement-pdf";
import { renderStatementFiles } from "@/server/billing/statements/render-statement-files";
import { statementChanges } from "@/server/billing/statements/statement-changes";
import { statementFileName, subtotalsByService, type StatementDocument, type StatementDocumentLine } from "@/server/billing/statements/statement-document";
import { initialsOf } from "@/server/billing/statements/statement-parties";
import { zipEntries } from "../../support/zip-entries";

const line = (overrides: Partial<StatementDocumentLine>): StatementDocumentLine => ({
  position: 1,
  usageAccountId: "a",
  usageAccountName: "Harbor Community Bank",
  serviceName: "Quantum Spark Management",
  sku: "QSM-MGMT-STD",
  description: "Quantum Spark Management Standard: 341 device-days ÷ 31 days",
  quantityE4: 110000n,
  unit: "device-month",
  unitPriceMinor: 1250n,
  amountMinor: 13750n,
  correctsMonth: null,
  note: "",
  lineKey: "payg:qsm",
  ...overrides,
});

const document = (overrides: Partial<StatementDocument> = {}): StatementDocument => ({
  status: "FINAL",
  number: "BW-2034-00001",
  month: "2034-01",
  currency: "EUR",
  priceBookName: "Standard",
  seller: { name: "Bluewave Security S.L.", address: "12 Harbour Road\n08001 Barcelona" },
  buyer: { name: "=Harbor Community Bank", address: "" },
  lines: [
    line({}),
    line({ position: 2, description: "Adjustment of 2033-12: -3 device-days ÷ 31 days", quantityE4: -968n, amountMinor: -121n, correctsMonth: "2033-12", lineKey: "adjustment:qsm:2033-12" }),
    line({ position: 3, serviceName: "Adaptive Defense 360", sku: "AD360-STD", quantityE4: 100000n, unit: "unit", unitPriceMinor: 0n, amountMinor: 0n, note: "Not For Resale: never charged", lineKey: "contract:1" }),
  ],
  totalMinor: 13629n,
  issuedAt: new Date("2034-02-05T12:00:00Z"),
  ...overrides,
});

afterEach(() => vi.useRealTimers());

describe("statement files (docs/money.md#statements)", () => {
  it("are the same bytes whenever they are rendered: their dates are the statement's own", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2034-02-05T12:00:00Z"));
    const first = await renderStatementFiles(document());
    vi.setSystemTime(new Date("2041-07-19T03:21:17Z"));
    const later = await renderStatementFiles(document());
    for (const [index, file] of first.entries()) {
      expect(later[index]!.bytes.equals(file.bytes), file.format).toBe(true);
      expect(later[index]!.sha256).toBe(file.sha256);
    }
    // …and a different statement gives different bytes.
    const other = await renderStatementFiles(document({ number: "BW-2034-00002" }));
    expect(other.every((file, index) => !file.bytes.equals(first[index]!.bytes))).toBe(true);
  });

  it("stamp the xlsx zip entries and the PDF with the statement's date", async () => {
    const [pdf, xlsx] = await renderStatementFiles(document());
    expect(pdf!.bytes.toString("latin1")).toContain("(D:20340205120000Z)");
    const entries = zipEntries(xlsx!.bytes);
    expect([...entries.keys()]).toContain("xl/worksheets/sheet1.xml");
    // DOS date of 2034-02-05 in every local header: ((2034 − 1980) << 9) | (2 << 5) | 5.
    const dosDate = ((2034 - 1980) << 9) | (2 << 5) | 5;
    let at = xlsx!.bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    let headers = 0;
    while (at >= 0) {
      expect(xlsx!.bytes.readUInt16LE(at + 12)).toBe(dosDate);
      headers += 1;
      at = xlsx!.bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 4);
    }
    expect(headers).toBe(entries.size);
  });

  it("write the CSV as a document: heading, lines, subtotals, total, formula-escaped text; a draft says DRAFT", async () => {
    const csv = (await renderStatementFiles(document()))[2]!.bytes.toString("utf8");
    expect(csv.split("\r\n").slice(0, 3)).toEqual(["Statement,BW-2034-00001", "Status,Final", "Month,2034-01 (January 2034)"]);
    expect(csv).toContain('Seller address,"12 Harbour Road\n08001 Barcelona"');
    expect(csv).toContain("Buyer,'=Harbor Community Bank");
    expect(csv).toContain("Harbor Community Bank,Quantum Spark Management,QSM-MGMT-STD,Adjustment of 2033-12: -3 device-days ÷ 31 days,-0.0968,device-month,12.50,-1.21,2033-12,");
    expect(csv).toContain("Subtotal,Adaptive Defense 360,,,,,,0.00,,\r\nSubtotal,Quantum Spark Management,,,,,,136.29,,\r\nTotal (EUR),,,,,,,136.29,,");
    expect(csv.trimEnd().endsWith("Not a tax invoice: no tax is computed on this statement.")).toBe(true);
    const draft = (await renderStatementFiles(document({ status: "DRAFT", number: null })))[2]!.bytes.toString("utf8");
    expect(draft.split("\r\n").slice(0, 2)).toEqual(["Statement,DRAFT", "Status,Draft"]);
    expect(draft).toContain('Date,"Draft, computed 2034-02-05 12:00 UTC');
  });

  it("name files in ASCII and subtotal per service", () => {
    expect(statementFileName(document(), "pdf")).toBe("statement-BW-2034-00001.pdf");
    expect(statementFileName(document({ number: null, buyer: { name: "Inés & Co / Zürich", address: "" } }), "csv")).toBe("statement-draft-2034-01-Ines-Co-Zurich.csv");
    expect(subtotalsByService(document().lines)).toEqual([
      { serviceName: "Adaptive Defense 360", lines: 1, amountMinor: 0n },
      { serviceName: "Quantum Spark Management", lines: 2, amountMinor: 13629n },
    ]);
    expect(pdfText("−5 € – Zürich 東京")).toBe("-5 € – Zürich ??");
  });
});

describe("statement numbers and changes", () => {
  it("number per seller and year with a prefix from the profile or the name's initials", () => {
    expect(statementNumber("BW", 2026, 42)).toBe("BW-2026-00042");
    expect(statementNumber("BW", 2026, 123456)).toBe("BW-2026-123456");
    expect(initialsOf("Bluewave Security")).toBe("BS");
    expect(initialsOf("northwind distribution-east")).toBe("NDE");
    expect(initialsOf("  --  ")).toBe("ST");
  });

  it("pair draft and final lines by what they are for, whatever their quantity", () => {
    const payg = line({ amountMinor: 6653n, quantityE4: 53226n });
    const trial = line({ lineKey: "contract:9", amountMinor: 0n, description: "Trial" });
    const twice = line({ lineKey: "pool-order:1", amountMinor: 100n });
    const changes = statementChanges([payg, trial, twice], [line({}), line({ lineKey: "adjustment:x", amountMinor: -121n }), twice, { ...twice, position: 4 }]);
    expect(changes.changed.map((c) => [c.draftAmountMinor, c.finalAmountMinor])).toEqual([[6653n, 13750n]]);
    expect(changes.added.map((c) => c.finalAmountMinor)).toEqual([-121n, 100n]);
    expect(changes.removed.map((c) => c.description)).toEqual(["Trial"]);
    // Same usage account and key, same amount: unchanged.
    expect(statementChanges([line({})], [line({ description: "other words" })])).toEqual({ added: [], removed: [], changed: [] });
  });
});
