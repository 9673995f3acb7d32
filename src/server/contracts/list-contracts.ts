import "server-only";
import { ContractType, type ContractSource, type ContractStatus, type Prisma } from "@/generated/prisma/client";
import { dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import { field, keysetOrderBy, keysetPage, relationField, type KeyPart } from "@/server/db/keyset";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { assertCan, can } from "@/server/auth/permissions";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { addDaysIso } from "@/lib/dates";
import { ABOUT_TO_EXPIRE_DAYS, deriveContractStatus, allowedEdits, checkArchiveContract, checkCancelContract, type AllowedEdits } from "./contract-rules";
import { contractLabel } from "@/lib/contract-label";
import { contractFacts, getContractInReach } from "./get-contract-in-reach";
import { countedRows, once, type CountedRows } from "@/lib/counted-rows";

export const CONTRACT_SORTS = ["service", "type", "status", "registeredOn", "expiresOn", "contractId"] as const;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

export interface ContractFilters {
  type?: ContractType;
  status?: ContractStatus;
  serviceId?: string;
  showArchived: boolean;
  sort: ContractSort;
  dir: "asc" | "desc";
}

export interface ContractRow {
  id: string;
  accountId: string;
  contractId: string;
  serviceId: string;
  serviceName: string;
  serviceStatus: "ACTIVE" | "REQUIRES_ACTIVATION";
  type: ContractType;
  source: ContractSource;
  status: ContractStatus;
  packageSku: string;
  packageName: string;
  addOns: { sku: string; name: string }[];
  quantity: number;
  registeredOn: string;
  expiresOn: string | null;
  userCenterId: string | null;
  syncedAt: Date | null;
  archived: boolean;
  trialExpiryAction: "CONVERT" | "EXPIRE" | null;
  cancelReason: string | null;
  /** What the caller may do with it right now (the server checks again on submit). */
  actions: { edit: AllowedEdits; cancel: boolean; archive: boolean };
}

/**
 * The status filter becomes date ranges in the account's timezone, so the list
 * filters on the same derived status the screen shows (never a stale column).
 */
function statusWhere(status: ContractStatus | undefined, today: string): Prisma.ContractWhereInput {
  if (!status) return {};
  if (status === "CANCELED") return { canceledAt: { not: null } };
  const day = (iso: string) => isoDateToDb(iso);
  const limit = addDaysIso(today, ABOUT_TO_EXPIRE_DAYS);
  const live = { canceledAt: null };
  if (status === "EXPIRED") return { ...live, expiresOn: { lt: day(today) } };
  if (status === "ABOUT_TO_EXPIRE") return { ...live, expiresOn: { gte: day(today), lte: day(limit) } };
  return { ...live, OR: [{ expiresOn: null }, { expiresOn: { gt: day(limit) } }] };
}

const flip = (dir: "asc" | "desc") => (dir === "asc" ? "desc" : "asc");

type Part = KeyPart<ContractWithParts, Prisma.ContractWhereInput, Prisma.ContractOrderByWithRelationInput>;

/** Each sort's key, ending with the unique contract number so ties keep one order (docs/lists.md#order). */
const ORDER: Record<ContractSort, (dir: "asc" | "desc") => Part[]> = {
  service: (dir) => [relationField("service", "name", dir, (c) => c.service.name)],
  type: (dir) => [field("type", { enum: Object.values(ContractType) }, dir, (c) => c.type)],
  // Derived status in date terms: live before canceled, and among live ones a later
  // expiry first — ACTIVE, then ABOUT_TO_EXPIRE, then EXPIRED, then CANCELED.
  status: (dir) => [
    field("canceledAt", "date", dir, (c) => c.canceledAt, { nullable: true, nulls: "low" }),
    field("expiresOn", "date", flip(dir), (c) => c.expiresOn, { nullable: true, nulls: "high" }),
  ],
  registeredOn: (dir) => [field("registeredOn", "date", dir, (c) => c.registeredOn)],
  expiresOn: (dir) => [field("expiresOn", "date", dir, (c) => c.expiresOn, { nullable: true, nulls: dir === "asc" ? "high" : "low" })],
  contractId: () => [],
};

const numberPart = (dir: "asc" | "desc"): Part => field("number", "int", dir, (c) => c.number);

async function contractQuery(db: DbTx, actor: Actor, accountId: string, filters: ContractFilters, now?: Date) {
  const { account } = await getAccountInReach(db, actor, accountId);
  assertCan(actor, "account:read", account);
  const today = todayIn(account.billingTimezone, now);
  const where: Prisma.ContractWhereInput = {
    AND: [
      { accountId: account.id },
      filters.showArchived ? {} : { archivedAt: null },
      filters.type ? { type: filters.type } : {},
      filters.serviceId ? { serviceId: filters.serviceId } : {},
      statusWhere(filters.status, today),
      // User Center contracts stop appearing once expired.
      { OR: [{ source: "PORTAL" }, { expiresOn: null }, { expiresOn: { gte: isoDateToDb(today) } }] },
    ],
  };
  const parts = [...ORDER[filters.sort](filters.dir), numberPart(filters.sort === "contractId" ? filters.dir : "asc")];
  const sort = `${filters.sort}.${filters.dir}`;
  return { account, today, where, sort, parts, orderBy: keysetOrderBy(parts), canManage: can(actor, "contracts:manage", account) };
}

const include = {
  service: { select: { id: true, name: true } },
  package: { select: { sku: true, name: true } },
  addOns: { where: { endedAt: null }, include: { addOn: { select: { sku: true, name: true } } }, orderBy: { addedAt: "asc" } },
} satisfies Prisma.ContractInclude;

type ContractWithParts = Prisma.ContractGetPayload<{ include: typeof include }>;

function toRow(
  contract: ContractWithParts,
  context: { timezone: string; today: string; activeServices: Set<string>; canManage: boolean },
): ContractRow {
  const facts = contractFacts(contract, context.timezone);
  const noEdits = allowedEdits({ ...facts, archived: true }, context.today);
  return {
    id: contract.id,
    accountId: contract.accountId,
    contractId: contractLabel(contract.number),
    serviceId: contract.service.id,
    serviceName: contract.service.name,
    serviceStatus: context.activeServices.has(contract.serviceId) ? "ACTIVE" : "REQUIRES_ACTIVATION",
    type: contract.type,
    source: contract.source,
    status: deriveContractStatus(facts, context.today),
    packageSku: contract.package.sku,
    packageName: contract.package.name,
    addOns: contract.addOns.map((row) => ({ sku: row.addOn.sku, name: row.addOn.name })),
    quantity: contract.quantity,
    registeredOn: dbDateToIso(contract.registeredOn),
    expiresOn: contract.expiresOn ? dbDateToIso(contract.expiresOn) : null,
    userCenterId: contract.source === "USER_CENTER" ? contract.externalId : contract.subscriptionReference,
    syncedAt: contract.syncedAt,
    archived: facts.archived,
    trialExpiryAction: contract.trialExpiryAction,
    cancelReason: contract.cancelReason,
    actions: context.canManage
      ? {
          edit: allowedEdits(facts, context.today),
          cancel: checkCancelContract(facts, context.today) === null,
          archive: checkArchiveContract(facts, context.today) === null,
        }
      : { edit: noEdits, cancel: false, archive: false },
  };
}

async function activeServiceIds(db: DbTx, accountId: string): Promise<Set<string>> {
  const rows = await db.accountService.findMany({ where: { accountId }, select: { serviceId: true } });
  return new Set(rows.map((row) => row.serviceId));
}

/** The "Services & Contracts" tab of an account. */
export async function listContracts(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: ContractFilters; page?: PageRequest; pageSize: number; now?: Date; strictCursor?: boolean },
): Promise<Page<ContractRow> & { canManage: boolean; today: string }> {
  const query = await contractQuery(db, options.actor, options.accountId, options.filters, options.now);
  const [page, activeServices] = await Promise.all([
    keysetPage({
      sort: query.sort,
      parts: query.parts,
      where: query.where,
      page: options.page ?? FIRST_PAGE,
      pageSize: options.pageSize,
      findMany: (args) => db.contract.findMany({ ...args, include }),
      count: (args) => db.contract.count({ ...args, orderBy: { accountId: "asc" } }),
      strictCursor: options.strictCursor,
    }),
    activeServiceIds(db, query.account.id),
  ]);
  const context = { timezone: query.account.billingTimezone, today: query.today, activeServices, canManage: query.canManage };
  return { ...page, rows: page.rows.map((c) => toRow(c, context)), canManage: query.canManage, today: query.today };
}

/** Every matching contract in the list's order, in batches, for exports. */
export function iterateContracts(
  db: DbTx,
  options: { actor: Actor; accountId: string; filters: ContractFilters; batchSize?: number; now?: Date },
): CountedRows<ContractRow> {
  const query = once(() => contractQuery(db, options.actor, options.accountId, options.filters, options.now));
  const batchSize = options.batchSize ?? 500;
  async function* rows(): AsyncGenerator<ContractRow> {
    const { account, today, where, orderBy } = await query();
    const activeServices = await activeServiceIds(db, account.id);
    const context = { timezone: account.billingTimezone, today, activeServices, canManage: false };
    for (let skip = 0; ; skip += batchSize) {
      const contracts = await db.contract.findMany({ where, include, orderBy, skip, take: batchSize });
      for (const contract of contracts) yield toRow(contract, context);
      if (contracts.length < batchSize) return;
    }
  }
  // Counted up to a cap when deciding between a download and a job (docs/exports.md#export-jobs).
  return countedRows(rows(), async (cap) => db.contract.count({ where: (await query()).where, take: cap }));
}

/** One contract as a list row (for API answers after a change). */
export async function getContractRow(db: DbTx, options: { actor: Actor; contractId: string; now?: Date }): Promise<ContractRow> {
  const contract = await getContractInReach(db, options.actor, options.contractId);
  const today = todayIn(contract.account.billingTimezone, options.now);
  return toRow(contract, {
    timezone: contract.account.billingTimezone,
    today,
    activeServices: await activeServiceIds(db, contract.accountId),
    canManage: can(options.actor, "contracts:manage", contract.account),
  });
}
