import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";

export interface MonthlyAssignmentRow {
  id: string;
  /** Place in the renewal order (1 first); null past the counted cap (docs/lists.md#totals). */
  order: number | null;
  clientAccountId: string;
  clientName: string;
  devices: number;
  priority: number | null;
  assignedOn: Date;
}

const assignmentInclude = { client: { select: { name: true } } } satisfies Prisma.MonthlyAssignmentInclude;
type Loaded = Prisma.MonthlyAssignmentGetPayload<{ include: typeof assignmentInclude }>;
type Part = KeyPart<Loaded, Prisma.MonthlyAssignmentWhereInput, Prisma.MonthlyAssignmentOrderByWithRelationInput>;

/**
 * The renewal order (docs/pools-and-points.md#renewal-on-the-1st): explicit priority first (1
 * first, none after every priority), then the oldest assignment, then the id — the order the
 * renewal itself walks, served by monthly_assignments (pool_id, priority, created_at, id).
 */
const RENEWAL_ORDER: Part[] = [
  field("priority", "int", "asc", (a) => a.priority, { nullable: true, nulls: "high" }),
  field("createdAt", "date", "asc", (a) => a.createdAt),
  field("id", "uuid", "asc", (a) => a.id),
];

/**
 * One page of a monthly pool's clients in renewal order ("Clients in renewal order"), 50 a page
 * like every list (docs/pools-and-points.md#clients-in-renewal-order). A client whose devices went
 * to zero is not listed. The caller has loaded the pool's partner in its reach.
 */
export async function listMonthlyAssignments(
  db: DbTx,
  options: { poolId: string; page?: PageRequest; pageSize?: number },
): Promise<Page<MonthlyAssignmentRow>> {
  const page = await keysetPage({
    sort: "renewal.asc",
    parts: RENEWAL_ORDER,
    where: { poolId: options.poolId, devices: { gt: 0 } },
    page: options.page ?? FIRST_PAGE,
    pageSize: options.pageSize ?? 50,
    findMany: (args) => db.monthlyAssignment.findMany({ ...args, include: assignmentInclude }),
    count: (args) => db.monthlyAssignment.count({ ...args, orderBy: { poolId: "asc" } }),
  });
  return {
    ...page,
    rows: page.rows.map((a, index) => ({
      id: a.id,
      order: page.offset === null ? null : page.offset + index + 1,
      clientAccountId: a.clientAccountId,
      clientName: a.client.name,
      devices: a.devices,
      priority: a.priority,
      assignedOn: a.createdAt,
    })),
  };
}
