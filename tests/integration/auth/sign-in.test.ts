import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import {
  CLIENT_MAX_FAILURES_PER_DAY,
  CLIENT_MAX_FAILURES_PER_HOUR,
  EMAIL_ATTACK_FAILURES_PER_HOUR,
  GENERIC_SIGN_IN_ERROR,
  PAIR_FIRST_DELAY_SECONDS,
  PAIR_FREE_FAILURES,
  THROTTLED_SIGN_IN_ERROR,
  verifyCredentials,
} from "@/server/auth/verify-credentials";
import { makeTenant, TEST_PASSWORD, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
const wrong = (email: string, clientKey: string, now: Date) =>
  expectAppError(verifyCredentials(db, { email, password: "wrong", clientKey, now }), "UNAUTHENTICATED");
const throttled = (email: string, password: string, clientKey: string, now: Date) =>
  expectAppError(verifyCredentials(db, { email, password, clientKey, now }), "RATE_LIMITED");
const signsIn = (email: string, clientKey: string, now: Date) =>
  expect(verifyCredentials(db, { email, password: TEST_PASSWORD, clientKey, now })).resolves.toHaveProperty("userId");

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
    const wrongPassword = await expectAppError(verifyCredentials(db, { email: t.customerAdmin.email, password: "wrong", clientKey: unique("c") }), "UNAUTHENTICATED");
    expect(unknown.message).toBe(GENERIC_SIGN_IN_ERROR);
    expect(wrongPassword.message).toBe(GENERIC_SIGN_IN_ERROR);
  });
});

describe("throttling by email and client address", () => {
  it("an address that keeps failing for an email waits longer each time, for the right password too; known and unknown emails alike", async () => {
    const t = await makeTenant();
    const ghost = `${unique("ghost")}@example.test`;
    for (const email of [t.customerAdmin.email, ghost]) {
      const attacker = unique("attacker");
      const now = new Date();
      for (let i = 0; i < PAIR_FREE_FAILURES; i += 1) await wrong(email, attacker, now);
      const refused = await throttled(email, TEST_PASSWORD, attacker, now);
      expect(refused.message).toBe(THROTTLED_SIGN_IN_ERROR);
      await throttled(email, TEST_PASSWORD, attacker, at(now, PAIR_FIRST_DELAY_SECONDS - 1));
      // The first wait is over: one more try, which fails and doubles the wait.
      const second = at(now, PAIR_FIRST_DELAY_SECONDS + 1);
      await wrong(email, attacker, second);
      await throttled(email, "wrong", attacker, at(second, 2 * PAIR_FIRST_DELAY_SECONDS - 1));
      await wrong(email, attacker, at(second, 2 * PAIR_FIRST_DELAY_SECONDS + 1));
    }
  });

  it("the owner, from an address that never failed, signs in while another address hammers the email", async () => {
    const t = await makeTenant();
    const email = t.customerAdmin.email;
    const now = new Date();
    const attacker = unique("attacker");
    for (let i = 0; i < PAIR_FREE_FAILURES; i += 1) await wrong(email, attacker, now);
    for (let i = 0; i < 10; i += 1) await throttled(email, "guess", attacker, at(now, i));
    await signsIn(email, unique("owner"), at(now, 10));
    // The attacker's own address stays held back, even now that the owner signed in elsewhere.
    await throttled(email, TEST_PASSWORD, attacker, at(now, 11));
  });

  it("under attack from many addresses, each new address gets one free failure, and the owner still signs in", async () => {
    const t = await makeTenant();
    const email = t.customerAdmin.email;
    const now = new Date();
    for (let i = 0; i < EMAIL_ATTACK_FAILURES_PER_HOUR; i += 1) await wrong(email, unique("bot"), now);
    const bot = unique("bot");
    await wrong(email, bot, at(now, 1));
    await throttled(email, "guess", bot, at(now, 2));
    await signsIn(email, unique("owner"), at(now, 3));
  });

  it("signing in clears an address's failures for that email", async () => {
    const t = await makeTenant();
    const email = t.customerAdmin.email;
    const client = unique("typo");
    const now = new Date();
    for (let i = 0; i < PAIR_FREE_FAILURES - 1; i += 1) await wrong(email, client, now);
    await signsIn(email, client, at(now, 1));
    for (let i = 0; i < PAIR_FREE_FAILURES; i += 1) await wrong(email, client, at(now, 2));
    await throttled(email, TEST_PASSWORD, client, at(now, 3));
  });

  it("after a day an address's failures are forgotten", async () => {
    const t = await makeTenant();
    const email = t.customerAdmin.email;
    const client = unique("c");
    const now = new Date();
    for (let i = 0; i < PAIR_FREE_FAILURES + 3; i += 1) await wrong(email, client, at(now, i * 3600));
    await throttled(email, TEST_PASSWORD, client, at(now, (PAIR_FREE_FAILURES + 2) * 3600 + 1));
    await signsIn(email, client, at(now, (PAIR_FREE_FAILURES + 3) * 3600 + 25 * 3600));
  });
});

describe("throttling password spraying (many emails from one address)", () => {
  it("an address failing for many emails within an hour is held back for every other email, the right password too", async () => {
    const t = await makeTenant();
    const sprayer = unique("sprayer");
    const now = new Date();
    for (let i = 0; i < CLIENT_MAX_FAILURES_PER_HOUR; i += 1) await wrong(`${unique("spray")}@example.test`, sprayer, at(now, i * 60));
    const refused = await throttled(t.customerAdmin.email, TEST_PASSWORD, sprayer, at(now, 30 * 60));
    expect(refused.message).toBe(THROTTLED_SIGN_IN_ERROR);
    await throttled(`${unique("spray")}@example.test`, "x", sprayer, at(now, 30 * 60));
    // Other addresses are not affected.
    await signsIn(t.customerAdmin.email, unique("other"), at(now, 30 * 60));
  });

  it("slow spraying, under the hourly limit, is held back by the daily one", async () => {
    const t = await makeTenant();
    const sprayer = unique("slow");
    const start = new Date(Date.now() - 24 * 3600 * 1000);
    const step = Math.floor((23 * 3600) / CLIENT_MAX_FAILURES_PER_DAY);
    for (let i = 0; i < CLIENT_MAX_FAILURES_PER_DAY; i += 1) await wrong(`${unique("slow")}@example.test`, sprayer, at(start, i * step));
    const after = at(start, CLIENT_MAX_FAILURES_PER_DAY * step);
    await throttled(t.customerAdmin.email, TEST_PASSWORD, sprayer, after);
    // A day after the spraying stopped, the address is free again.
    await signsIn(t.customerAdmin.email, sprayer, at(after, 25 * 3600));
  });

  it("a held-back address still signs in as an email it signed in as before (a shared office address)", async () => {
    const t = await makeTenant();
    const office = unique("office");
    const now = new Date();
    await signsIn(t.customerAdmin.email, office, now);
    for (let i = 0; i < CLIENT_MAX_FAILURES_PER_HOUR; i += 1) await wrong(`${unique("spray")}@example.test`, office, at(now, 1));
    await throttled(t.msspViewer.email, TEST_PASSWORD, office, at(now, 2));
    await signsIn(t.customerAdmin.email, office, at(now, 3));
  });

  it("without a known address only the per-(email, address) limit applies: an unknown address holds back no one as a whole", async () => {
    const t = await makeTenant();
    const now = new Date();
    for (let i = 0; i < CLIENT_MAX_FAILURES_PER_HOUR; i += 1) {
      await expectAppError(verifyCredentials(db, { email: `${unique("spray")}@example.test`, password: "x", clientKey: null, now }), "UNAUTHENTICATED");
    }
    await expect(verifyCredentials(db, { email: t.customerAdmin.email, password: TEST_PASSWORD, clientKey: null, now: at(now, 1) })).resolves.toBeTruthy();
  });
});
