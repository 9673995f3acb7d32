import type { Prisma, Role } from "@/generated/prisma/client";

/** One membership of the caller, with the account's tree path. */
export interface Grant {
  accountId: string;
  accountPath: string;
  role: Role;
}

/**
 * The caller as domain functions see them: identity plus usable memberships.
 * An API key acts as ADMIN of its own account, with no user (userId null) and
 * its label in `email` for the audit trail.
 */
export interface Actor {
  userId: string | null;
  email: string;
  name: string;
  grants: Grant[];
  /** The signed-in browser's session (sessions.ts); absent for API keys and scripts. */
  sessionId?: string | null;
  /** The API key a request authenticated with (authenticate-api-key.ts); absent for people and scripts. */
  apiKey?: { id: string; accountId: string; scope: "READ_ONLY" | "READ_WRITE" };
}

/**
 * Accounts at or below any of the caller's memberships. Access flows down the
 * tree only, so a prefix match on the materialised path is the whole rule; it
 * goes inside the query's `where` so an object out of reach is simply absent.
 */
export function reachableAccountWhere(grants: readonly Grant[]): Prisma.AccountWhereInput {
  if (grants.length === 0) return { id: { in: [] } };
  return { OR: grants.map((grant) => ({ path: { startsWith: grant.accountPath } })) };
}

/** Same rule for rows of tenant tables, through their `account` relation. */
export function reachableTenantWhere(grants: readonly Grant[]): { account: Prisma.AccountWhereInput } {
  return { account: reachableAccountWhere(grants) };
}

export function canReachPath(grants: readonly Grant[], accountPath: string): boolean {
  return grants.some((grant) => accountPath.startsWith(grant.accountPath));
}

const ROLE_STRENGTH: Record<Role, number> = { ADMIN: 3, VIEWER: 2, BILLING: 1 };

/**
 * The caller's role on an account: the strongest of the memberships at or above
 * it (an ADMIN of an MSSP is ADMIN of every child, whatever else they hold).
 */
export function effectiveRole(grants: readonly Grant[], accountPath: string): Role | null {
  let best: Role | null = null;
  for (const grant of grants) {
    if (!accountPath.startsWith(grant.accountPath)) continue;
    if (best === null || ROLE_STRENGTH[grant.role] > ROLE_STRENGTH[best]) best = grant.role;
  }
  return best;
}

export function childPath(parentPath: string, childId: string): string {
  return `${parentPath}${childId}/`;
}

export function rootPath(accountId: string): string {
  return `/${accountId}/`;
}

/** "/a/b/c/" → "/a/b/"; null for a root account. */
export function parentPathOf(path: string): string | null {
  const parts = path.split("/").filter(Boolean);
  if (parts.length <= 1) return null;
  return `/${parts.slice(0, -1).join("/")}/`;
}
