import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { authOptions } from "@/server/auth/auth-options";
import { loadActor } from "@/server/auth/load-actor";
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "@/server/auth/sessions";
import { changeOwnPassword } from "@/server/users/change-own-password";
import { signOutEverywhere } from "@/server/users/sign-out-everywhere";
import { makeTenant, TEST_PASSWORD } from "../../support/factories";

const sessionActor = (userId: string, sessionId: string, now?: Date) => loadActor(db, userId, { sessionId, now });

describe("sessions", () => {
  it("a session loads its user until it is signed out; the user's other sessions go on", async () => {
    const t = await makeTenant("sess");
    const userId = t.customerAdmin.user.id;
    const first = await startSession(db, { userId });
    const second = await startSession(db, { userId });
    expect((await sessionActor(userId, first))?.sessionId).toBe(first);

    await endSession(db, { sessionId: first });
    expect(await sessionActor(userId, first)).toBeNull();
    expect((await sessionActor(userId, second))?.userId).toBe(userId);
  });

  it("a session id names one user only, and an expired session loads nobody", async () => {
    const t = await makeTenant("sess-other");
    const now = new Date();
    const mine = await startSession(db, { userId: t.customerAdmin.user.id, now });
    expect(await sessionActor(t.msspAdmin.user.id, mine, now)).toBeNull();
    expect(await sessionActor(t.customerAdmin.user.id, mine, new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000 - 1000))).not.toBeNull();
    expect(await sessionActor(t.customerAdmin.user.id, mine, new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000 + 1000))).toBeNull();
  });

  it("next-auth's sign-in records a session in the token, and its sign-out ends it", async () => {
    const t = await makeTenant("sess-nextauth");
    const userId = t.customerAdmin.user.id;
    const token = await authOptions.callbacks!.jwt!({ token: {}, user: { id: userId }, account: null } as never);
    expect(typeof token.sid).toBe("string");
    expect(await sessionActor(userId, token.sid as string)).not.toBeNull();
    // A later request's token is passed through without a new session.
    const again = await authOptions.callbacks!.jwt!({ token, account: null } as never);
    expect(again.sid).toBe(token.sid);
    expect(await db.userSession.count({ where: { userId } })).toBe(1);

    await authOptions.events!.signOut!({ token, session: null } as never);
    expect(await sessionActor(userId, token.sid as string)).toBeNull();
  });

  it("“Sign out everywhere” ends every session of the person, this one included, and is audited", async () => {
    const t = await makeTenant("sess-everywhere");
    const userId = t.customerAdmin.user.id;
    const here = await startSession(db, { userId });
    const there = await startSession(db, { userId });
    const colleague = await startSession(db, { userId: t.msspAdmin.user.id });
    const actor = (await sessionActor(userId, here))!;

    expect(await signOutEverywhere(db, { actor })).toBe(2);
    expect(await sessionActor(userId, here)).toBeNull();
    expect(await sessionActor(userId, there)).toBeNull();
    expect(await sessionActor(t.msspAdmin.user.id, colleague)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "user.signed_out_everywhere", objectId: userId } })).toBe(1);
  });

  it("a password change ends the person's other sessions and keeps the one that made it", async () => {
    const t = await makeTenant("sess-password");
    const userId = t.customerAdmin.user.id;
    const here = await startSession(db, { userId });
    const there = await startSession(db, { userId });
    const actor = (await sessionActor(userId, here))!;
    const newPassword = "a-brand-new-passphrase";
    await changeOwnPassword(db, { actor, input: { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword } });
    expect(await sessionActor(userId, here)).not.toBeNull();
    expect(await sessionActor(userId, there)).toBeNull();
  });
});
