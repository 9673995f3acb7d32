import "server-only";
import type { StatementStatus } from "@/generated/prisma/enums";
import type { DbTx } from "@/server/db";
import type { ChargeLine } from "../charge-lines";

/** Lines per INSERT: one array per column, so the statement's size does not grow with its parameters. */
const LINES_PER_INSERT = 5_000;

export interface LinesOf {
  statementId: string;
  buyerId: string;
  lines: readonly ChargeLine[];
}

/**
 * Writes the lines of many statements as `version`, numbered from 1 in the order given, in batched
 * INSERT … SELECT FROM unnest(…) statements: a handful of round trips for a seller's thousand buyers,
 * never one per line (docs/money.md#statements).
 */
export async function insertStatementLines(db: DbTx, version: StatementStatus, statements: readonly LinesOf[]): Promise<number> {
  const rows = statements.flatMap((statement) => statement.lines.map((line, index) => ({ statement, line, position: index + 1 })));
  for (let start = 0; start < rows.length; start += LINES_PER_INSERT) {
    const batch = rows.slice(start, start + LINES_PER_INSERT);
    const column = <T>(read: (row: (typeof batch)[number]) => T) => batch.map(read);
    await db.$executeRaw`
      INSERT INTO statement_lines (account_id, statement_id, version, position, service_name, usage_account_name, usage_account_id,
                                   sku, description, quantity_e4, unit, unit_price_minor, amount_minor, corrects_month, note, line_key)
      SELECT u.account_id, u.statement_id, ${version}::"StatementStatus", u.position, u.service_name, u.usage_account_name, u.usage_account_id,
             u.sku, u.description, u.quantity_e4::bigint, u.unit, u.unit_price_minor::bigint, u.amount_minor::bigint,
             (u.corrects_month || '-01')::date, u.note, u.line_key
      FROM unnest(
        ${column((row) => row.statement.buyerId)}::uuid[], ${column((row) => row.statement.statementId)}::uuid[], ${column((row) => row.position)}::int[],
        ${column((row) => row.line.serviceName)}::text[], ${column((row) => row.line.usageAccountName)}::text[], ${column((row) => row.line.usageAccountId)}::uuid[],
        ${column((row) => row.line.sku)}::text[], ${column((row) => row.line.description)}::text[], ${column((row) => row.line.quantityE4.toString())}::text[],
        ${column((row) => row.line.unit)}::text[], ${column((row) => row.line.unitPriceMinor.toString())}::text[], ${column((row) => row.line.amountMinor.toString())}::text[],
        ${column((row) => row.line.correctsMonth)}::text[], ${column((row) => row.line.note)}::text[], ${column((row) => row.line.key)}::text[]
      ) AS u(account_id, statement_id, position, service_name, usage_account_name, usage_account_id, sku, description, quantity_e4, unit,
             unit_price_minor, amount_minor, corrects_month, note, line_key)`;
  }
  return rows.length;
}
