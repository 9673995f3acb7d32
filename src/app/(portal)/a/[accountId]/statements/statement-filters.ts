import type { StatementStatus } from "@/generated/prisma/enums";
import { isUuid } from "@/lib/ids";
import { isBoundedMonth } from "@/lib/input-schemas";
import { parseListParams, readEnumParam, readStringParam } from "@/lib/list-params";
import type { StatementDirection, StatementFilters } from "@/server/billing/statements/list-statements";

type SearchParams = Record<string, string | string[] | undefined>;

const STATUSES: readonly StatementStatus[] = ["DRAFT", "FINAL"];

/**
 * The Statements list's filters from a URL: the direction (one the account has, else its first),
 * a month (YYYY-MM inside the date window), a buyer (issued only) and Draft/Final. Anything
 * malformed is ignored, as the other lists do (docs/lists.md).
 */
export function parseStatementFilters(params: SearchParams, directions: readonly StatementDirection[]) {
  const list = parseListParams(params, { sortKeys: ["month"] as const, defaultSort: "month", defaultPageSize: 50 });
  const direction = readEnumParam(params, "direction", directions) ?? directions[0]!;
  const month = readStringParam(params, "month");
  const buyer = readStringParam(params, "buyer");
  const filters: StatementFilters = {
    direction,
    month: isBoundedMonth(month) ? month : undefined,
    buyerId: direction === "issued" && isUuid(buyer) ? buyer : undefined,
    status: readEnumParam(params, "status", STATUSES),
  };
  return { list, filters };
}

export function statementFiltersToParams(filters: StatementFilters, directions: readonly StatementDirection[]): Record<string, string | undefined> {
  return {
    direction: directions.length > 1 ? filters.direction : undefined,
    month: filters.month,
    buyer: filters.buyerId,
    status: filters.status,
  };
}
