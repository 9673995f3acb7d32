import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listDevices, type DeviceFilters, type DeviceSort } from "@/server/devices/list-devices";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { listContracts } from "@/server/contracts/list-contracts";
import { FIRST_PAGE, STALE_PAGE_NOTICE, TOTAL_CAP, encodeCursor, type Page, type PageRequest } from "@/lib/list-params";
import type { Actor } from "@/server/auth/reach";
import { makeTenant, type TestAccount } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";

const NOW = new Date("2030-05-01T12:00:00Z");
const KINDS = ["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"] as const;

/**
 * Devices split over the customer and the grand customer, with many ties on
 * every sort column (4 kinds, 3 last-seen instants and never-seen ones, 2 accounts).
 */
async function fleet(count = 23) {
  const t = await makeTenant("paging");
  const accounts: TestAccount[] = [t.customer, t.grandCustomer];
  await db.device.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      accountId: accounts[i % 2]!.id,
      externalId: `dev-${String(i).padStart(3, "0")}`,
      kind: KINDS[i % 4]!,
      lastSeenAt: i % 5 === 0 ? null : new Date(NOW.getTime() - (i % 3) * 3_600_000),
    })),
  });
  return t;
}

const filters = (sort: DeviceSort, dir: "asc" | "desc"): DeviceFilters => ({ sort, dir });

async function devices(actor: Actor, accountId: string, f: DeviceFilters, page: PageRequest, pageSize = 5) {
  return listDevices(db, { actor, accountId, filters: f, page, pageSize, now: NOW });
}

const ids = (page: Page<{ id: string }>) => page.rows.map((row) => row.id);

describe("keyset paging", () => {
  it.each([
    ["externalId", "asc"],
    ["kind", "asc"],
    ["kind", "desc"],
    ["lastSeen", "desc"],
    ["lastSeen", "asc"],
    ["account", "desc"],
  ] as const)("by %s %s: forward then back gives the same pages, ties neither skipped nor repeated", async (sort, dir) => {
    const t = await fleet();
    const actor = t.msspAdmin.actor;
    const whole = await devices(actor, t.mssp.id, filters(sort, dir), FIRST_PAGE, 100);
    expect(whole.rows).toHaveLength(23);
    expect(whole).toMatchObject({ total: 23, totalCapped: false, offset: 0, next: null, prev: null });

    const forward: Page<{ id: string }>[] = [];
    let request: PageRequest = FIRST_PAGE;
    for (;;) {
      const page = await devices(actor, t.mssp.id, filters(sort, dir), request);
      forward.push(page);
      expect(page.offset).toBe((forward.length - 1) * 5);
      if (!page.next) break;
      request = { kind: "after", cursor: page.next };
    }
    expect(forward).toHaveLength(5);
    expect(forward.flatMap(ids)).toEqual(ids(whole));

    // Back from the last page (the last 5 rows), through Previous; the walk ends
    // on the whole first page rather than a short one.
    const last = await devices(actor, t.mssp.id, filters(sort, dir), { kind: "last" });
    expect(ids(last)).toEqual(ids(whole).slice(18));
    expect(last).toMatchObject({ next: null, offset: 18 });
    const backward = [last];
    let page = last;
    while (page.prev) {
      page = await devices(actor, t.mssp.id, filters(sort, dir), { kind: "before", cursor: page.prev });
      backward.unshift(page);
    }
    expect(backward.map(ids)).toEqual([ids(whole).slice(0, 5), ...[3, 8, 13].map((at) => ids(whole).slice(at, at + 5)), ids(whole).slice(18)]);
    expect(backward.map((p) => p.offset)).toEqual([0, 3, 8, 13, 18]);
    expect(backward[0]).toMatchObject({ prev: null, offset: 0 });
  });

  it("a list that fits one page has no other pages, and Last is the same page", async () => {
    const t = await fleet(4);
    const actor = t.msspAdmin.actor;
    const first = await devices(actor, t.mssp.id, filters("externalId", "asc"), FIRST_PAGE);
    const last = await devices(actor, t.mssp.id, filters("externalId", "asc"), { kind: "last" });
    expect(ids(last)).toEqual(ids(first));
    expect(last).toMatchObject({ next: null, prev: null, offset: 0, total: 4 });
  });

  it("a malformed, tampered, other-sort or stale cursor shows the first page with a notice, never an error", async () => {
    const t = await fleet(12);
    const actor = t.msspAdmin.actor;
    const f = filters("externalId", "asc");
    const first = await devices(actor, t.mssp.id, f, FIRST_PAGE);
    const bad = [
      "%%%",
      "bm90IGpzb24",
      encodeCursor("externalId.asc", ["dev-001"]),
      encodeCursor("externalId.asc", ["dev-001", "not-a-uuid"]),
      encodeCursor("externalId.asc", ["dev-\u0000", randomUUID()]),
      encodeCursor("externalId.asc", [12, randomUUID()]),
      // Past the end: no row after it any more.
      encodeCursor("externalId.asc", ["zzz", randomUUID()]),
    ];
    for (const cursor of bad) {
      for (const kind of ["after", "before"] as const) {
        // Before a key past the end is simply the last page.
        if (kind === "before" && cursor === bad.at(-1)) continue;
        const page = await devices(actor, t.mssp.id, f, { kind, cursor });
        expect(ids(page), `${kind} ${cursor}`).toEqual(ids(first));
        expect(page.notice, `${kind} ${cursor}`).toBe(STALE_PAGE_NOTICE);
      }
    }
    // A cursor of another sort (the list was re-sorted): the first page, without the note.
    const resorted = await devices(actor, t.mssp.id, f, { kind: "after", cursor: encodeCursor("kind.asc", ["GATEWAY", randomUUID()]) });
    expect(ids(resorted)).toEqual(ids(first));
    expect(resorted.notice).toBeNull();
    // Before the first row: the first page, with nothing before it.
    const early = await devices(actor, t.mssp.id, f, { kind: "after", cursor: encodeCursor("externalId.asc", ["a", randomUUID()]) });
    expect(ids(early)).toEqual(ids(first));
    expect(early.prev).toBeNull();
  });

  it("a cursor made from another tenant's row reveals nothing of it", async () => {
    const a = await fleet(8);
    const b = await fleet(8);
    const theirs = await devices(b.msspAdmin.actor, b.mssp.id, filters("externalId", "asc"), FIRST_PAGE, 3);
    const page = await devices(a.msspAdmin.actor, a.mssp.id, filters("externalId", "asc"), { kind: "after", cursor: theirs.next! }, 3);
    const mine = await listDevices(db, { actor: a.msspAdmin.actor, accountId: a.mssp.id, filters: filters("externalId", "asc"), pageSize: 100, now: NOW });
    const myIds = new Set(ids(mine));
    expect(page.rows.every((row) => myIds.has(row.id))).toBe(true);
    expect(page.rows.length).toBeGreaterThan(0);
  });

  it("bigint keys: the audit log pages newest first across events of one instant", async () => {
    const t = await makeTenant("audit-paging");
    const at = new Date("2030-01-01T00:00:00Z");
    await db.auditEvent.createMany({
      data: Array.from({ length: 9 }, (_, i) => ({
        accountId: t.customer.id,
        actorLabel: "tester",
        action: "device.create",
        objectType: "device",
        objectId: String(i),
        createdAt: new Date(at.getTime() + Math.floor(i / 3) * 1000),
      })),
    });
    const actor = t.customerAdmin.actor;
    const all = await listAuditEvents(db, { actor, accountId: t.customer.id, filters: { includeChildren: false }, pageSize: 50 });
    const seen: string[] = [];
    let request: PageRequest = FIRST_PAGE;
    for (;;) {
      const page = await listAuditEvents(db, { actor, accountId: t.customer.id, filters: { includeChildren: false }, page: request, pageSize: 2 });
      seen.push(...ids(page));
      if (!page.next) break;
      request = { kind: "after", cursor: page.next };
    }
    expect(seen).toEqual(ids(all));
    expect(all.rows.map((row) => row.objectId)).toEqual(["8", "7", "6", "5", "4", "3", "2", "1", "0"]);
  });

  it("counts up to the cap and says so beyond it", async () => {
    const t = await makeTenant("cap");
    await db.device.createMany({
      data: Array.from({ length: TOTAL_CAP + 5 }, (_, i) => ({ id: randomUUID(), accountId: t.customer.id, externalId: `d-${i}`, kind: "ENDPOINT" as const })),
    });
    const page = await devices(t.msspAdmin.actor, t.mssp.id, filters("externalId", "asc"), FIRST_PAGE, 20);
    expect(page).toMatchObject({ total: TOTAL_CAP, totalCapped: true, offset: 0 });
    const last = await devices(t.msspAdmin.actor, t.mssp.id, filters("externalId", "asc"), { kind: "last" }, 20);
    expect(last).toMatchObject({ totalCapped: true, offset: null, next: null });
    expect(last.rows).toHaveLength(20);
  }, 120_000);

  it("contracts page by their derived-status key (two nullable columns) without gaps", async () => {
    const t = await makeTenant("contract-paging");
    const actor = t.customerAdmin.actor;
    const expiries = ["2030-06-01", null, "2030-05-10", "2030-06-01", null, "2029-01-01", "2030-06-01"];
    for (const [i, expiresOn] of expiries.entries()) {
      await insertContract({
        accountId: t.customer.id,
        type: "SUBSCRIPTION",
        serviceCode: "guest-wifi",
        registeredOn: "2029-01-01",
        expiresOn,
        ...(i % 3 === 0 ? { canceledAt: new Date("2030-02-01T00:00:00Z") } : {}),
      });
    }
    const base = { showArchived: false, sort: "status" as const, dir: "asc" as const };
    const all = await listContracts(db, { actor, accountId: t.customer.id, filters: base, pageSize: 100, now: NOW });
    const seen: string[] = [];
    let request: PageRequest = FIRST_PAGE;
    for (;;) {
      const page = await listContracts(db, { actor, accountId: t.customer.id, filters: base, page: request, pageSize: 1, now: NOW });
      seen.push(...ids(page));
      if (!page.next) break;
      request = { kind: "after", cursor: page.next };
    }
    expect(all.rows).toHaveLength(7);
    expect(seen).toEqual(ids(all));
    for (const dir of ["asc", "desc"] as const) {
      const sorted = await listContracts(db, { actor, accountId: t.customer.id, filters: { ...base, dir }, pageSize: 100, now: NOW });
      const last = await listContracts(db, { actor, accountId: t.customer.id, filters: { ...base, dir }, page: { kind: "last" }, pageSize: 3, now: NOW });
      expect(ids(last)).toEqual(ids(sorted).slice(4));
      const before = await listContracts(db, { actor, accountId: t.customer.id, filters: { ...base, dir }, page: { kind: "before", cursor: last.prev! }, pageSize: 3, now: NOW });
      expect(ids(before)).toEqual(ids(sorted).slice(1, 4));
    }
  });
});
