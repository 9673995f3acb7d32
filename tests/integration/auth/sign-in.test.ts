import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import {
  GENERIC_SIGN_IN_ERROR,
  MAX_FAILURES_PER_EMAIL,
  THROTTLED_SIGN_IN_ERROR,
  verifyCredentials,
} from "@/server/auth/verify-credentials";
import { makeTenant, TEST_PASSWORD, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

describe("signing in", () => {
  it("accepts the right password (email in any case) and records the sign-in", async () => {
    const t = await makeTenant();
    const result = await verifyCredentials(db, { email: ` ${t.customerAdmin.email.toUpperCase()} `, password: TEST_PASSWORD, clientKey: unique("c") });
    expect(result.userId).toBe(t.customerAdmin.user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: result.userId } })).lastSignInAt).not.toBeNull();
  });

  it("answers the same for an unknown email and a wrong password", async () => {
    const t = await makeTenant();
    const unknown = await expectAppError(verifyCredentials(db, { email: `${unique("nobody")}@example.test`, password: "x", clientKey: unique("c") }), "UNAUTHENTICATED");
    const wrong = await expectAppError(verifyCredentials(db, { email: t.customerAdmin.email, password: "wrong", clientKey: unique("c") }), "UNAUTHENTICATED");
    expect(unknown.message).toBe(GENERIC_SIGN_IN_ERROR);
    expect(wrong.message).toBe(GENERIC_SIGN_IN_ERROR);
  });

  it("slows down repeated failures: after the limit even the right password waits, for known and unknown emails alike", async () => {
    const t = await makeTenant();
    const now = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      await expectAppError(verifyCredentials(db, { email: t.customerAdmin.email, password: "wrong", clientKey: unique("c"), now }), "UNAUTHENTICATED");
    }
    const throttled = await expectAppError(
      verifyCredentials(db, { email: t.customerAdmin.email, password: TEST_PASSWORD, clientKey: unique("c"), now }),
      "RATE_LIMITED",
    );
    expect(throttled.message).toBe(THROTTLED_SIGN_IN_ERROR);

    const ghost = `${unique("ghost")}@example.test`;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      await expectAppError(verifyCredentials(db, { email: ghost, password: "x", clientKey: unique("c"), now }), "UNAUTHENTICATED");
    }
    await expectAppError(verifyCredentials(db, { email: ghost, password: "x", clientKey: unique("c"), now }), "RATE_LIMITED");

    // The window passes: the right password works again.
    const later = new Date(now.getTime() + 16 * 60_000);
    await expect(verifyCredentials(db, { email: t.customerAdmin.email, password: TEST_PASSWORD, clientKey: unique("c"), now: later })).resolves.toBeTruthy();
  });

  it("throttles one client trying many emails", async () => {
    const clientKey = unique("client");
    const now = new Date();
    for (let i = 0; i < 20; i += 1) {
      await expectAppError(verifyCredentials(db, { email: `${unique("spray")}@example.test`, password: "x", clientKey, now }), "UNAUTHENTICATED");
    }
    await expectAppError(verifyCredentials(db, { email: `${unique("spray")}@example.test`, password: "x", clientKey, now }), "RATE_LIMITED");
  });
});
