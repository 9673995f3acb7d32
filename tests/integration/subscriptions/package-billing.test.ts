import { describe, expect, it } from "vitest";
import { format } from "date-fns";
import { FIRST_PAGE, type PageRequest } from "@/lib/list-params";
import { tz } from "@date-fns/tz";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { createEndUser } from "@/server/end-users/create-end-user";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createGroup } from "@/server/end-users/create-group";
import { removeGroupMember } from "@/server/end-users/remove-group-member";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { getPackageUsage, listPackageSeats, openPackageSeats, type PackageSeatRow } from "@/server/usage";
import { rollUpPackageMonths } from "@/server/metering/roll-up-package-months";
import { meterDays } from "@/server/metering/meter-days";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { dxPackages, insertDxSubscription, localInstant, makeDxCustomer, sendEvents } from "../../support/subscription-fixtures";

/**
 * Per-package monthly seats of one customer, through a whole month in New
 * York, against an oracle written here in plain TypeScript from what the test
 * did (events sent, who was in which group when) — it knows nothing of the SQL.
 * Rules under test (README "Customers' subscriptions"): an active user counts
 * once for every package assigned to them at any time in the month; an active
 * user with none, and every active standalone endpoint, count for the base
 * package (Core); silent ones are listed, not billed.
 */
const ZONE = "America/New_York";
const MONTH = "2028-05";

interface OracleInput {
  /** device external id → { kind, user external id (paired) } */
  devices: Map<string, { kind: "ENDPOINT" | "USER_SEAT"; user?: string }>;
  sent: { deviceId: string; at: Date }[];
  /** user external id → intervals [from, to) of each package assignment */
  assignments: { user: string; sku: string; from: Date; to: Date | null }[];
  users: string[];
  month: string;
  upTo?: string;
}

function oracle(input: OracleInput) {
  const monthStart = localInstant(`${input.month}-01`, "00:00", ZONE);
  const next = `${input.month.slice(0, 5)}${String(Number(input.month.slice(5)) + 1).padStart(2, "0")}`;
  const monthEnd = localInstant(`${next}-01`, "00:00", ZONE);
  const activeUsers = new Set<string>();
  const activeStandalone = new Set<string>();
  for (const event of input.sent) {
    const day = format(event.at, "yyyy-MM-dd", { in: tz(ZONE) });
    if (!day.startsWith(input.month) || (input.upTo && day > input.upTo)) continue;
    const device = input.devices.get(event.deviceId)!;
    // An unpaired user seat is its own end user (it appears from telemetry).
    const user = device.user ?? (device.kind === "USER_SEAT" ? event.deviceId : undefined);
    if (user) activeUsers.add(user);
    else activeStandalone.add(event.deviceId);
  }
  const covered = (user: string, sku: string) =>
    input.assignments.some((a) => a.user === user && a.sku === sku && a.from < monthEnd && (a.to === null || a.to > monthStart));
  const allUsers = new Set([...input.users, ...activeUsers]);
  // Per seat (a user, or a standalone device): the devices and local days it was active in the month.
  const activity = new Map<string, { devices: Set<string>; days: string[] }>();
  for (const event of input.sent) {
    const day = format(event.at, "yyyy-MM-dd", { in: tz(ZONE) });
    if (!day.startsWith(input.month) || (input.upTo && day > input.upTo)) continue;
    const device = input.devices.get(event.deviceId)!;
    const seat = device.user ?? event.deviceId;
    const entry = activity.get(seat) ?? { devices: new Set<string>(), days: [] };
    entry.devices.add(event.deviceId);
    entry.days.push(day);
    activity.set(seat, entry);
  }
  const line = (kind: string, seat: string, billed: boolean) => {
    const seen = billed ? activity.get(seat)! : undefined;
    const days = seen ? [...seen.days].sort() : [];
    return [kind, seat, billed ? "billed" : "silent", seen?.devices.size ?? 0, days[0] ?? "-", days.at(-1) ?? "-"].join(" ");
  };
  const lines: Record<string, string[]> = {};
  const result: Record<string, { billedSeats: number; pairedUsers: number; standaloneEndpoints: number; silentNotBilled: number }> = {};
  for (const sku of ["DX-CORE", "DX-CORE-PLUS"]) {
    const base = sku === "DX-CORE";
    const users = [...activeUsers].filter((u) => covered(u, sku) || (base && !covered(u, "DX-CORE") && !covered(u, "DX-CORE-PLUS")));
    const standalone = base ? activeStandalone.size : 0;
    const silentUsers = [...allUsers].filter(
      (u) => !activeUsers.has(u) && (covered(u, sku) || (base && !covered(u, "DX-CORE") && !covered(u, "DX-CORE-PLUS"))),
    );
    const silentDevices = base
      ? [...input.devices.entries()].filter(([id, d]) => !d.user && d.kind === "ENDPOINT" && !activeStandalone.has(id)).length
      : 0;
    lines[sku] = [
      ...users.map((u) => line("END_USER", u, true)),
      ...(base ? [...activeStandalone].map((d) => line("STANDALONE_ENDPOINT", d, true)) : []),
      ...silentUsers.map((u) => line("END_USER", u, false)),
      ...(base ? [...input.devices.entries()].filter(([id, d]) => !d.user && d.kind === "ENDPOINT" && !activeStandalone.has(id)).map(([id]) => line("STANDALONE_ENDPOINT", id, false)) : []),
    ].sort();
    result[sku] = {
      billedSeats: users.length + standalone,
      pairedUsers: users.length,
      standaloneEndpoints: standalone,
      silentNotBilled: silentUsers.length + silentDevices,
    };
  }
  return { totals: result, lines };
}

/** The detail as the oracle writes it: per SKU, sorted "kind externalId billed|silent devices first last". */
function detailLines(rows: PackageSeatRow[]): Record<string, string[]> {
  const bySku: Record<string, string[]> = {};
  for (const row of rows) {
    (bySku[row.sku] ??= []).push(
      [row.kind, row.externalId, row.billed ? "billed" : "silent", row.devices, row.firstActiveDay ?? "-", row.lastActiveDay ?? "-"].join(" "),
    );
  }
  for (const list of Object.values(bySku)) list.sort();
  return bySku;
}

/** Every line of the month's detail, read page by page as the Usage/Report page does (10 per page). */
async function allDetailPages(options: { actor: Parameters<typeof listPackageSeats>[1]["actor"]; accountId: string; month: string; now: Date }) {
  const rows: PackageSeatRow[] = [];
  let page: PageRequest = FIRST_PAGE;
  for (;;) {
    const result = await listPackageSeats(db, { ...options, page, pageSize: 10 });
    rows.push(...result.page.rows);
    if (!result.page.next) return { ...result, rows };
    page = { kind: "after", cursor: result.page.next };
  }
}

/** The detail adds up to the totals, package by package. */
function expectDetailMatchesTotals(rows: PackageSeatRow[], packages: { packageId: string; billedSeats: number; pairedUsers: number; standaloneEndpoints: number; silentNotBilled: number }[]) {
  for (const pkg of packages) {
    const mine = rows.filter((row) => row.packageId === pkg.packageId);
    expect({
      billedSeats: mine.filter((row) => row.billed).length,
      pairedUsers: mine.filter((row) => row.billed && row.kind === "END_USER").length,
      standaloneEndpoints: mine.filter((row) => row.billed && row.kind === "STANDALONE_ENDPOINT").length,
      silentNotBilled: mine.filter((row) => !row.billed).length,
    }).toEqual({ billedSeats: pkg.billedSeats, pairedUsers: pkg.pairedUsers, standaloneEndpoints: pkg.standaloneEndpoints, silentNotBilled: pkg.silentNotBilled });
  }
}

describe("monthly seats per package (active utilisation)", () => {
  it("match the oracle mid-month (live) and once rolled up, exactly once", async () => {
    const { t, customer, collector } = await makeDxCustomer("pkg-billing", ZONE);
    const admin = t.msspAdmin.actor;
    const { core, corePlus } = await dxPackages();
    await insertDxSubscription(customer.id, core.id, "2028-04-01");
    await insertDxSubscription(customer.id, corePlus.id, "2028-04-01");
    const at = (day: string, time: string) => localInstant(day, time, ZONE);

    const sales = await createGroup(db, { actor: admin, accountId: customer.id, input: { name: "Sales", description: "" } });
    const everyone = await createGroup(db, { actor: admin, accountId: customer.id, input: { name: "Everyone", description: "" } });
    await attachSubscriptionToGroup(db, { actor: admin, accountId: customer.id, packageId: corePlus.id, groupId: sales.id, now: at("2028-04-01", "09:00") });
    await attachSubscriptionToGroup(db, { actor: admin, accountId: customer.id, packageId: core.id, groupId: everyone.id, now: at("2028-04-01", "09:00") });

    const users = ["alice", "bob", "carol", "dave", "erin", "frank", "gina"];
    const ids: Record<string, string> = {};
    for (const name of users) {
      ids[name] = (await createEndUser(db, { actor: admin, accountId: customer.id, input: { name, externalId: name } })).id;
    }
    const assignments: OracleInput["assignments"] = [];
    const join = async (group: typeof sales, sku: string, user: string, when: Date) => {
      await addGroupMembers(db, { actor: admin, accountId: customer.id, groupId: group.id, endUserIds: [ids[user]!], now: when });
      assignments.push({ user, sku, from: when, to: null });
    };
    const leave = async (group: typeof sales, sku: string, user: string, when: Date) => {
      await removeGroupMember(db, { actor: admin, accountId: customer.id, groupId: group.id, endUserId: ids[user]!, now: when });
      assignments.find((a) => a.user === user && a.sku === sku && a.to === null)!.to = when;
    };
    await join(sales, "DX-CORE-PLUS", "alice", at("2028-04-02", "10:00"));
    await join(everyone, "DX-CORE", "alice", at("2028-04-02", "10:00"));
    await join(everyone, "DX-CORE", "bob", at("2028-04-02", "10:00"));
    await join(sales, "DX-CORE-PLUS", "carol", at("2028-04-02", "10:00"));
    await join(sales, "DX-CORE-PLUS", "erin", at("2028-04-02", "10:00"));
    await join(sales, "DX-CORE-PLUS", "gina", at("2028-04-02", "10:00"));
    // gina left Sales at 23:00 on 30 April local (03:00 UTC on 1 May): not covered in May.
    await leave(sales, "DX-CORE-PLUS", "gina", at("2028-04-30", "23:00"));

    // Devices: paired ones registered by an admin; standalone ones and a seat appear from telemetry.
    const devices: OracleInput["devices"] = new Map();
    const pair = async (deviceId: string, kind: "ENDPOINT" | "USER_SEAT", user: string) => {
      await db.device.create({ data: { accountId: customer.id, externalId: deviceId, kind, endUserId: ids[user]!, registeredBy: "admin" } });
      devices.set(deviceId, { kind, user });
    };
    await pair("alice-laptop", "ENDPOINT", "alice");
    await pair("bob-phone", "USER_SEAT", "bob");
    await pair("carol-laptop", "ENDPOINT", "carol");
    await pair("dave-laptop", "ENDPOINT", "dave");
    await pair("erin-laptop", "ENDPOINT", "erin");
    await pair("frank-laptop", "ENDPOINT", "frank");
    await pair("gina-laptop", "ENDPOINT", "gina");
    devices.set("kiosk-1", { kind: "ENDPOINT" });
    devices.set("kiosk-2", { kind: "ENDPOINT" });
    devices.set("hal-seat", { kind: "USER_SEAT" });
    await db.device.create({ data: { accountId: customer.id, externalId: "kiosk-2", kind: "ENDPOINT", registeredBy: "admin" } });

    const sent: OracleInput["sent"] = [];
    const send = async (day: string, items: [string, string][]) => {
      const events = items.map(([deviceId, time]) => ({ deviceId, kind: devices.get(deviceId)!.kind, at: at(day, time) }));
      await sendEvents(collector, customer.id, events, at(day, "23:59"));
      for (const event of events) sent.push({ deviceId: event.deviceId, at: event.at });
    };
    // April activity (a different month: must not leak into May).
    await send("2028-04-20", [["erin-laptop", "12:00"], ["kiosk-2", "12:00"]]);
    await send("2028-05-01", [["alice-laptop", "09:00"], ["bob-phone", "09:30"], ["kiosk-1", "10:00"]]);
    await send("2028-05-10", [["gina-laptop", "12:00"], ["dave-laptop", "12:00"], ["hal-seat", "08:00"]]);
    // frank joins Sales on the 20th and is active the 22nd: Core+ (and the base no longer).
    await join(sales, "DX-CORE-PLUS", "frank", at("2028-05-20", "09:00"));
    await send("2028-05-22", [["frank-laptop", "12:00"], ["alice-laptop", "12:00"]]);
    // carol is active only at 23:30 on 31 May local = 03:30 UTC on 1 June: May.
    await send("2028-05-31", [["carol-laptop", "23:30"]]);
    // 1 June local activity belongs to June.
    await send("2028-06-01", [["dave-laptop", "12:00"], ["kiosk-2", "12:00"]]);

    // Mid-month, live (nothing metered yet).
    const { totals: mid, lines: midLines } = oracle({ devices, sent, assignments, users, month: MONTH, upTo: "2028-05-15" });
    const midReport = await getPackageUsage(db, { actor: admin, accountId: customer.id, month: MONTH, now: at("2028-05-15", "18:00") });
    expect(midReport.final).toBe(false);
    expect(Object.fromEntries(midReport.packages.map((p) => [p.sku, { billedSeats: p.billedSeats, pairedUsers: p.pairedUsers, standaloneEndpoints: p.standaloneEndpoints, silentNotBilled: p.silentNotBilled }]))).toEqual(mid);

    // The detail mid-month: the oracle's seat lines, adding up to the totals.
    const midDetail = await allDetailPages({ actor: admin, accountId: customer.id, month: MONTH, now: at("2028-05-15", "18:00") });
    expect(midDetail.source).toBe("live");
    expect(detailLines(midDetail.rows)).toEqual(midLines);
    expectDetailMatchesTotals(midDetail.rows, midReport.packages);

    // The month closes; the nightly run on 5 June meters and rolls up.
    const { totals: expected, lines: expectedLines } = oracle({ devices, sent, assignments, users, month: MONTH });
    // The scenario itself: alice counts in both packages; frank and carol in Core+ only; bob, dave, gina and
    // the hal-seat user (appeared from telemetry) in Core with kiosk-1; erin (Core+) and kiosk-2 (Core) are silent.
    expect(expected).toEqual({
      "DX-CORE": { billedSeats: 6, pairedUsers: 5, standaloneEndpoints: 1, silentNotBilled: 1 },
      "DX-CORE-PLUS": { billedSeats: 3, pairedUsers: 3, standaloneEndpoints: 0, silentNotBilled: 1 },
    });
    const nightly = at("2028-06-05", "00:10");
    const liveBeforeRollUp = await getPackageUsage(db, { actor: admin, accountId: customer.id, month: MONTH, now: nightly });
    expect(liveBeforeRollUp.final).toBe(false);
    const liveDetailBeforeRollUp = await allDetailPages({ actor: admin, accountId: customer.id, month: MONTH, now: nightly });
    expect(liveDetailBeforeRollUp.source).toBe("live");
    await meterDays(db, { now: nightly, accountIds: [customer.id] });
    await rollUpMonths(db, { now: nightly, accountIds: [customer.id] });
    const [first, second] = await Promise.all([
      rollUpPackageMonths(db, { now: nightly, accountIds: [customer.id] }),
      rollUpPackageMonths(db, { now: nightly, accountIds: [customer.id] }),
    ]);
    // April (2 packages) and May (2 packages), once in all.
    expect(first + second).toBe(4);
    expect(await rollUpPackageMonths(db, { now: at("2028-06-06", "00:10"), accountIds: [customer.id] })).toBe(0);

    const rows = await db.usageMonthlyPackage.findMany({ where: { accountId: customer.id, month: isoDateToDb(`${MONTH}-01`) }, include: { package: true } });
    expect(Object.fromEntries(rows.map((r) => [r.package.sku, { billedSeats: r.billedSeats, pairedUsers: r.pairedUsers, standaloneEndpoints: r.standaloneEndpoints, silentNotBilled: r.silentNotBilled }]))).toEqual(expected);

    // The report reads the rolled-up rows, and they agree with what the live path said before.
    const report = await getPackageUsage(db, { actor: admin, accountId: customer.id, month: MONTH, now: at("2028-06-10", "12:00") });
    expect(report.final).toBe(true);
    expect(report.packages.map((p) => [p.sku, p.billedSeats])).toEqual([["DX-CORE", 6], ["DX-CORE-PLUS", 3]]);
    expect(liveBeforeRollUp.packages.map((p) => [p.sku, p.billedSeats])).toEqual([["DX-CORE", 6], ["DX-CORE-PLUS", 3]]);

    // The detail of the final month: the lines stored with the totals, the oracle's lines, the live lines of
    // before the roll-up, and they add up to the stored totals. 11 lines = two pages of 10.
    const detail = await allDetailPages({ actor: admin, accountId: customer.id, month: MONTH, now: at("2028-06-10", "12:00") });
    expect(detail.source).toBe("rolled-up");
    expect(detail.page.total).toBe(11);
    expect(detailLines(detail.rows)).toEqual(expectedLines);
    expect(detailLines(liveDetailBeforeRollUp.rows)).toEqual(expectedLines);
    expectDetailMatchesTotals(detail.rows, report.packages);
    expect(await db.usageMonthlyPackageSeat.count({ where: { accountId: customer.id, month: isoDateToDb(`${MONTH}-01`) } })).toBe(11);
    // alice is covered by both packages: one line under each, her laptop active from 1 to 22 May.
    expect(detail.rows.filter((row) => row.externalId === "alice").map((row) => [row.sku, row.kind, row.billed, row.devices, row.firstActiveDay, row.lastActiveDay, row.name])).toEqual([
      ["DX-CORE", "END_USER", true, 1, "2028-05-01", "2028-05-22", "alice"],
      ["DX-CORE-PLUS", "END_USER", true, 1, "2028-05-01", "2028-05-22", "alice"],
    ]);
    // carol's only activity, 23:30 on 31 May in New York, is a May day.
    expect(detail.rows.find((row) => row.externalId === "carol")).toMatchObject({ sku: "DX-CORE-PLUS", firstActiveDay: "2028-05-31", lastActiveDay: "2028-05-31" });
    // Order: package by package, billed users, billed endpoints, then the silent ones.
    expect(detail.rows.map((row) => `${row.sku} ${row.billed ? "billed" : "silent"} ${row.kind} ${row.externalId}`)).toEqual([
      "DX-CORE billed END_USER alice",
      "DX-CORE billed END_USER bob",
      "DX-CORE billed END_USER dave",
      "DX-CORE billed END_USER gina",
      "DX-CORE billed END_USER hal-seat",
      "DX-CORE billed STANDALONE_ENDPOINT kiosk-1",
      "DX-CORE silent STANDALONE_ENDPOINT kiosk-2",
      "DX-CORE-PLUS billed END_USER alice",
      "DX-CORE-PLUS billed END_USER carol",
      "DX-CORE-PLUS billed END_USER frank",
      "DX-CORE-PLUS silent END_USER erin",
    ]);
    // Filters: silent only, one package, a search.
    const filtered = async (filters: Parameters<typeof listPackageSeats>[1]["filters"]) =>
      (await listPackageSeats(db, { actor: admin, accountId: customer.id, month: MONTH, now: at("2028-06-10", "12:00"), filters, pageSize: 50 })).page.rows.map((row) => `${row.sku} ${row.externalId}`);
    expect(await filtered({ status: "silent" })).toEqual(["DX-CORE kiosk-2", "DX-CORE-PLUS erin"]);
    expect(await filtered({ status: "billed", packageId: corePlus.id })).toEqual(["DX-CORE-PLUS alice", "DX-CORE-PLUS carol", "DX-CORE-PLUS frank"]);
    expect(await filtered({ q: "KIOSK" })).toEqual(["DX-CORE kiosk-1", "DX-CORE kiosk-2"]);
    // The export reads the same lines in the same order, by keyset pages (of 3 here).
    const opened = await openPackageSeats(db, { actor: admin, accountId: customer.id, month: MONTH, now: at("2028-06-10", "12:00"), pageSize: 3 });
    const exported: PackageSeatRow[] = [];
    for await (const row of opened.rows) exported.push(row);
    expect(exported).toEqual(detail.rows);

    // Every seat the service bills is billed by at least one package; alice is the one seat billed twice.
    const service = await db.usageMonthly.findFirstOrThrow({ where: { accountId: customer.id, month: isoDateToDb(`${MONTH}-01`) } });
    expect(service.monthlyActiveSeats).toBe(8);
    expect(rows.reduce((sum, r) => sum + r.billedSeats, 0)).toBe(service.monthlyActiveSeats + 1);

    // April on its own: erin (Core+) and kiosk-2 (standalone, Core).
    const { totals: april } = oracle({ devices, sent, assignments, users, month: "2028-04" });
    const aprilReport = await getPackageUsage(db, { actor: admin, accountId: customer.id, month: "2028-04", now: at("2028-06-10", "12:00") });
    expect(aprilReport.packages.map((p) => [p.sku, p.billedSeats])).toEqual([
      ["DX-CORE", april["DX-CORE"]!.billedSeats],
      ["DX-CORE-PLUS", april["DX-CORE-PLUS"]!.billedSeats],
    ]);
  });
});
