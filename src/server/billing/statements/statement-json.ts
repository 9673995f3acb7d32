import { z } from "zod";
import "zod-openapi";
import { chargeLineFields, chargeLineJson, money, moneySchema } from "../charges-json";
import type { StatementView } from "./get-statement";
import type { StatementRow } from "./list-statements";

/* Statements as the API answers them (docs/api.md#statements): a final one exactly as it was finalized. */

const STATUSES = ["DRAFT", "FINAL"] as const;

const statementFields = {
  id: z.guid(),
  number: z.string().nullable().meta({ description: "The seller's number, e.g. BW-2026-00042; null while a draft.", example: "BW-2026-00042" }),
  month: z.string().meta({ description: "YYYY-MM the statement bills.", example: "2026-11" }),
  status: z.enum(STATUSES).meta({ description: "DRAFT while the month is open (recomputed), FINAL once it is final (never changes)." }),
  sellerAccountId: z.guid(),
  buyerAccountId: z.guid(),
  total: moneySchema,
};

export const statementSummarySchema = z
  .object({
    ...statementFields,
    counterparty: z.string().meta({ description: "The buyer of an issued statement, the seller of a received one, by the name printed on it." }),
  })
  .meta({ id: "StatementSummary" });

export function statementSummaryJson(row: StatementRow): z.input<typeof statementSummarySchema> {
  return {
    id: row.id,
    number: row.number,
    month: row.month,
    status: row.status,
    sellerAccountId: row.sellerAccountId,
    buyerAccountId: row.buyerAccountId,
    total: money(row.totalMinor, row.currency),
    counterparty: row.counterparty,
  };
}

const partySchema = z.object({ name: z.string(), address: z.string() });

export const statementSchema = z
  .object({
    ...statementFields,
    currency: z.string().length(3),
    priceBook: z.string(),
    seller: partySchema,
    buyer: partySchema,
    computedAt: z.iso.datetime().meta({ description: "When a draft's lines were computed (opening a draft recomputes it)." }),
    finalizedAt: z.iso.datetime().nullable(),
    lines: z.array(z.object({ position: z.int(), ...chargeLineFields })),
  })
  .meta({ id: "Statement" });

export function statementJson(view: StatementView & { sellerAccountId: string; buyerAccountId: string }): z.input<typeof statementSchema> {
  const { document } = view;
  const currency = document.currency;
  return {
    id: view.id,
    number: document.number,
    month: document.month,
    status: document.status,
    sellerAccountId: view.sellerAccountId,
    buyerAccountId: view.buyerAccountId,
    total: money(document.totalMinor, currency),
    currency,
    priceBook: document.priceBookName,
    seller: document.seller,
    buyer: document.buyer,
    computedAt: view.computedAt.toISOString(),
    finalizedAt: view.finalizedAt?.toISOString() ?? null,
    lines: document.lines.map((line) => ({ position: line.position, ...chargeLineJson(line, currency) })),
  };
}
