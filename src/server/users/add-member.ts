import "server-only";
import type { Membership } from "@/generated/prisma/client";
import { conflict, isUniqueViolation } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { assertCan } from "@/server/auth/permissions";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import type { AddMemberInput } from "./member-input";

export interface AddMemberResult {
  membership: Membership;
  /** Set when a new portal user was created: shown once to the admin to pass on. */
  temporaryPassword?: string;
}

/**
 * Gives a person a role on an account. An email the portal does not know yet
 * becomes a new user with a temporary password.
 */
export async function addMember(
  db: Db,
  options: { actor: Actor; accountId: string; input: AddMemberInput },
): Promise<AddMemberResult> {
  const { actor, input } = options;
  // Hashing is slow; do it before the transaction so locks are held briefly.
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  try {
    return await db.$transaction(async (tx) => {
      const { account } = await getAccountInReach(tx, actor, options.accountId);
      assertCan(actor, "users:manage", account);
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      const user =
        existing ??
        (await tx.user.create({
          data: { email: input.email, name: input.name ?? input.email.split("@")[0]!, passwordHash },
          select: { id: true },
        }));
      const membership = await tx.membership.create({
        data: { accountId: account.id, userId: user.id, role: input.role },
      });
      await recordAuditEvent(tx, actor, {
        accountId: account.id,
        action: "membership.added",
        objectType: "membership",
        objectId: membership.id,
        after: { email: input.email, role: input.role, newUser: !existing },
      });
      return { membership, temporaryPassword: existing ? undefined : temporaryPassword };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`${input.email} is already a member of this account.`, "ALREADY_MEMBER");
    }
    throw error;
  }
}
