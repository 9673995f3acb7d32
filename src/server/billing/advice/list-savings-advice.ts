import "server-only";
import type { AdviceSubject, AdviceSuggestion, Prisma } from "@/generated/prisma/client";
import { contractLabel } from "@/lib/contract-label";
import type { AdviceFacts } from "@/lib/savings-advice-text";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan, can } from "@/server/auth/permissions";
import { canReachPath, type Actor } from "@/server/auth/reach";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";

export const ADVICE_SUGGESTIONS = ["SUBSCRIPTION", "SMALLER_QUANTITY", "PAYG"] as const satisfies readonly AdviceSuggestion[];

/** What a row of the Savings page shows (docs/money.md#advice): the facts of its sentence, and more. */
export interface SavingsRow extends Omit<AdviceFacts, "subjectName"> {
  id: string;
  account: { id: string; name: string };
  /** The gateway's name and serial, the contract's label, or the service's name. */
  subject: { name: string; detail: string };
  /** The current licence in words, e.g. "Pay-As-You-Go (plan Retail PAYG)". */
  current: string;
  priceBookName: string;
  costNowMinor: bigint;
  costWithMinor: bigint;
  /** The page that realises the suggestion, when the viewer can open it; else who manages it. */
  action: { href: string; label: string } | { managedBy: string };
}

export interface SavingsAdvicePage {
  page: Page<SavingsRow>;
  /** When the viewer's advice was last computed (the daily run), null before the first run. */
  computedAt: Date | null;
  throughMonth: string | null;
  /** Subjects that could not be compared, by reason (a missing price, no price book) and kind. */
  unpriced: { note: string; counts: { subjectType: AdviceSubject; count: number }[] }[];
}

const include = {
  account: { select: { id: true, name: true, path: true, parentId: true } },
  service: { select: { name: true } },
} satisfies Prisma.SavingsAdviceInclude;
type Loaded = Prisma.SavingsAdviceGetPayload<{ include: typeof include }>;
type Part = KeyPart<Loaded, Prisma.SavingsAdviceWhereInput, Prisma.SavingsAdviceOrderByWithRelationInput>;

/** Largest saving first, then the row id so ties keep one place (docs/lists.md#order). */
const PARTS: Part[] = [field("savingMinor", "bigint", "desc", (row) => row.savingMinor), field("id", "uuid", "asc", (row) => row.id)];

/**
 * The Savings page: the suggestions of the account and every account below it, largest saving
 * first, keyset-paged. Reach is part of the query (the account's path); an account out of reach is
 * not found. Amounts are in each row's own book currency.
 */
export async function listSavingsAdvice(
  db: DbTx,
  options: { actor: Actor; accountId: string; suggestion?: AdviceSuggestion; page?: PageRequest; pageSize: number },
): Promise<SavingsAdvicePage> {
  const { actor } = options;
  const { account } = await getAccountInReach(db, actor, options.accountId);
  assertCan(actor, "usage:read", account);
  const inReach: Prisma.SavingsAdviceWhereInput = { account: { path: { startsWith: account.path } } };
  const where: Prisma.SavingsAdviceWhereInput = {
    AND: [inReach, { suggestion: options.suggestion ? options.suggestion : { not: null } }, { savingMinor: { gt: 0 } }],
  };
  const [page, run, unpriced] = await Promise.all([
    keysetPage({
      sort: "saving.desc",
      parts: PARTS,
      where,
      page: options.page ?? FIRST_PAGE,
      pageSize: options.pageSize,
      findMany: (args) => db.savingsAdvice.findMany({ ...args, include }),
      count: (args) => db.savingsAdvice.count({ ...args, orderBy: { accountId: "asc" } }),
    }),
    db.savingsAdviceRun.findUnique({ where: { accountId: account.id }, select: { computedAt: true, throughMonth: true } }),
    db.savingsAdvice.groupBy({
      by: ["note", "subjectType"],
      where: { AND: [inReach, { costNowMinor: null }] },
      _count: { _all: true },
      orderBy: [{ note: "asc" }, { subjectType: "asc" }],
    }),
  ]);
  const rows = await describeRows(db, actor, page.rows);
  return {
    page: { ...page, rows },
    computedAt: run?.computedAt ?? null,
    throughMonth: run ? run.throughMonth.toISOString().slice(0, 7) : null,
    unpriced: [...new Set(unpriced.map((group) => group.note))].map((note) => ({
      note,
      counts: unpriced.filter((group) => group.note === note).map((group) => ({ subjectType: group.subjectType, count: group._count._all })),
    })),
  };
}

/**
 * The page's rows in words, with the link that realises each suggestion: three lookups for the whole
 * page (gateways with their plans, contracts, the PAYG contracts of services), never one per row.
 */
async function describeRows(db: DbTx, actor: Actor, rows: Loaded[]): Promise<SavingsRow[]> {
  const ids = (type: AdviceSubject) => rows.filter((row) => row.subjectType === type).map((row) => row.subjectId);
  const [gateways, contracts, paygContracts, parents] = await Promise.all([
    db.gateway.findMany({
      where: { id: { in: ids("GATEWAY") } },
      select: {
        id: true,
        name: true,
        serialNumber: true,
        accountId: true,
        lockedToPlan: true,
        plan: { select: { id: true, name: true, accountId: true, sharedWithAccountId: true, account: { select: { path: true } } } },
      },
    }),
    db.contract.findMany({ where: { id: { in: ids("CONTRACT") } }, select: { id: true, number: true, quantity: true } }),
    db.contract.findMany({
      where: {
        OR: rows.filter((row) => row.subjectType === "SERVICE").map((row) => ({ accountId: row.accountId, serviceId: row.serviceId })),
        type: "PAYG",
        canceledAt: null,
      },
      select: { accountId: true, serviceId: true, number: true },
      orderBy: [{ registeredOn: "desc" }, { number: "desc" }],
    }),
    db.account.findMany({
      where: { id: { in: [...new Set(rows.map((row) => row.account.parentId).filter((id): id is string => id !== null))] } },
      select: { id: true, name: true },
    }),
  ]);
  const gatewayById = new Map(gateways.map((gateway) => [gateway.id, gateway]));
  const contractById = new Map(contracts.map((contract) => [contract.id, contract]));
  const parentName = new Map(parents.map((parent) => [parent.id, parent.name]));
  const managedByParent = (row: Loaded) => ({ managedBy: parentName.get(row.account.parentId ?? "") ?? "the account above" });
  const contractsAction = (row: Loaded, href: string, label: string) =>
    can(actor, "contracts:manage", row.account) ? { href, label } : managedByParent(row);

  return rows.map((row) => {
    const common = {
      id: row.id,
      account: { id: row.account.id, name: row.account.name },
      subjectType: row.subjectType,
      serviceName: row.service.name,
      suggestion: row.suggestion!,
      suggestedQuantity: row.suggestedQuantity,
      days: row.days,
      windowDays: row.windowDays,
      deviceDays: row.monthlyDeviceDays.reduce((sum, n) => sum + n, 0),
      peakUnits: row.peakUnits,
      quantity: row.quantity,
      currency: row.currency!,
      priceBookName: row.priceBookName!,
      costNowMinor: row.costNowMinor!,
      costWithMinor: row.costWithMinor!,
      savingMinor: row.savingMinor!,
    };
    if (row.subjectType === "GATEWAY") {
      const gateway = gatewayById.get(row.subjectId);
      const plan = gateway?.lockedToPlan ? gateway.plan : null;
      // The plan's License type when the gateway follows its plan (on the plan's owner, or the child it is shared with), else the gateway's own page.
      const planAccount = plan ? (canReachPath(actor.grants, plan.account.path) ? plan.accountId : plan.sharedWithAccountId) : null;
      const action = !gateway
        ? managedByParent(row)
        : plan && planAccount
          ? { href: `/a/${planAccount}/plans/${plan.id}/licence`, label: `License type of plan ${plan.name}` }
          : plan
            ? { managedBy: "the plan's owner" }
            : { href: `/a/${gateway.accountId}/gateways/${gateway.id}`, label: `Edit gateway ${gateway.name}` };
      return {
        ...common,
        subject: { name: gateway?.name ?? "Removed gateway", detail: gateway?.serialNumber ?? "" },
        current: plan ? `Pay-As-You-Go (plan ${plan.name})` : "Pay-As-You-Go (own licence type)",
        action,
      };
    }
    if (row.subjectType === "CONTRACT") {
      const contract = contractById.get(row.subjectId);
      const label = contract ? contractLabel(contract.number) : "Contract";
      return {
        ...common,
        subject: { name: label, detail: row.service.name },
        current: `Subscription of ${row.quantity ?? contract?.quantity ?? 0} units`,
        action:
          row.suggestion === "PAYG"
            ? contractsAction(row, `/a/${row.accountId}/contracts/new`, `Add a Pay-As-You-Go contract for ${row.account.name}`)
            : contractsAction(row, `/a/${row.accountId}/contracts/${row.subjectId}/edit`, `Edit Contract ${label}`),
      };
    }
    const payg = paygContracts.find((contract) => contract.accountId === row.accountId && contract.serviceId === row.serviceId);
    return {
      ...common,
      subject: { name: row.service.name, detail: "All devices of the account" },
      current: payg ? `Pay-As-You-Go (${contractLabel(payg.number)})` : "Pay-As-You-Go",
      action: contractsAction(row, `/a/${row.accountId}/contracts/new`, `Add a subscription contract for ${row.account.name}`),
    };
  });
}

