import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { dbDateToIso } from "@/lib/dates";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import { loadAssignmentUsage, type AssignmentUsage } from "./annual-usage";

export interface AnnualAssignmentRow {
  id: string;
  clientAccountId: string;
  clientName: string;
  product: string;
  years: number;
  quantity: number;
  initialQuantity: number;
  startsOn: string;
  endsOn: string;
  usage: AssignmentUsage;
}

const assignmentInclude = {
  client: { select: { name: true } },
  pool: { select: { years: true, service: { select: { name: true } } } },
} satisfies Prisma.PoolAssignmentInclude;
type Loaded = Prisma.PoolAssignmentGetPayload<{ include: typeof assignmentInclude }>;
type Part = KeyPart<Loaded, Prisma.PoolAssignmentWhereInput, Prisma.PoolAssignmentOrderByWithRelationInput>;

/** Newest first; the id keeps assignments made in one instant in one order (docs/lists.md#order). */
const ASSIGNMENT_ORDER: Part[] = [field("createdAt", "date", "desc", (a) => a.createdAt), field("id", "uuid", "desc", (a) => a.id)];

/**
 * One page of a partner's annual assignments ("Assigned licences"), newest first, with the
 * activity behind each (docs/pools-and-points.md#assigned-licences). The activity is measured
 * for the page's rows only: every row's figures depend on its own client's assignments and
 * days. The caller has loaded the partner in its reach; the rows are the partner's own.
 */
export async function listAnnualAssignments(
  db: DbTx,
  options: { partnerId: string; page?: PageRequest; pageSize?: number; now: Date; strictCursor?: boolean },
): Promise<Page<AnnualAssignmentRow>> {
  const page = await keysetPage({
    sort: "assigned.desc",
    parts: ASSIGNMENT_ORDER,
    where: { accountId: options.partnerId },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize ?? 50,
    strictCursor: options.strictCursor,
    findMany: (args) => db.poolAssignment.findMany({ ...args, include: assignmentInclude }),
    count: (args) => db.poolAssignment.count({ ...args, orderBy: { accountId: "asc" } }),
  });
  const usage = await loadAssignmentUsage(db, { assignmentIds: page.rows.map((a) => a.id), now: options.now });
  return {
    ...page,
    rows: page.rows.map((a) => ({
      id: a.id,
      clientAccountId: a.clientAccountId,
      clientName: a.client.name,
      product: a.pool.service.name,
      years: a.pool.years,
      quantity: a.quantity,
      initialQuantity: a.initialQuantity,
      startsOn: dbDateToIso(a.startsOn),
      endsOn: dbDateToIso(a.endsOn),
      usage: usage.get(a.id)!,
    })),
  };
}
