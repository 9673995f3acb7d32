import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { FIRST_PAGE, TOTAL_CAP, type Page, type PageRequest } from "@/lib/list-params";
import { iterateAuditEvents, listAuditEvents, type AuditFilters, type AuditRow } from "@/server/audit/list-audit-events";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Actor } from "@/server/auth/reach";
import { makeAccount, makeTenant, unique, type TestAccount } from "../../support/factories";

/*
 * The Actor filter reads the matching (account, label) pairs' events by their own index
 * (docs/lists.md#audit-log). Whatever the share of events a name matches, the pages must be
 * exactly those of the plain "label contains, any case" filter, in reach only.
 */

const AT = new Date("2031-03-01T00:00:00Z");

/** `count` events of one label on an account, one every `everySeconds` from `offsetSeconds`, some sharing an instant. */
async function events(account: TestAccount, label: string, count: number, everySeconds: number, offsetSeconds = 0, action = "device.paired") {
  await db.$executeRaw`
    INSERT INTO audit_events (account_id, actor_label, action, object_type, object_id, created_at)
    SELECT ${account.id}::uuid, ${label}, ${action}, 'device', ${label} || '-' || n,
           ${AT}::timestamptz + make_interval(secs => ${offsetSeconds} + (n / 2) * ${everySeconds})
    FROM generate_series(0, ${count - 1}) AS n`;
}

/** Every page forward from the first, then backward from the last: both must give `expected`. */
async function walk(actor: Actor, accountId: string, filters: AuditFilters, pageSize: number) {
  const list = (page: PageRequest) => listAuditEvents(db, { actor, accountId, filters, page, pageSize });
  const forward: AuditRow[] = [];
  const offsets: (number | null)[] = [];
  let page: Page<AuditRow> = await list(FIRST_PAGE);
  const total = page.total;
  for (;;) {
    forward.push(...page.rows);
    offsets.push(page.offset);
    if (!page.next) break;
    page = await list({ kind: "after", cursor: page.next });
  }
  const backward: AuditRow[] = [];
  page = await list({ kind: "last" });
  for (;;) {
    backward.unshift(...page.rows);
    if (!page.prev) break;
    page = await list({ kind: "before", cursor: page.prev });
    if (page.offset === 0) {
      backward.unshift(...page.rows.filter((row) => !backward.some((seen) => seen.id === row.id)));
      break;
    }
  }
  return { forward, backward, total, offsets };
}

/** The plain filter, as the list had it before the search: the reference. */
async function reference(account: TestAccount, filters: AuditFilters): Promise<string[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(filters.includeChildren ? { account: { path: { startsWith: account.path } } } : { accountId: account.id }),
      actorLabel: { contains: filters.actor!, mode: "insensitive" },
      ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return rows.map((row) => row.id.toString());
}

const ids = (rows: AuditRow[]) => rows.map((row) => row.id);

describe("audit log: actor search", () => {
  it("pages exactly as the plain filter does, whether the name matches most events, a few or none, forward and back", async () => {
    const t = await makeTenant("actor-search");
    const other = await makeTenant("actor-search-other");
    const busy = unique("busy.admin").toLowerCase();
    const rare = unique("rare.tech").toLowerCase();
    // The busy actor writes most events, interleaved with the rare one's across the MSSP and its customers.
    await events(t.mssp, `${busy}@msp.example`, 120, 5);
    await events(t.customer, `${busy}@msp.example`, 90, 7, 1);
    await events(t.grandCustomer, `${busy}@msp.example`, 40, 11, 2);
    await events(t.customer, `${rare}@msp.example`, 3, 300, 3);
    await events(t.customer, "system:contract-lifecycle", 60, 3, 4, "contract.renewed");
    // Another tenant's events by the same people must never show.
    await events(other.mssp, `${busy}@msp.example`, 30, 2);
    await events(other.customer, `${rare}@msp.example`, 5, 2);

    const admin = t.msspAdmin.actor;
    const cases: { filters: AuditFilters; expected: number }[] = [
      { filters: { includeChildren: true, actor: busy.toUpperCase() }, expected: 250 },
      { filters: { includeChildren: false, actor: busy }, expected: 120 },
      { filters: { includeChildren: true, actor: rare }, expected: 3 },
      { filters: { includeChildren: true, actor: "@MSP.EXAMPLE" }, expected: 253 },
      { filters: { includeChildren: true, actor: busy, action: "device." }, expected: 250 },
      { filters: { includeChildren: true, actor: "system", action: "contract." }, expected: 60 },
      { filters: { includeChildren: true, actor: "system", action: "device." }, expected: 0 },
      { filters: { includeChildren: true, actor: unique("nobody") }, expected: 0 },
    ];
    for (const { filters, expected } of cases) {
      const want = await reference(t.mssp, filters);
      expect(want, JSON.stringify(filters)).toHaveLength(expected);
      const { forward, backward, total, offsets } = await walk(admin, t.mssp.id, filters, 17);
      expect(ids(forward), JSON.stringify(filters)).toEqual(want);
      expect(ids(backward), JSON.stringify(filters)).toEqual(want);
      expect(total).toBe(expected);
      // A middle page knows its position: the rows before it.
      expect(offsets).toEqual(offsets.map((_, index) => index * 17));
    }

    // From the customer: its own events only, its MSSP's staff included.
    const customer = t.customerAdmin.actor;
    const own = await listAuditEvents(db, { actor: customer, accountId: t.customer.id, filters: { includeChildren: true, actor: busy }, pageSize: 100 });
    expect(own.total).toBe(90);
    expect(new Set(own.rows.map((row) => row.accountId))).toEqual(new Set([t.customer.id]));
    // The other tenant's MSSP admin finds only theirs.
    const theirs = await walk(other.msspAdmin.actor, other.mssp.id, { includeChildren: true, actor: busy }, 50);
    expect(theirs.total).toBe(30);
    expect(new Set(theirs.forward.map((row) => row.accountId))).toEqual(new Set([other.mssp.id]));
  });

  it("pages across more matching accounts than a page holds, with events of one instant in several of them", async () => {
    const t = await makeTenant("actor-search-wide");
    const label = `${unique("staff")}@msp.example`;
    const customers = await Promise.all(Array.from({ length: 24 }, () => makeAccount({ kind: "CUSTOMER", parent: t.mssp })));
    // The same instants in every account (ties on the page's edge), and each account's own pace.
    for (const [index, customer] of customers.entries()) await events(customer, label, 3 + (index % 5) * 4, index % 2 === 0 ? 60 : 60 + index);
    await events(t.customer, "someone-else@example.test", 30, 1);
    const filters: AuditFilters = { includeChildren: true, actor: label };
    const want = await reference(t.mssp, filters);
    for (const pageSize of [5, 10]) {
      const { forward, backward, total } = await walk(t.msspAdmin.actor, t.mssp.id, filters, pageSize);
      expect(ids(forward)).toEqual(want);
      expect(ids(backward)).toEqual(want);
      expect(total).toBe(want.length);
    }
  });

  it("counts up to the cap, and matches LIKE characters literally", async () => {
    const t = await makeTenant("actor-search-cap");
    const label = `${unique("bulk")}@example.test`;
    await events(t.customer, label, TOTAL_CAP + 3, 1);
    await events(t.customer, "100%_sure@example.test", 2, 1);
    const list = (actor: string) =>
      listAuditEvents(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { includeChildren: true, actor }, pageSize: 50 });
    expect(await list(label)).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect((await list(label)).rows).toHaveLength(50);
    expect((await list("0%_s")).total).toBe(2);
    expect((await list("0%s")).total).toBe(0);
    expect((await list("a\u0000b")).total).toBe(0);
  });

  it("knows the labels of events however they are written", async () => {
    const t = await makeTenant("actor-search-labels");
    const person = `${unique("writer")}@example.test`;
    await recordAuditEvent(db, { userId: null, email: person }, { accountId: t.customer.id, action: "device.paired", objectType: "device", objectId: "1" });
    await recordAuditEvent(db, { system: "pool-renewal" }, { accountId: t.customer.id, action: "device.paired", objectType: "device", objectId: "2" });
    await events(t.childMssp, person, 2, 1);
    const labels = await db.auditActorLabel.findMany({
      where: { accountId: { in: [t.customer.id, t.childMssp.id] } },
      orderBy: [{ accountId: "asc" }, { actorLabel: "asc" }],
    });
    expect(labels.map((label) => [label.accountId, label.actorLabel]).sort()).toEqual(
      [
        [t.customer.id, person],
        [t.customer.id, "system:pool-renewal"],
        [t.childMssp.id, person],
      ].sort(),
    );
    const found = await listAuditEvents(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { includeChildren: true, actor: person }, pageSize: 10 });
    expect(found.total).toBe(3);
  });

  it("exports the same events, newest first by id, and counts them for the download-or-job choice", async () => {
    const t = await makeTenant("actor-search-export");
    const label = `${unique("exporter")}@example.test`;
    await events(t.customer, label, 25, 13);
    await events(t.grandCustomer, label, 10, 17, 1);
    await events(t.customer, "system", 40, 1);
    const filters: AuditFilters = { includeChildren: true, actor: label.toUpperCase() };
    const rows = iterateAuditEvents(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters, batchSize: 4 });
    expect(await rows.count(10_001)).toBe(35);
    expect(await rows.count(20)).toBe(20);
    const exported: string[] = [];
    for await (const row of rows) exported.push(row.id);
    const byId = (await reference(t.mssp, filters)).sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
    expect(exported).toEqual(byId);
  });
});
