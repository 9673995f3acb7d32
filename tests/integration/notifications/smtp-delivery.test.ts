import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";
import { deliverDueNotices, MAX_SEND_ATTEMPTS, retryDelayMs, SENDING_STALE_AFTER_MS } from "@/server/notifications/deliver-notices";
import type { Mailer } from "@/server/notifications/mailer";
import { makeTenant, unique } from "../../support/factories";
import { SmtpCatcher } from "../../support/smtp-catcher";

/**
 * The outbox against a real SMTP server on 127.0.0.1: while it is down
 * nothing is lost (the notice waits, with a growing delay), once it is up the
 * notice is sent exactly once — also with two senders racing.
 */

const at = (instant: string) => new Date(instant);
let smtp: SmtpCatcher;
beforeEach(async () => {
  smtp = await new SmtpCatcher().start();
});
afterEach(async () => smtp.stop());

async function queuedNotice(label: string, now: Date) {
  const t = await makeTenant(label);
  const key = unique("test-notice");
  const { notice, created } = await db.$transaction((tx) =>
    createNotice(tx, { accountId: t.customer.id, key, kind: "test", title: `Hello ${key}`, body: "Body text", link: `/a/${t.customer.id}`, email: true, now }),
  );
  expect(created).toBe(true);
  return { t, notice, key };
}

describe("sending notices over SMTP", () => {
  it("SMTP down then up: retried with backoff, then sent once — no loss, no duplicate", async () => {
    const start = at("2030-01-01T10:00:00Z");
    const { t, notice } = await queuedNotice("smtp-down", start);
    // The account's admins receive it (no recipients configured).
    expect(notice.recipients).toEqual([t.customerAdmin.email.toLowerCase()]);
    const deliver = (instant: Date) => deliverDueNotices(db, { now: instant, mailer: smtp.mailer(), accountIds: [t.customer.id] });

    await smtp.stop();
    expect(await deliver(start)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let row = await db.notice.findUniqueOrThrow({ where: { id: notice.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(row.nextAttemptAt).toEqual(new Date(start.getTime() + retryDelayMs(1)));

    // Before the delay is over nothing is tried, whatever the state of the server.
    expect(await deliver(new Date(start.getTime() + 30_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const second = new Date(start.getTime() + retryDelayMs(1));
    expect(await deliver(second)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    row = await db.notice.findUniqueOrThrow({ where: { id: notice.id } });
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt).toEqual(new Date(second.getTime() + retryDelayMs(2)));

    await smtp.start();
    const third = new Date(second.getTime() + retryDelayMs(2));
    expect(await deliver(third)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await deliver(new Date(third.getTime() + 86_400_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    row = await db.notice.findUniqueOrThrow({ where: { id: notice.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 3, sentAt: third, lastError: null });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ subject: notice.title, messageId: `<notice-${notice.id}@msp-license-portal>` });
    expect(smtp.messages[0]!.text).toContain("Body text");
  });

  it("two senders at once send it once", async () => {
    const now = at("2030-02-01T10:00:00Z");
    const { t, notice } = await queuedNotice("smtp-race", now);
    const results = await Promise.all([
      deliverDueNotices(db, { now, mailer: smtp.mailer(), accountIds: [t.customer.id] }),
      deliverDueNotices(db, { now, mailer: smtp.mailer(), accountIds: [t.customer.id] }),
    ]);
    expect(results.map((result) => result.sent).sort()).toEqual([0, 1]);
    expect(smtp.messages.filter((message) => message.subject === notice.title)).toHaveLength(1);
  });

  it("a drain still within its claim is not taken over by a later run, whatever clock that run is given", async () => {
    const now = at("2030-02-15T10:00:00Z");
    const { t, notice: first } = await queuedNotice("smtp-lease", now);
    const second = await db.$transaction((tx) =>
      createNotice(tx, { accountId: t.customer.id, key: unique("test-notice"), kind: "test", title: "Second", body: "x", email: true, now }),
    );
    // The first drain is slow: it stops before its first send until released.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const sending = new Promise<void>((resolve) => (entered = resolve));
    const real = smtp.mailer();
    const slow: Mailer = { describe: "slow", send: async (email) => (entered(), await gate, real.send(email)) };
    const draining = deliverDueNotices(db, { now, mailer: slow, accountIds: [t.customer.id] });
    await sending;
    // A concurrent run (the cron route) hours later by its own clock: the claims are fresh by the database's clock.
    const later = new Date(now.getTime() + 2 * SENDING_STALE_AFTER_MS);
    expect(await deliverDueNotices(db, { now: later, mailer: smtp.mailer(), accountIds: [t.customer.id] })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    release();
    expect(await draining).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(smtp.subjects().sort()).toEqual([first.title, second.notice.title].sort());

    // A claim really left behind (its sender died) is taken again once it is older than the lease.
    const third = await db.$transaction((tx) =>
      createNotice(tx, { accountId: t.customer.id, key: unique("test-notice"), kind: "test", title: "Third", body: "x", email: true, now }),
    );
    await db.$executeRaw`UPDATE notices SET status = 'SENDING', attempts = 1, claimed_at = clock_timestamp() - interval '5 minutes' WHERE id = ${third.notice.id}::uuid`;
    expect(await deliverDueNotices(db, { now: later, mailer: smtp.mailer(), accountIds: [t.customer.id] })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await db.$executeRaw`UPDATE notices SET claimed_at = clock_timestamp() - ${SENDING_STALE_AFTER_MS + 60_000} * interval '1 millisecond' WHERE id = ${third.notice.id}::uuid`;
    expect(await deliverDueNotices(db, { now: later, mailer: smtp.mailer(), accountIds: [t.customer.id] })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await db.notice.findUniqueOrThrow({ where: { id: third.notice.id } })).toMatchObject({ status: "SENT", attempts: 2 });
    expect(smtp.messages).toHaveLength(3);
  });

  it("the same key is one notice, ever: a second createNotice writes nothing", async () => {
    const now = at("2030-03-01T10:00:00Z");
    const { t, key, notice } = await queuedNotice("smtp-key", now);
    const again = await db.$transaction((tx) =>
      createNotice(tx, { accountId: t.customer.id, key, kind: "test", title: "Other", body: "Other", email: true, now }),
    );
    expect(again).toMatchObject({ created: false, notice: { id: notice.id, title: notice.title } });
    expect(await db.notice.count({ where: { accountId: t.customer.id } })).toBe(1);
  });

  it("gives up after the last attempt and shows FAILED", async () => {
    const now = at("2030-04-01T10:00:00Z");
    const { t, notice } = await queuedNotice("smtp-fail", now);
    await smtp.stop();
    vi.spyOn(console, "error").mockImplementation(() => {});
    let instant = now;
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      await deliverDueNotices(db, { now: instant, mailer: smtp.mailer(), accountIds: [t.customer.id] });
      instant = new Date(instant.getTime() + retryDelayMs(attempt));
    }
    expect(await db.notice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ status: "FAILED", attempts: MAX_SEND_ATTEMPTS });
    await smtp.start();
    expect(await deliverDueNotices(db, { now: instant, mailer: smtp.mailer(), accountIds: [t.customer.id] })).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it("configured recipients replace the admins; an in-app notice is never emailed", async () => {
    const now = at("2030-05-01T10:00:00Z");
    const t = await makeTenant("smtp-recipients");
    await db.notificationRecipient.create({ data: { accountId: t.customer.id, email: "ops@customer.example" } });
    const emailed = await db.$transaction((tx) =>
      createNotice(tx, { accountId: t.customer.id, key: "a", kind: "test", title: "To ops", body: "x", email: true, now }),
    );
    const inApp = await db.$transaction((tx) => createNotice(tx, { accountId: t.customer.id, key: "b", kind: "test", title: "In app", body: "x", email: false, now }));
    expect(emailed.notice.recipients).toEqual(["ops@customer.example"]);
    expect(inApp.notice).toMatchObject({ status: "IN_APP", recipients: [] });
    await deliverDueNotices(db, { now, mailer: smtp.mailer(), accountIds: [t.customer.id] });
    expect(smtp.messages.map((message) => [message.subject, (message.to as { text: string }).text])).toEqual([["To ops", "ops@customer.example"]]);
  });
});
