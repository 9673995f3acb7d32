import { monthName } from "@/lib/dates";
import type { StatementStatus } from "@/generated/prisma/enums";

/**
 * A statement as its files and page show it (docs/money.md#statements): who bills whom, for which
 * month, its lines as billed, subtotals per service and the total. Built from the stored rows
 * (a final statement) or from a fresh computation (a draft); the renderers read nothing else, so
 * a final statement's files depend on what was stored when it became final and on nothing else.
 */
export interface StatementDocument {
  status: StatementStatus;
  /** e.g. "BW-2026-00042"; null while a draft. */
  number: string | null;
  /** "YYYY-MM" */
  month: string;
  currency: string;
  priceBookName: string;
  seller: StatementParty;
  buyer: StatementParty;
  lines: StatementDocumentLine[];
  totalMinor: bigint;
  /** When a draft's lines were computed, or when the statement became final: the files' dates. */
  issuedAt: Date;
}

export interface StatementParty {
  name: string;
  address: string;
}

export interface StatementDocumentLine {
  position: number;
  usageAccountId: string;
  usageAccountName: string;
  serviceName: string;
  sku: string;
  description: string;
  quantityE4: bigint;
  unit: string;
  unitPriceMinor: bigint;
  amountMinor: bigint;
  /** "YYYY-MM" of the month an adjustment corrects. */
  correctsMonth: string | null;
  note: string;
  lineKey: string;
}

export interface ServiceSubtotal {
  serviceName: string;
  lines: number;
  amountMinor: bigint;
}

/** Each service's lines and amount, by service name (the lines are already in service order per account). */
export function subtotalsByService(lines: readonly Pick<StatementDocumentLine, "serviceName" | "amountMinor">[]): ServiceSubtotal[] {
  const byService = new Map<string, ServiceSubtotal>();
  for (const line of lines) {
    const subtotal = byService.get(line.serviceName) ?? { serviceName: line.serviceName, lines: 0, amountMinor: 0n };
    subtotal.lines += 1;
    subtotal.amountMinor += line.amountMinor;
    byService.set(line.serviceName, subtotal);
  }
  return [...byService.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName));
}

export { monthName };

/** The statement's name on screens and in file names: its number, or "Draft" with the month. */
export function statementTitle(document: Pick<StatementDocument, "number" | "month">): string {
  return document.number ?? `Draft statement ${monthName(document.month)}`;
}

/** An ASCII file name (it travels in a header): "statement-BW-2026-00042.pdf" or "statement-draft-2026-06-<buyer>.pdf". */
export function statementFileName(document: Pick<StatementDocument, "number" | "month" | "buyer">, extension: string): string {
  const base = document.number ?? `draft-${document.month}-${document.buyer.name}`;
  return `statement-${base.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "")}.${extension}`;
}

/** Printed on every statement and file: no tax is computed (docs/money.md#statements). */
export const NOT_A_TAX_INVOICE = "Not a tax invoice: no tax is computed on this statement.";
