import { describe, expect, it } from "vitest";
import { tz } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { db } from "@/server/db";
import { queueContractExpiryNotices, contractNoticeSeries } from "@/server/contracts/queue-contract-expiry-notices";
import { createNotice } from "@/server/notifications/create-notice";
import { countUnreadNotices, listNotices, markNoticesRead } from "@/server/notifications/list-notices";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

const day = (iso: string, offset: number) => format(addDays(tz("UTC")(new Date(`${iso}T00:00:00Z`)), offset), "yyyy-MM-dd");

describe("contracts about to expire, through the shared notifications", () => {
  it("30, 7 and 1 day before the last day, each once, run daily or twice a day; after downtime only the latest", async () => {
    const t = await makeTenant("ct-notices");
    const daily = await insertContract({ accountId: t.customer.id, type: "SUBSCRIPTION", registeredOn: "2021-01-01", expiresOn: "2021-12-31" });
    const down = await insertContract({ accountId: t.childMssp.id, type: "SUBSCRIPTION", registeredOn: "2021-01-01", expiresOn: "2021-12-31" });
    const accountIds = [t.customer.id, t.childMssp.id];
    for (let offset = -40; offset <= 2; offset++) {
      const today = day("2021-12-31", offset);
      await queueContractExpiryNotices(db, { now: new Date(`${today}T00:30:00Z`), accountIds: [t.customer.id] });
      await queueContractExpiryNotices(db, { now: new Date(`${today}T12:30:00Z`), accountIds: [t.customer.id] });
      // The second contract's account is only reached after the route was down from 1 to 24 December.
      if (offset < -30 || offset > -7) await queueContractExpiryNotices(db, { now: new Date(`${today}T00:30:00Z`), accountIds });
    }
    const codes = async (contractId: string) =>
      (await db.notice.findMany({ where: { key: { startsWith: contractNoticeSeries(contractId, "2021-12-31") } }, orderBy: [{ createdAt: "asc" }, { key: "asc" }] })).map((n) => [n.key.split(":").pop(), n.status, n.createdAt.toISOString().slice(0, 10)]);
    // No sender ran here, so each queued email is withdrawn (skipped) when the next one comes due.
    expect(await codes(daily.id)).toEqual([
      ["DAYS_30", "SKIPPED", "2021-12-01"],
      ["DAYS_7", "SKIPPED", "2021-12-24"],
      ["DAYS_1", "PENDING", "2021-12-30"],
    ]);
    // After the outage the 30-day notice is only recorded (created skipped on the 25th), the 7-day one queued that day.
    expect(await codes(down.id)).toEqual([
      ["DAYS_30", "SKIPPED", "2021-12-25"],
      ["DAYS_7", "SKIPPED", "2021-12-25"],
      ["DAYS_1", "PENDING", "2021-12-30"],
    ]);
    const downNotices = await db.notice.findMany({ where: { key: { startsWith: contractNoticeSeries(down.id, "2021-12-31") } }, orderBy: { key: "asc" } });
    expect(downNotices.map((n) => [n.key.split(":").pop(), n.lastError?.split(":").pop() ?? null])).toEqual([
      ["DAYS_1", null],
      ["DAYS_30", "DAYS_7"],
      ["DAYS_7", "DAYS_1"],
    ]);
    // The customer has no admin: its partner's admins are emailed.
    const notice = await db.notice.findFirstOrThrow({ where: { key: `${contractNoticeSeries(daily.id, "2021-12-31")}:DAYS_1` } });
    expect(notice.recipients).toEqual([t.customerAdmin.email.toLowerCase()]);
  });

  it("a contract renewed on the same record (expiry moved by the sync) gets the notices of its new term, each once", async () => {
    const t = await makeTenant("ct-renewed");
    // A User Center subscription, as the sync renews: never archived, so the daily lifecycle that
    // other suites run at 2024–2026 instants over every account cannot take it out of the notices.
    const contract = await insertContract({ accountId: t.customer.id, type: "SUBSCRIPTION", source: "USER_CENTER", registeredOn: "2021-04-01", expiresOn: "2022-03-31" });
    const runDaily = async (lastDay: string, from: number, to: number) => {
      for (let offset = from; offset <= to; offset++) {
        await queueContractExpiryNotices(db, { now: new Date(`${day(lastDay, offset)}T00:30:00Z`), accountIds: [t.customer.id] });
      }
    };
    const notices = async () =>
      (await db.notice.findMany({ where: { key: { startsWith: `contract:${contract.id}:expiry` } }, orderBy: [{ createdAt: "asc" }, { key: "asc" }] })).map((n) => n.key.replace(`contract:${contract.id}:expiry:`, ""));
    await runDaily("2022-03-31", -31, 0);
    expect(await notices()).toEqual(["2022-03-31:DAYS_30", "2022-03-31:DAYS_7", "2022-03-31:DAYS_1"]);
    // Renewed for a year (as the User Center sync does): same contract, new expiry date.
    await db.contract.update({ where: { id: contract.id }, data: { expiresOn: new Date("2023-03-31T00:00:00Z") } });
    await runDaily("2022-03-31", 1, 3);
    await runDaily("2023-03-31", -31, 0);
    await runDaily("2023-03-31", -31, 0); // run again: nothing new
    expect(await notices()).toEqual([
      "2022-03-31:DAYS_30",
      "2022-03-31:DAYS_7",
      "2022-03-31:DAYS_1",
      "2023-03-31:DAYS_30",
      "2023-03-31:DAYS_7",
      "2023-03-31:DAYS_1",
    ]);
    const latest = await db.notice.findFirstOrThrow({ where: { key: `${contractNoticeSeries(contract.id, "2023-03-31")}:DAYS_1` } });
    expect(latest.body).toContain("expires on 2023-03-31");
  });
});

describe("the in-app list", () => {
  it("shows the account's and its children's notices, superseded ones hidden, with per-person unread counts", async () => {
    const t = await makeTenant("in-app");
    const make = (accountId: string, key: string, supersedes?: string[]) =>
      db.$transaction((tx) => createNotice(tx, { accountId, key, kind: "test", title: key, body: key, email: true, supersedes, now: new Date(`2030-01-0${key.length}T00:00:00Z`) }));
    await make(t.customer.id, "a");
    await make(t.customer.id, "bb", ["a"]);
    await make(t.mssp.id, "ccc");
    const list = await listNotices(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 10 });
    expect(list.rows.map((row) => row.title)).toEqual(["ccc", "bb"]);
    expect(await countUnreadNotices(db, { actor: t.msspAdmin.actor, accountPath: t.mssp.path })).toBe(2);
    // The navigation's badge counts only up to its cap (docs/notifications.md#unread-badge).
    expect(await countUnreadNotices(db, { actor: t.msspAdmin.actor, accountPath: t.mssp.path, upTo: 1 })).toBe(1);
    expect(await countUnreadNotices(db, { actor: t.customerAdmin.actor, accountPath: t.customer.path })).toBe(1);
    await markNoticesRead(db, { actor: t.customerAdmin.actor, accountId: t.customer.id });
    expect(await countUnreadNotices(db, { actor: t.customerAdmin.actor, accountPath: t.customer.path })).toBe(0);
    expect(await countUnreadNotices(db, { actor: t.msspAdmin.actor, accountPath: t.mssp.path })).toBe(2);
    expect((await listNotices(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, unreadOnly: true, pageSize: 10 })).total).toBe(2);
  });
});
