import "server-only";
import type { AccountKind, AccountStatus, Prisma } from "@/generated/prisma/client";
import { FIRST_PAGE, type Page, type PageRequest } from "@/lib/list-params";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { field, keysetPage, type KeyPart } from "@/server/db/keyset";
import { containsText } from "@/server/db/text-filters";
import { getSellerInReach } from "./get-seller-in-reach";

export interface BuyerRow {
  id: string;
  name: string;
  kind: AccountKind;
  status: AccountStatus;
  /** The book the buyer is on: its own choice, else the seller's default (null: the seller has no book). */
  book: { id: string; name: string; currency: string } | null;
  /** Whether the buyer is on the default book for want of a choice of its own. */
  onDefault: boolean;
  overrideCount: number;
}

type Part = KeyPart<{ id: string; name: string }, Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>;

/** By name, then id (docs/lists.md#order): walks accounts (parent_id, name). */
const BUYER_ORDER: Part[] = [field("name", "string", "asc", (a) => a.name), field("id", "uuid", "asc", (a) => a.id)];

/**
 * A page of a seller's buyers — its direct children — with the book each is on and how many
 * overrides it has (docs/money.md#price-books), paged like every list (docs/lists.md): an MSSP can
 * have 1,000 customers. `q` finds buyers whose name contains it.
 */
export async function listBuyers(
  db: DbTx,
  options: { actor: Actor; sellerId: string; q?: string; page?: PageRequest; pageSize?: number },
): Promise<Page<BuyerRow> & { defaultBook: BuyerRow["book"] }> {
  const seller = await getSellerInReach(db, options.actor, options.sellerId);
  const include = {
    buyerPricing: { where: { sellerAccountId: seller.id }, select: { priceBook: { select: { id: true, name: true, currency: true } } } },
    _count: { select: { priceOverrides: { where: { sellerAccountId: seller.id } } } },
  } satisfies Prisma.AccountInclude;
  const [defaultBook, page] = await Promise.all([
    db.priceBook.findFirst({ where: { accountId: seller.id, defaultKey: { not: null } }, select: { id: true, name: true, currency: true } }),
    keysetPage({
      sort: "name.asc",
      parts: BUYER_ORDER as KeyPart<Prisma.AccountGetPayload<{ include: typeof include }>, Prisma.AccountWhereInput, Prisma.AccountOrderByWithRelationInput>[],
      where: { parentId: seller.id, ...(options.q ? { name: containsText(options.q) } : {}) },
      page: options.page ?? FIRST_PAGE,
      pageSize: options.pageSize ?? 50,
      findMany: (args) => db.account.findMany({ ...args, include }),
      count: (args) => db.account.count({ ...args, orderBy: { parentId: "asc" } }),
    }),
  ]);
  return {
    ...page,
    defaultBook,
    rows: page.rows.map((buyer) => {
      const own = buyer.buyerPricing[0]?.priceBook ?? null;
      return {
        id: buyer.id,
        name: buyer.name,
        kind: buyer.kind,
        status: buyer.status,
        book: own ?? defaultBook,
        onDefault: own === null,
        overrideCount: buyer._count.priceOverrides,
      };
    }),
  };
}
