import "server-only";
import { isoDateToDb } from "@/lib/dates";
import { pageOfRows, type NumberedPage } from "@/lib/numbered-page";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { isSeller } from "./seller-charges";

export interface MoneyRow {
  /** The buyer (a direct child), or the viewed account itself for its own usage. */
  accountId: string;
  accountName: string;
  own: boolean;
  revenueMinor: bigint | null;
  costMinor: bigint | null;
  /** null when either side is missing or they are in different currencies. */
  marginMinor: bigint | null;
  status: "DRAFT" | "FINAL" | null;
}

export interface RollupMoney {
  revenueCurrency: string | null;
  costCurrency: string | null;
  /** When the drafts read here were last computed (the oldest of them); null when all are final. */
  draftsComputedAt: Date | null;
  /** Whether the viewed account pays a seller above it (cost and margin are shown only then). */
  hasSeller: boolean;
  page: NumberedPage<MoneyRow>;
  totals: { revenueMinor: bigint; costMinor: bigint; marginMinor: bigint | null };
}

/** Buyers per page of the money table, like the roll-up's accounts. */
export const MONEY_PAGE = 50;

/**
 * Revenue, cost and margin of a seller's month per buyer (docs/money.md#who-sees-money), read from
 * its statements — the drafts the daily run and every opening keep current, or the finals:
 * - revenue: what each direct child owes the viewed account (its statement to that child);
 * - cost: what the viewed account owes its own seller for that child's tree (the lines of its own
 *   statement from above, grouped by the child holding each line's account);
 * - margin = revenue − cost, when both are in one currency.
 * The viewer reads only statements where the viewed account is seller or buyer: never prices its
 * seller gives anyone else.
 */
export async function getRollupMoney(
  db: DbTx,
  options: { actor: Actor; accountId: string; month: string; page?: string },
): Promise<RollupMoney | null> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "usage:read", account);
  if (!isSeller(account.kind)) return null;
  const month = isoDateToDb(`${options.month}-01`);

  const [children, sold, bought] = await Promise.all([
    db.account.findMany({ where: { parentId: account.id }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db.statement.findMany({
      where: { sellerAccountId: account.id, month },
      select: { accountId: true, status: true, totalMinor: true, currency: true, computedAt: true },
    }),
    account.parentId
      ? db.statement.findFirst({
          where: { sellerAccountId: account.parentId, accountId: account.id, month },
          select: { id: true, status: true, currency: true, computedAt: true },
        })
      : null,
  ]);
  // The cost lines by the child whose tree holds their account ('' = the viewed account's own usage).
  const costByChild = new Map<string, bigint>();
  if (bought) {
    const rows = await db.$queryRaw<{ child: string; amount: bigint }[]>`
      SELECT split_part(substr(a.path, length(${account.path}) + 1), '/', 1) AS child, sum(l.amount_minor)::bigint AS amount
      FROM statement_lines l JOIN accounts a ON a.id = l.usage_account_id
      WHERE l.statement_id = ${bought.id}::uuid AND l.version = ${bought.status}::"StatementStatus"
        AND l.account_id = ${account.id}::uuid
      GROUP BY 1`;
    for (const row of rows) costByChild.set(row.child, row.amount);
  }
  const soldTo = new Map(sold.map((statement) => [statement.accountId, statement]));
  const revenueCurrency = sold[0]?.currency ?? null;
  const costCurrency = bought?.currency ?? null;
  const comparable = revenueCurrency !== null && costCurrency !== null && revenueCurrency === costCurrency;

  const rows: MoneyRow[] = [];
  const ownCost = costByChild.get("");
  if (ownCost !== undefined) {
    rows.push({ accountId: account.id, accountName: `${account.name} (own usage)`, own: true, revenueMinor: null, costMinor: ownCost, marginMinor: null, status: bought!.status });
  }
  for (const child of children) {
    const statement = soldTo.get(child.id);
    const cost = costByChild.get(child.id) ?? null;
    if (!statement && cost === null) continue;
    const revenue = statement?.totalMinor ?? null;
    rows.push({
      accountId: child.id,
      accountName: child.name,
      own: false,
      revenueMinor: revenue,
      costMinor: cost,
      marginMinor: comparable || (bought === null && revenue !== null) ? (revenue ?? 0n) - (cost ?? 0n) : null,
      status: statement?.status ?? bought?.status ?? null,
    });
  }
  const sum = (pick: (row: MoneyRow) => bigint | null) => rows.reduce((total, row) => total + (pick(row) ?? 0n), 0n);
  const revenueMinor = sum((row) => row.revenueMinor);
  const costMinor = sum((row) => row.costMinor);
  const drafts = [...sold, ...(bought ? [bought] : [])].filter((statement) => statement.status === "DRAFT");
  return {
    revenueCurrency,
    costCurrency,
    draftsComputedAt: drafts.length === 0 ? null : new Date(Math.min(...drafts.map((statement) => statement.computedAt.getTime()))),
    hasSeller: account.parentId !== null,
    page: pageOfRows(rows, options.page, MONEY_PAGE),
    totals: { revenueMinor, costMinor, marginMinor: comparable || bought === null ? revenueMinor - costMinor : null },
  };
}
