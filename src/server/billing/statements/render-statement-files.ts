import { createHash } from "node:crypto";
import type { StatementFormat } from "@/generated/prisma/enums";
import { renderStatementCsv } from "./render-statement-csv";
import { renderStatementPdf } from "./render-statement-pdf";
import { renderStatementXlsx } from "./render-statement-xlsx";
import type { StatementDocument } from "./statement-document";

export interface RenderedFile {
  format: StatementFormat;
  bytes: Buffer;
  sha256: string;
}

/** What a download of each format is served as. */
export const STATEMENT_FILE_TYPES: Record<StatementFormat, { contentType: string; extension: string; label: string }> = {
  PDF: { contentType: "application/pdf", extension: "pdf", label: "PDF" },
  XLSX: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx", label: "Excel" },
  CSV: { contentType: "text/csv; charset=utf-8", extension: "csv", label: "CSV" },
};

export const STATEMENT_FORMATS: readonly StatementFormat[] = ["PDF", "XLSX", "CSV"];

export async function renderStatementFile(document: StatementDocument, format: StatementFormat): Promise<RenderedFile> {
  const bytes =
    format === "PDF" ? await renderStatementPdf(document) : format === "XLSX" ? await renderStatementXlsx(document) : renderStatementCsv(document);
  return { format, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The three files of a statement, in a fixed order. */
export function renderStatementFiles(document: StatementDocument): Promise<RenderedFile[]> {
  return Promise.all(STATEMENT_FORMATS.map((format) => renderStatementFile(document, format)));
}
