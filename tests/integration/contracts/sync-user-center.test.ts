import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { fetchUserCenterFeed, parseUserCenterFeed, syncUserCenter, type UserCenterFeed } from "@/server/contracts/sync-user-center";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import {
  accountWrites,
  activeAddOnSkus,
  addPortalContract,
  contractSnapshot,
  FAR_FUTURE_NOW,
  feedEntry,
  isoOf,
  linkUserCenter,
  noonOf,
  QSM_SDWAN,
  QSM_TP,
} from "../../support/contract-factories";

type Actor = Awaited<ReturnType<typeof makeTenant>>["msspAdmin"]["actor"];
const sync = (actor: Actor, accountId: string, contracts: UserCenterFeed["contracts"], now = FAR_FUTURE_NOW) =>
  syncUserCenter(db, { actor, accountId, feed: { contracts }, now });
// External ids are unique per account; each test uses fresh ids, so the first match is the one.
const byExternalId = (externalId: string) => db.contract.findFirstOrThrow({ where: { externalId }, orderBy: { createdAt: "asc" } });

describe("Sync UC", () => {
  it("creates, updates, leaves unchanged and reports contracts the feed no longer lists", async () => {
    const t = await makeTenant("sync");
    const ucId = await linkUserCenter(t.customer.id);
    const admin = t.msspAdmin.actor;
    const a = feedEntry();
    const b = feedEntry({ type: "EVALUATION", quantity: 5, addOns: [QSM_TP], registrationDate: "2031-02-01", expiresOn: "2031-05-01" });
    const d = feedEntry({ service: "harmony-browse", package: "HB-STD", addOns: [] });
    const portal = await addPortalContract(admin, t.customer.id, "PAYG");

    const first = await sync(admin, t.customer.id, [a, b, d]);
    expect(first).toEqual({ created: [a.contractId, b.contractId, d.contractId], updated: [], unchanged: [], errors: [], notInFeed: [] });
    const created = await byExternalId(b.contractId);
    expect(created).toMatchObject({ accountId: t.customer.id, source: "USER_CENTER", type: "EVALUATION", quantity: 5, syncedAt: FAR_FUTURE_NOW, canceledAt: null, archivedAt: null });
    expect([isoOf(created.registeredOn), isoOf(created.expiresOn)]).toEqual(["2031-02-01", "2031-05-01"]);
    expect(await activeAddOnSkus(created.id)).toEqual([QSM_TP]);

    // B changes (quantity, expiry, AddOns replaced), A is the same, C is new, D is gone from the feed.
    const changedB = { ...b, quantity: 8, expiresOn: "2031-06-01", addOns: [QSM_SDWAN] };
    const c = feedEntry({ service: "harmony-email-collaboration", package: "HEC-ADV", addOns: ["HEC-ADD-ARCH"], quantity: 3 });
    const beforeD = await contractSnapshot((await byExternalId(d.contractId)).id);
    const second = await sync(admin, t.customer.id, [a, changedB, c], noonOf("2031-03-20"));
    expect(second).toEqual({ created: [c.contractId], updated: [b.contractId], unchanged: [a.contractId], errors: [], notInFeed: [d.contractId] });

    const updated = await byExternalId(b.contractId);
    expect(updated).toMatchObject({ id: created.id, quantity: 8, syncedAt: noonOf("2031-03-20") });
    expect(isoOf(updated.expiresOn)).toBe("2031-06-01");
    expect(await activeAddOnSkus(updated.id)).toEqual([QSM_SDWAN]);
    const ended = await db.contractAddOn.findFirstOrThrow({ where: { contractId: updated.id, endedAt: { not: null } }, include: { addOn: true } });
    expect(ended).toMatchObject({ endReason: "REMOVED", endNote: "Removed in the User Center", endedAt: noonOf("2031-03-20"), addOn: { sku: QSM_TP } });
    // Unchanged contracts are confirmed (synced again); contracts missing from the feed are left as they were.
    expect((await byExternalId(a.contractId)).syncedAt).toEqual(noonOf("2031-03-20"));
    expect(await contractSnapshot(beforeD.id)).toEqual(beforeD);
    // Portal contracts are never touched by a sync.
    expect((await contractSnapshot(portal.id)).updatedAt).toEqual(portal.updatedAt);

    const audit = await db.auditEvent.findMany({ where: { accountId: t.customer.id, action: "contract.user_center_synced" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actorLabel: t.msspAdmin.email,
      objectType: "account",
      objectId: t.customer.id,
      after: { userCenterId: ucId, created: [c.contractId], updated: [b.contractId], unchanged: 1, errors: 0 },
    });
    // The service of synced contracts requires activation: sync activates nothing.
    expect(await db.accountService.findMany({ where: { accountId: t.customer.id } })).toHaveLength(1); // the portal PAYG's
  });

  it("a contract id another account also holds is synced into this account only: nothing moves, nothing leaks", async () => {
    const t = await makeTenant("sync-owner");
    await linkUserCenter(t.customer.id);
    await linkUserCenter(t.childMssp.id);
    const shared = feedEntry();
    await sync(t.msspAdmin.actor, t.customer.id, [shared]);
    const owned = await contractSnapshot((await byExternalId(shared.contractId)).id);
    const fresh = feedEntry();

    const report = await sync(t.msspAdmin.actor, t.childMssp.id, [{ ...shared, quantity: 99 }, fresh]);
    // Ids are scoped per account, so the answer is the same whether or not another tenant holds the id.
    expect(report).toEqual({
      created: [shared.contractId, fresh.contractId],
      updated: [],
      unchanged: [],
      errors: [],
      notInFeed: [],
    });
    expect(await contractSnapshot(owned.id)).toEqual(owned);
    const copies = await db.contract.findMany({ where: { externalId: shared.contractId }, orderBy: { createdAt: "asc" } });
    expect(copies.map((c) => [c.accountId, c.quantity])).toEqual([
      [t.customer.id, owned.quantity],
      [t.childMssp.id, 99],
    ]);
  });

  it("reports entries naming an unknown service, package or AddOn", async () => {
    const t = await makeTenant("sync-bad");
    await linkUserCenter(t.customer.id);
    const good = feedEntry();
    const entries = [
      feedEntry({ service: "no-such-service" }),
      feedEntry({ package: "HB-STD" }),
      feedEntry({ addOns: ["AD360-ADD-ENC"] }),
      good,
    ];
    const report = await sync(t.msspAdmin.actor, t.customer.id, entries);
    expect(report.created).toEqual([good.contractId]);
    expect(report.errors).toEqual([
      { contractId: entries[0]!.contractId, error: 'Unknown service "no-such-service".' },
      { contractId: entries[1]!.contractId, error: 'Unknown package "HB-STD" for Quantum Spark Management.' },
      { contractId: entries[2]!.contractId, error: "Unknown AddOn for Quantum Spark Management: AD360-ADD-ENC." },
    ]);
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(1);
  });

  it("an account not linked to the User Center is refused with USER_CENTER_NOT_LINKED; nothing is written", async () => {
    const t = await makeTenant("sync-unlinked");
    const before = await accountWrites(t.customer.id);
    await expectAppError(sync(t.msspAdmin.actor, t.customer.id, [feedEntry()]), "RULE_VIOLATION", "USER_CENTER_NOT_LINKED");
    expect(await accountWrites(t.customer.id)).toEqual(before);
  });

  it("out of reach is NOT_FOUND, a viewer is FORBIDDEN; neither writes", async () => {
    const t = await makeTenant("sync-a");
    const other = await makeTenant("sync-b");
    await linkUserCenter(t.customer.id);
    await linkUserCenter(other.customer.id);
    const entry = feedEntry();
    await expectAppError(sync(t.msspAdmin.actor, other.customer.id, [entry]), "NOT_FOUND");
    await expectAppError(sync(t.msspViewer.actor, t.customer.id, [entry]), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    await expectAppError(sync(t.msspBilling.actor, t.customer.id, [entry]), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    // A customer admin may not sync its parent.
    await expectAppError(sync(t.customerAdmin.actor, t.mssp.id, [entry]), "NOT_FOUND");
    expect(await db.contract.count({ where: { externalId: entry.contractId } })).toBe(0);
    expect(await accountWrites(t.customer.id)).toMatchObject({ auditEvents: 0, contracts: 0 });
    expect(await accountWrites(other.customer.id)).toMatchObject({ auditEvents: 0, contracts: 0 });
  });
});

describe("the User Center feed", () => {
  it("is validated whole, naming the first problem under `feed`", () => {
    expect(parseUserCenterFeed({ contracts: [feedEntry({ contractId: "UC-1" })] }).contracts[0]!.contractId).toBe("UC-1");
    const cases: [string, unknown, RegExp][] = [
      ["not an object", "nope", /^feed: /],
      ["no contracts", {}, /^contracts: /],
      ["bad date", { contracts: [{ ...feedEntry(), expiresOn: "2031-02-30" }] }, /^contracts\.0\.expiresOn: /],
      ["bad type", { contracts: [{ ...feedEntry(), type: "NFR" }] }, /^contracts\.0\.type: /],
      ["zero quantity", { contracts: [{ ...feedEntry(), quantity: 0 }] }, /^contracts\.0\.quantity: /],
    ];
    for (const [label, raw, message] of cases) {
      let caught: unknown;
      try {
        parseUserCenterFeed(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught, label).toMatchObject({ code: "INVALID" });
      const fields = (caught as { fieldErrors: Record<string, string[]> }).fieldErrors;
      expect(Object.keys(fields), label).toEqual(["feed"]);
      expect(fields.feed![0], label).toMatch(message);
    }
  });

  it("is fetched from the configured URL with the User Center id in it; failures are clear", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? "");
      if (request.url?.includes("broken")) {
        response.writeHead(500).end("boom");
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ contracts: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(fetchUserCenterFeed("UC 42/x", `${base}/feeds/{userCenterId}.json`)).resolves.toEqual({ contracts: [] });
      expect(seen).toEqual(["/feeds/UC%2042%2Fx.json"]);
      await expectAppError(fetchUserCenterFeed("x", `${base}/broken/{userCenterId}`), "INVALID", "USER_CENTER_FEED_UNAVAILABLE");
      await expectAppError(fetchUserCenterFeed("x", ""), "INVALID", "USER_CENTER_FEED_NOT_CONFIGURED");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
