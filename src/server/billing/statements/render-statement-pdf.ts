import PDFDocument from "pdfkit";
import { formatMoney, formatQuantityE4 } from "@/lib/money";
import { issuedText, statementStatusText } from "./statement-cells";
import { monthName, NOT_A_TAX_INVOICE, statementTitle, subtotalsByService, type StatementDocument, type StatementParty } from "./statement-document";

/** A4 landscape: the ten columns of a line fit across. */
const PAGE = { size: "A4", layout: "landscape", margin: 40 } as const;
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";
const INK = "#0f172a";
const MUTED = "#475569";
const RULE = "#cbd5e1";
const TEXT_SIZE = 7.5;

interface Column {
  header: string;
  width: number;
  align?: "right";
}

const COLUMNS: Column[] = [
  { header: "Account", width: 88 },
  { header: "Service", width: 78 },
  { header: "SKU", width: 72 },
  { header: "Description", width: 158 },
  { header: "Quantity", width: 56, align: "right" },
  { header: "Unit", width: 56 },
  { header: "Unit price", width: 62, align: "right" },
  { header: "Amount", width: 66, align: "right" },
  { header: "Corrects", width: 44 },
  { header: "Note", width: 82 },
];

// The standard PDF fonts write WinAnsi only: characters they cannot show are replaced, never dropped silently.
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"]);
export function pdfText(text: string): string {
  return [...text.replaceAll("\u2212", "-")]
    .map((char) => {
      const code = char.codePointAt(0)!;
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char) || char === "\n" ? char : "?";
    })
    .join("");
}

const money = (minor: bigint, currency: string) => pdfText(formatMoney(minor, currency));

/**
 * The statement as a PDF (pdfkit, standard fonts): seller and buyer with their addresses, number,
 * month, currency and price book, the lines (account, service, SKU, description, quantity to 4
 * decimals, unit, unit price, amount, the month an adjustment corrects, note), subtotals per
 * service, the total and "Not a tax invoice"; a draft says DRAFT on every page. Its creation date
 * is the statement's own date and nothing else varies, so the same statement gives the same bytes.
 */
export function renderStatementPdf(document: StatementDocument): Promise<Buffer> {
  const draft = document.status === "DRAFT";
  const doc = new PDFDocument({
    ...PAGE,
    bufferPages: true,
    info: {
      Title: pdfText(statementTitle(document)),
      Subject: pdfText(`Statement for ${monthName(document.month)}: ${document.seller.name} to ${document.buyer.name}`),
      Author: pdfText(document.seller.name),
      Creator: "MSP License Portal",
      Producer: "MSP License Portal",
      CreationDate: document.issuedAt,
      ModDate: document.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 14;

  // Heading: title, the DRAFT mark, the month and currency.
  doc.font(BOLD).fontSize(18).fillColor(INK).text(pdfText(document.number ? `Statement ${document.number}` : "Statement (draft)"), left, doc.page.margins.top);
  if (draft) doc.font(BOLD).fontSize(18).fillColor("#b91c1c").text("DRAFT", left, doc.page.margins.top, { width, align: "right" });
  doc.moveDown(0.2).font(FONT).fontSize(10).fillColor(MUTED);
  doc.text(pdfText(`${monthName(document.month)} · ${document.currency} · price book ${document.priceBookName} · ${statementStatusText(document)}`), left);
  doc.text(pdfText(issuedText(document)), left);
  doc.moveDown(0.8);

  // Seller and buyer side by side.
  const partiesTop = doc.y;
  const party = (label: string, who: StatementParty, x: number) => {
    doc.font(BOLD).fontSize(9).fillColor(MUTED).text(label, x, partiesTop, { width: width / 2 - 10 });
    doc.font(BOLD).fontSize(11).fillColor(INK).text(pdfText(who.name), x, doc.y, { width: width / 2 - 10 });
    if (who.address) doc.font(FONT).fontSize(9).fillColor(INK).text(pdfText(who.address), x, doc.y, { width: width / 2 - 10 });
    return doc.y;
  };
  const afterSeller = party("From (seller)", document.seller, left);
  const afterBuyer = party("To (buyer)", document.buyer, left + width / 2);
  doc.y = Math.max(afterSeller, afterBuyer) + 14;

  // The lines.
  const cellHeight = (text: string, column: Column) => doc.heightOfString(text, { width: column.width - 4 });
  const drawRow = (cells: string[], options: { bold?: boolean; fill?: string; header?: boolean } = {}) => {
    doc.font(options.bold ? BOLD : FONT).fontSize(TEXT_SIZE);
    const height = Math.max(...cells.map((cell, index) => cellHeight(cell, COLUMNS[index]!))) + 4;
    if (doc.y + height > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
      if (!options.header) drawHeader();
      doc.font(options.bold ? BOLD : FONT).fontSize(TEXT_SIZE);
    }
    const top = doc.y;
    if (options.fill) doc.rect(left, top, width, height).fill(options.fill);
    let x = left;
    cells.forEach((cell, index) => {
      const column = COLUMNS[index]!;
      doc.fillColor(INK).text(cell, x + 2, top + 2, { width: column.width - 4, align: column.align ?? "left" });
      x += column.width;
    });
    doc.moveTo(left, top + height).lineTo(left + width, top + height).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = top + height;
  };
  const drawHeader = () => drawRow(COLUMNS.map((column) => column.header), { bold: true, fill: "#f1f5f9", header: true });

  drawHeader();
  for (const line of document.lines) {
    drawRow([
      pdfText(line.usageAccountName),
      pdfText(line.serviceName),
      pdfText(line.sku),
      pdfText(line.description),
      pdfText(formatQuantityE4(line.quantityE4)),
      pdfText(line.unit),
      money(line.unitPriceMinor, document.currency),
      money(line.amountMinor, document.currency),
      line.correctsMonth ?? "",
      pdfText(line.note),
    ]);
  }
  if (document.lines.length === 0) {
    doc.font(FONT).fontSize(9).fillColor(MUTED).text("No lines.", left, doc.y + 4);
  }

  // Subtotals per service, then the total.
  const subtotals = subtotalsByService(document.lines);
  const labelWidth = width - 140;
  const sumRow = (label: string, amount: string, bold = false) => {
    if (doc.y + 16 > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
    const top = doc.y;
    doc.font(bold ? BOLD : FONT).fontSize(bold ? 11 : 9).fillColor(INK);
    doc.text(label, left, top, { width: labelWidth, align: "right" });
    doc.text(amount, left + labelWidth, top, { width: 140, align: "right" });
    doc.y = Math.max(doc.y, top + (bold ? 15 : 12));
  };
  doc.y += 10;
  for (const subtotal of subtotals) {
    sumRow(pdfText(`Subtotal ${subtotal.serviceName} (${subtotal.lines} ${subtotal.lines === 1 ? "line" : "lines"})`), money(subtotal.amountMinor, document.currency));
  }
  doc.y += 4;
  sumRow(`Total (${document.currency})`, money(document.totalMinor, document.currency), true);
  doc.y += 12;
  doc.font("Helvetica-Oblique").fontSize(9).fillColor(MUTED).text(NOT_A_TAX_INVOICE, left, doc.y, { width });

  // Every page: its number, the statement it belongs to, and DRAFT on a draft.
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const footerY = doc.page.height - doc.page.margins.bottom - 8;
    const footer = pdfText(`${statementTitle(document)} · ${document.buyer.name} · ${draft ? "DRAFT, not final · " : ""}Page ${index + 1} of ${range.count}`);
    // Written inside the bottom margin: lift it so pdfkit does not start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(7).fillColor(MUTED).text(footer, left, footerY, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
