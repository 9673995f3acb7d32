import "server-only";
import type { AccountKind, AccountStatus } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

export interface AccountTreeEntry {
  id: string;
  name: string;
  kind: AccountKind;
  status: AccountStatus;
  /** Depth below the caller's top account, for indenting the switcher. */
  level: number;
}

/**
 * Every account the caller reaches, in tree order (each parent followed by its
 * children sorted by name) for the account switcher.
 */
export async function listReachableAccounts(db: DbTx, actor: Actor): Promise<AccountTreeEntry[]> {
  const accounts = await db.account.findMany({
    where: reachableAccountWhere(actor.grants),
    select: { id: true, name: true, kind: true, status: true, parentId: true },
    orderBy: { name: "asc" },
  });
  return toAccountTree(accounts);
}

/**
 * Accounts (already in name order) in tree order: each parent followed by its
 * children; an account whose parent is not among them is a top entry.
 */
export function toAccountTree(
  accounts: readonly { id: string; name: string; kind: AccountKind; status: AccountStatus; parentId: string | null }[],
): AccountTreeEntry[] {
  const ids = new Set(accounts.map((account) => account.id));
  const byParent = new Map<string | null, (typeof accounts)[number][]>();
  for (const account of accounts) {
    // A parent outside the caller's reach (or not listed) makes this a top entry.
    const key = account.parentId && ids.has(account.parentId) ? account.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), account]);
  }
  const ordered: AccountTreeEntry[] = [];
  const visit = (parentId: string | null, level: number) => {
    for (const account of byParent.get(parentId) ?? []) {
      ordered.push({ id: account.id, name: account.name, kind: account.kind, status: account.status, level });
      visit(account.id, level + 1);
    }
  };
  visit(null, 0);
  return ordered;
}
