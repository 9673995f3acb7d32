import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { invalid } from "@/lib/errors";
import type { Db } from "@/server/db";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/server/auth/password";
import { endUserSessions } from "@/server/auth/sessions";

export const changePasswordSchema = z
  .object({
    currentPassword: text().min(1, "Enter your current password."),
    newPassword: text()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
      .max(200, "Use at most 200 characters."),
    confirmPassword: text(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export async function changeOwnPassword(
  db: Db,
  options: { actor: Actor; input: ChangePasswordInput },
): Promise<void> {
  const { actor, input } = options;
  if (!actor.userId) throw invalid("Only a signed-in person can change a password.");
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw invalid("Your current password is not correct.", {
      currentPassword: ["Your current password is not correct."],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // Whoever else knew the old password is signed out; the browser that changed it stays in.
    await endUserSessions(tx, { userId: user.id, keep: actor.sessionId });
    // One entry per account the user belongs to, so each account's trail shows it.
    for (const grant of actor.grants) {
      await recordAuditEvent(tx, actor, {
        accountId: grant.accountId,
        action: "user.password_changed",
        objectType: "user",
        objectId: user.id,
      });
    }
  });
}
