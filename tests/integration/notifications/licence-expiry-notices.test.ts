import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tz } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { db } from "@/server/db";
import { deliverDueNotices } from "@/server/notifications/deliver-notices";
import { licenceNoticeSeries } from "@/server/locations/run-location-licence-lifecycle";
import { provisionedLicence } from "../../support/location-factories";
import { SmtpCatcher } from "../../support/smtp-catcher";

/**
 * Expiry notices of a location licence (docs/location-licences.md#licence-expiry-notices) through the scheduled
 * work — the lifecycle queues, the sender emails over SMTP to a real local
 * server — run daily, twice a day, or with three days of downtime. Each
 * notice is emailed at most once; after downtime only the most recent due one
 * is sent and the ones it supersedes are recorded as skipped.
 */

const smtp = new SmtpCatcher();
beforeAll(async () => void (await smtp.start()));
afterAll(async () => smtp.stop());

const utc = tz("UTC");
const day = (iso: string, offset: number) => format(addDays(utc(new Date(`${iso}T00:00:00Z`)), offset), "yyyy-MM-dd");

/** A licence in use that ends on 2023-03-15 (started 2022-03-15, 1 year). */
async function licenceEndingMarch15(label: string) {
  const world = await provisionedLicence({ label, years: 1, provisionedAt: "2022-03-15T08:00:00Z" });
  await world.connect("2022-03-15", 5);
  await world.run("2022-03-15T23:00:00Z");
  const licence = await world.reload();
  expect(licence.endsOn?.toISOString().slice(0, 10)).toBe("2023-03-15");
  const tick = async (instant: string) => {
    await world.run(instant);
    await deliverDueNotices(db, { now: new Date(instant), mailer: smtp.mailer(), accountIds: [world.t.customer.id] });
  };
  const notices = () =>
    db.notice.findMany({ where: { accountId: world.t.customer.id, key: { startsWith: licenceNoticeSeries(licence.id) } }, orderBy: { key: "asc" } });
  const mailed = () => smtp.subjects().filter((subject) => subject.includes(licence.key));
  return { world, licence, tick, notices, mailed };
}

const statusByCode = (rows: { key: string; status: string }[]) => Object.fromEntries(rows.map((row) => [row.key.split(":").pop(), row.status]));

describe("licence expiry notices", () => {
  it("run daily: the six notices, each emailed once, on its own day", async () => {
    const { tick, notices, mailed, licence } = await licenceEndingMarch15("daily");
    const sentOn: Record<string, string> = {};
    for (let offset = -40; offset <= 3; offset++) {
      const today = day("2023-03-15", offset);
      const before = new Set(mailed());
      await tick(`${today}T00:30:00Z`);
      for (const subject of mailed()) if (!before.has(subject)) sentOn[subject] = today;
    }
    expect(mailed()).toHaveLength(6);
    expect(sentOn).toEqual({
      [`Licence ${licence.key} ends in 1 month`]: "2023-02-15",
      [`Licence ${licence.key} ends in 15 days`]: "2023-02-28",
      [`Licence ${licence.key} ends in 7 days`]: "2023-03-08",
      [`Licence ${licence.key} ends tomorrow`]: "2023-03-14",
      [`Licence ${licence.key} ends today: service cut off`]: "2023-03-15",
      [`Renew licence ${licence.key}`]: "2023-03-16",
    });
    expect(statusByCode(await notices())).toEqual({ MONTH_BEFORE: "SENT", DAYS_15: "SENT", DAYS_7: "SENT", DAY_1: "SENT", END: "SENT", RENEWAL: "SENT" });
    // The emails went to the organisation's and the partner's admins, with the distributor to contact.
    const renewal = smtp.messages.find((message) => message.subject === `Renew licence ${licence.key}`)!;
    expect(renewal.text).toContain("please contact the distributor");
    expect(renewal.text).toMatch(/Open in the portal: http.*\/licences\//);
  });

  it("run twice a day: still each notice once", async () => {
    const { tick, notices, mailed } = await licenceEndingMarch15("twice");
    for (let offset = -32; offset <= 2; offset++) {
      const today = day("2023-03-15", offset);
      await tick(`${today}T00:30:00Z`);
      await tick(`${today}T12:30:00Z`);
    }
    expect(mailed()).toHaveLength(6);
    expect(new Set(mailed()).size).toBe(6);
    expect((await notices()).every((notice) => notice.status === "SENT" && notice.attempts === 1)).toBe(true);
  });

  it("after three days of downtime only the most recent due notice is sent; the superseded ones are recorded as skipped", async () => {
    const { tick, notices, mailed, licence } = await licenceEndingMarch15("downtime");
    for (let offset = -32; offset <= 4; offset++) {
      // The route is down on 14, 15 and 16 March: the 1-day, cut-off and renewal notices come due unseen.
      if (offset >= -1 && offset <= 1) continue;
      await tick(`${day("2023-03-15", offset)}T00:30:00Z`);
    }
    expect(mailed()).toEqual([
      `Licence ${licence.key} ends in 1 month`,
      `Licence ${licence.key} ends in 15 days`,
      `Licence ${licence.key} ends in 7 days`,
      `Renew licence ${licence.key}`,
    ]);
    const rows = await notices();
    expect(statusByCode(rows)).toEqual({ MONTH_BEFORE: "SENT", DAYS_15: "SENT", DAYS_7: "SENT", DAY_1: "SKIPPED", END: "SKIPPED", RENEWAL: "SENT" });
    for (const skipped of rows.filter((row) => row.status === "SKIPPED")) {
      expect(skipped).toMatchObject({ skipReason: "SUPERSEDED", sentAt: null, attempts: 0, lastError: `Superseded by ${licenceNoticeSeries(licence.id)}:RENEWAL` });
    }
    expect(rows.find((row) => row.key.endsWith("RENEWAL"))!.sentAt!.toISOString()).toBe("2023-03-17T00:30:00.000Z");
  });

  it("a notice waiting in the outbox is withdrawn when a newer one of the same licence comes due", async () => {
    const { world, notices, licence } = await licenceEndingMarch15("withdrawn");
    // Queued on 14 March but never delivered (no sender ran), then the cut-off notice comes due.
    await world.run("2023-03-14T00:30:00Z");
    await world.run("2023-03-15T00:30:00Z");
    await deliverDueNotices(db, { now: new Date("2023-03-15T00:31:00Z"), mailer: smtp.mailer(), accountIds: [world.t.customer.id] });
    expect(statusByCode(await notices())).toMatchObject({ DAY_1: "SKIPPED", END: "SENT" });
    expect(smtp.subjects().filter((subject) => subject.includes(licence.key))).toEqual([`Licence ${licence.key} ends today: service cut off`]);
  });
});
