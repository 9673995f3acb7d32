import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import type { Account, Role } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { requireActor } from "@/server/auth/current-actor";
import type { Actor } from "@/server/auth/reach";
import { can, type Permission } from "@/server/auth/permissions";
import { orNotFound } from "./or-not-found";

export interface PortalContext {
  actor: Actor;
  account: Account;
  role: Role;
  can: (permission: Permission) => boolean;
}

/**
 * The caller and the account named in the URL, for pages. An account that is
 * malformed, missing or out of reach renders the 404 page — the same answer.
 */
export const getPortalContext = cache(async (accountId: string): Promise<PortalContext> => {
  const actor = await requireActor();
  const { account, role } = await orNotFound(getAccountInReach(db, actor, accountId));
  return { actor, account, role, can: (permission) => can(actor, permission, account) };
});

/** Pages a role may not open answer 404 too: the navigation never links to them. */
export async function requirePagePermission(accountId: string, permission: Permission): Promise<PortalContext> {
  const context = await getPortalContext(accountId);
  if (!context.can(permission)) notFound();
  return context;
}
