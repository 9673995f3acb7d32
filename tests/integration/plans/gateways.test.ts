import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FIRST_PAGE, type PageRequest } from "@/lib/list-params";
import { z } from "zod";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createPlan } from "@/server/plans/create-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { assignGatewaysToPlan } from "@/server/plans/assign-gateways-to-plan";
import { getGatewayInReach } from "@/server/gateways/get-gateway-in-reach";
import { listPlanGateways } from "@/server/gateways/list-plan-gateways";
import { searchAssignableGateways } from "@/server/gateways/search-assignable-gateways";
import { registerGateway } from "@/server/gateways/register-gateway";
import { removeGateway } from "@/server/gateways/remove-gateway";
import { updateGateway } from "@/server/gateways/update-gateway";
import { listGateways, ONLINE_WINDOW_MS, type GatewayFilters, type GatewaySort } from "@/server/gateways/list-gateways";
import { gatewayInputSchema, type GatewayInput } from "@/server/gateways/gateway-input";
import { getUserPreference, setUserPreference } from "@/server/users/user-preferences";
import { makeActor, makeTenant, unique, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const MISSING = "00000000-0000-4000-8000-000000000000";
const FILTERS: GatewayFilters = { sort: "name", dir: "asc" };

/** Letters-free, so a search for a letter matches names only. */
const digits = () => randomUUID().replace(/\D/g, "").slice(0, 12);
const serial = () => `SN-${randomUUID().slice(0, 12).toUpperCase()}`;

function input(account: TestAccount, values: Partial<Record<keyof GatewayInput, string>> = {}): GatewayInput {
  return gatewayInputSchema.parse({ name: unique("gw"), serialNumber: serial(), firmwareVersion: "R82.10", accountId: account.id, ...values });
}

async function addGateway(actor: Actor, account: TestAccount, values: Partial<Record<keyof GatewayInput, string>> = {}) {
  return registerGateway(db, { actor, input: input(account, values) });
}

const list = (actor: Actor, accountId: string, filters: Partial<GatewayFilters> = {}, page: PageRequest = FIRST_PAGE, pageSize = 100, now?: Date) =>
  listGateways(db, { actor, accountId, filters: { ...FILTERS, ...filters }, page, pageSize, now });

describe("registering gateways", () => {
  it("registers on a customer into the MSSP's plan, normalising input, and audits", async () => {
    const t = await makeTenant("gw");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Main" });
    const parsed = gatewayInputSchema.parse({ name: "  Madrid edge ", serialNumber: " sn-abc-123 ", firmwareVersion: " r82.10 ", accountId: t.customer.id, planId: plan.id });
    const sn = `SN-${randomUUID().slice(0, 8).toUpperCase()}`;
    const gateway = await registerGateway(db, { actor: t.msspAdmin.actor, input: { ...parsed, serialNumber: sn } });
    expect(parsed).toMatchObject({ name: "Madrid edge", serialNumber: "SN-ABC-123", firmwareVersion: "R82.10" });
    expect(gateway).toMatchObject({
      accountId: t.customer.id,
      planId: plan.id,
      name: "Madrid edge",
      serialNumber: sn,
      firmwareVersion: "R82.10",
      firmwareRank: 821000,
      lockedToPlan: true,
      ownLicenceType: "SUBSCRIPTION",
      lastSeenAt: null,
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { objectId: gateway.id } });
    expect(audit).toMatchObject({
      accountId: t.customer.id,
      action: "gateway.registered",
      actorUserId: t.msspAdmin.user.id,
      after: { name: "Madrid edge", serialNumber: sn, firmware: "R82.10", plan: "Main" },
    });
  });

  it("an empty plan field means no plan", async () => {
    const t = await makeTenant("gw");
    const gateway = await addGateway(t.customerAdmin.actor, t.customer, { planId: "" });
    expect(gateway.planId).toBeNull();
  });

  it("serial numbers are unique (SERIAL_TAKEN on the field), case-insensitively through the schema", async () => {
    const t = await makeTenant("gw");
    const first = await addGateway(t.msspAdmin.actor, t.customer);
    const error = await expectAppError(addGateway(t.msspAdmin.actor, t.grandCustomer, { serialNumber: first.serialNumber.toLowerCase() }), "CONFLICT", "SERIAL_TAKEN");
    expect(error.fieldErrors?.serialNumber?.[0]).toMatch(/already registered/);
    expect(await db.gateway.count({ where: { accountId: t.grandCustomer.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { accountId: t.grandCustomer.id } })).toBe(0);
  });

  it("the schema refuses a malformed firmware version with a field error, and other bad fields too", () => {
    const base = { name: "Edge", serialNumber: "SN-12345", accountId: MISSING };
    for (const firmwareVersion of ["82.10", "R8", "R82.1.2.3", "", "R82.x", "V82"]) {
      const result = gatewayInputSchema.safeParse({ ...base, firmwareVersion });
      expect(result.success, firmwareVersion).toBe(false);
      const fields = z.flattenError(result.error!).fieldErrors as Record<string, string[] | undefined>;
      expect(Object.keys(fields), firmwareVersion).toEqual(["firmwareVersion"]);
      expect(fields.firmwareVersion?.[0]).toMatch(/firmware version like R81\.20/);
    }
    const missing = gatewayInputSchema.safeParse(base);
    expect(z.flattenError(missing.error!).fieldErrors.firmwareVersion?.[0]).toBe("Enter the firmware version.");
    const bad = gatewayInputSchema.safeParse({ name: "E", serialNumber: "ab", firmwareVersion: "R82", accountId: "" });
    expect(Object.keys(z.flattenError(bad.error!).fieldErrors).sort()).toEqual(["accountId", "name", "serialNumber"]);
  });

  it("a distributor cannot own gateways", async () => {
    const t = await makeTenant("gw");
    const error = await expectAppError(addGateway(t.distributorAdmin.actor, t.distributor), "INVALID");
    expect(error.fieldErrors?.accountId).toBeDefined();
    expect(await db.gateway.count({ where: { accountId: t.distributor.id } })).toBe(0);
  });

  it("the plan must belong to the owner or an account above it in its MSSP chain", async () => {
    const t = await makeTenant("gw");
    const msspPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Top" });
    const childPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    const other = await makeTenant("gw-other");
    const otherPlan = await createPlan(db, { actor: other.msspAdmin.actor, accountId: other.mssp.id, name: "Foreign" });

    // Allowed: the owner's own plan, or one of an MSSP above it.
    for (const [account, plan] of [
      [t.mssp, msspPlan],
      [t.customer, msspPlan],
      [t.grandCustomer, msspPlan],
      [t.grandCustomer, childPlan],
      [t.childMssp, childPlan],
    ] as const) {
      await expect(addGateway(t.msspAdmin.actor, account, { planId: plan.id }), `${account.name} into ${plan.name}`).resolves.toMatchObject({ planId: plan.id });
    }
    // Refused: a plan below or beside the owner, of another tenant, unknown or malformed.
    for (const [account, planId] of [
      [t.customer, childPlan.id],
      [t.mssp, childPlan.id],
      [t.customer, otherPlan.id],
      [t.customer, MISSING],
      [t.customer, "not-a-uuid"],
    ] as const) {
      const error = await expectAppError(addGateway(t.msspAdmin.actor, account, { planId }), "INVALID");
      expect(error.fieldErrors?.planId, `${account.name} into ${planId}`).toBeDefined();
    }
    expect(await db.gateway.count({ where: { planId: otherPlan.id } })).toBe(0);
    expect(await db.gateway.count({ where: { account: { path: { startsWith: t.mssp.path } } } })).toBe(5);
  });

  it("a customer admin registers on its own account but cannot use its MSSP's plan, even shared with it", async () => {
    const t = await makeTenant("gw");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Shared" });
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    await expect(addGateway(t.customerAdmin.actor, t.customer)).resolves.toBeTruthy();
    await expectAppError(addGateway(t.customerAdmin.actor, t.customer, { planId: plan.id }), "INVALID");
    await expectAppError(addGateway(t.customerAdmin.actor, t.mssp), "NOT_FOUND");
  });

  it("viewers and billing users cannot register", async () => {
    const t = await makeTenant("gw");
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(addGateway(who.actor, t.customer), "FORBIDDEN");
    }
    expect(await db.gateway.count({ where: { accountId: t.customer.id } })).toBe(0);
  });
});

describe("updating, moving and removing gateways", () => {
  it("updates only what changed, keeps the rank in step, and an unchanged save writes nothing", async () => {
    const t = await makeTenant("gw");
    const gateway = await addGateway(t.msspAdmin.actor, t.customer, { name: "Before", firmwareVersion: "R81.20" });
    const same = { name: "Before", serialNumber: gateway.serialNumber, firmwareVersion: "R81.20", accountId: t.customer.id };
    const updated = await updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id, input: gatewayInputSchema.parse({ ...same, name: "After", firmwareVersion: "r82.10" }) });
    expect(updated).toMatchObject({ name: "After", firmwareVersion: "R82.10", firmwareRank: 821000, serialNumber: gateway.serialNumber });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { objectId: gateway.id, action: "gateway.updated" } });
    expect(audit.before).toEqual({ name: "Before", firmwareVersion: "R81.20", firmwareRank: 812000 });
    expect(audit.after).toEqual({ name: "After", firmwareVersion: "R82.10", firmwareRank: 821000 });

    await updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id, input: gatewayInputSchema.parse({ ...same, name: "After", firmwareVersion: "R82.10" }) });
    expect(await db.auditEvent.count({ where: { objectId: gateway.id } })).toBe(2);
  });

  it("moves between plans and accounts through the form, audited as a move", async () => {
    const t = await makeTenant("gw");
    const first = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "First" });
    const second = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Second" });
    const gateway = await addGateway(t.msspAdmin.actor, t.customer, { planId: first.id });
    const base = { name: gateway.name, serialNumber: gateway.serialNumber, firmwareVersion: gateway.firmwareVersion };
    const moved = await updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id, input: gatewayInputSchema.parse({ ...base, accountId: t.grandCustomer.id, planId: second.id }) });
    expect(moved).toMatchObject({ accountId: t.grandCustomer.id, planId: second.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { objectId: gateway.id, action: "gateway.moved" } });
    expect(audit).toMatchObject({ accountId: t.grandCustomer.id, before: { accountId: t.customer.id, planId: first.id }, after: { accountId: t.grandCustomer.id, planId: second.id } });

    // Out of the plan altogether.
    const loose = await updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id, input: gatewayInputSchema.parse({ ...base, accountId: t.grandCustomer.id }) });
    expect(loose.planId).toBeNull();
  });

  it("update refuses a taken serial, a distributor owner, a plan outside the chain, and viewers; nothing changes", async () => {
    const t = await makeTenant("gw");
    const childPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    const taken = await addGateway(t.msspAdmin.actor, t.customer);
    const gateway = await addGateway(t.msspAdmin.actor, t.customer, { name: "Stable" });
    const base = { name: "Stable", serialNumber: gateway.serialNumber, firmwareVersion: "R82.10", accountId: t.customer.id };
    const attempt = (actor: Actor, values: Record<string, string>) =>
      updateGateway(db, { actor, gatewayId: gateway.id, input: gatewayInputSchema.parse({ ...base, ...values }) });

    await expectAppError(attempt(t.msspAdmin.actor, { serialNumber: taken.serialNumber }), "CONFLICT", "SERIAL_TAKEN");
    await expectAppError(attempt(t.distributorAdmin.actor, { accountId: t.distributor.id }), "INVALID");
    await expectAppError(attempt(t.msspAdmin.actor, { planId: childPlan.id }), "INVALID");
    await expectAppError(attempt(t.msspViewer.actor, { name: "Renamed" }), "FORBIDDEN");
    await expectAppError(attempt(t.msspBilling.actor, { name: "Renamed" }), "FORBIDDEN");
    // The customer admin can edit its gateway, but not give it away to an account out of its reach.
    await expectAppError(attempt(t.customerAdmin.actor, { accountId: t.grandCustomer.id }), "NOT_FOUND");
    await expectAppError(updateGateway(db, { actor: t.msspAdmin.actor, gatewayId: MISSING, input: gatewayInputSchema.parse(base) }), "NOT_FOUND");

    expect(await db.gateway.findUniqueOrThrow({ where: { id: gateway.id } })).toMatchObject({ name: "Stable", accountId: t.customer.id, planId: null, serialNumber: gateway.serialNumber });
    expect(await db.auditEvent.count({ where: { objectId: gateway.id } })).toBe(1);
  });

  it("assignGatewaysToPlan moves gateways of the plan's account subtree, audited one by one", async () => {
    const t = await makeTenant("gw");
    const old = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Old" });
    const target = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Target" });
    const a = await addGateway(t.msspAdmin.actor, t.customer, { planId: old.id });
    const b = await addGateway(t.msspAdmin.actor, t.grandCustomer);
    const c = await addGateway(t.msspAdmin.actor, t.mssp);
    expect(await assignGatewaysToPlan(db, { actor: t.msspAdmin.actor, planId: target.id, gatewayIds: [a.id, b.id, c.id] })).toBe(3);
    const rows = await db.gateway.findMany({ where: { id: { in: [a.id, b.id, c.id] } } });
    expect(rows.every((row) => row.planId === target.id)).toBe(true);
    const audits = await db.auditEvent.findMany({ where: { action: "gateway.moved", objectId: { in: [a.id, b.id, c.id] } } });
    expect(audits.map((e) => [e.objectId, e.accountId]).sort()).toEqual(
      [
        [a.id, t.customer.id],
        [b.id, t.grandCustomer.id],
        [c.id, t.mssp.id],
      ].sort(),
    );
    expect(audits.every((e) => (e.after as { plan: string }).plan === "Target")).toBe(true);
  });

  it("assignGatewaysToPlan refuses the whole batch when any gateway is outside the plan's subtree", async () => {
    const t = await makeTenant("gw");
    const childPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    const inside = await addGateway(t.msspAdmin.actor, t.grandCustomer);
    const outside = await addGateway(t.msspAdmin.actor, t.customer);
    const above = await addGateway(t.msspAdmin.actor, t.mssp);
    for (const gatewayIds of [[inside.id, outside.id], [above.id], [inside.id, MISSING], [inside.id, "not-a-uuid"]]) {
      const error = await expectAppError(assignGatewaysToPlan(db, { actor: t.msspAdmin.actor, planId: childPlan.id, gatewayIds }), "INVALID");
      expect(error.fieldErrors?.gatewayIds).toBeDefined();
    }
    expect(await db.gateway.count({ where: { planId: childPlan.id } })).toBe(0);
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(assignGatewaysToPlan(db, { actor: who.actor, planId: childPlan.id, gatewayIds: [inside.id] }), "FORBIDDEN");
    }
    expect(await db.gateway.count({ where: { planId: childPlan.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "gateway.moved", objectId: { in: [inside.id, outside.id, above.id] } } })).toBe(0);
    expect(await assignGatewaysToPlan(db, { actor: t.msspAdmin.actor, planId: childPlan.id, gatewayIds: [inside.id] })).toBe(1);
  });

  it("Assign gateways searches on the server: the plan's subtree in reach, not on the plan yet, by name or serial, at most 20", async () => {
    const t = await makeTenant("gw");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    const other = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Other" });
    const tag = digits();
    const loose = await addGateway(t.msspAdmin.actor, t.grandCustomer, { name: `b-${tag}`, serialNumber: `SN-${tag}-LOOSE` });
    const elsewhere = await addGateway(t.msspAdmin.actor, t.childMssp, { name: `a-${tag}`, planId: other.id });
    await addGateway(t.msspAdmin.actor, t.grandCustomer, { name: `c-${tag}`, planId: plan.id });
    await addGateway(t.msspAdmin.actor, t.customer, { name: `d-${tag}` }); // outside the plan owner's subtree
    await addGateway(t.msspAdmin.actor, t.mssp, { name: `e-${tag}` }); // above it
    const search = (q: string, actor: Actor = t.msspAdmin.actor, accountId = t.childMssp.id) => searchAssignableGateways(db, { actor, accountId, planId: plan.id, q });

    expect(await search("")).toEqual([
      { id: elsewhere.id, name: `a-${tag}`, serialNumber: elsewhere.serialNumber, accountName: t.childMssp.name, firmwareVersion: "R82.10", planName: "Other" },
      { id: loose.id, name: `b-${tag}`, serialNumber: `SN-${tag}-LOOSE`, accountName: t.grandCustomer.name, firmwareVersion: "R82.10", planName: null },
    ]);
    expect((await search(`${tag}-loose`)).map((g) => g.id)).toEqual([loose.id]); // the serial, any case
    expect((await search(`A-${tag}`)).map((g) => g.id)).toEqual([elsewhere.id]);
    expect(await search("%")).toEqual([]); // literal, not a pattern
    // From the child the plan is shared with, too; from an account it is not shown on, not found.
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.grandCustomer.id });
    expect((await search("", t.msspAdmin.actor, t.grandCustomer.id)).map((g) => g.id)).toEqual([elsewhere.id, loose.id]);
    await expectAppError(search("", t.msspAdmin.actor, t.customer.id), "NOT_FOUND");
    // Only those who may change the plan: not a viewer, nor the admin of the child it is shared with.
    for (const actor of [t.msspViewer.actor, t.msspBilling.actor]) await expectAppError(search("", actor), "FORBIDDEN");
    const sharedAdmin = await makeActor(t.grandCustomer, "ADMIN");
    await expectAppError(search("", sharedAdmin.actor, t.grandCustomer.id), "FORBIDDEN");
    // A plan out of reach is not found (the customer admin beside it).
    await expectAppError(search("", t.customerAdmin.actor, t.customer.id), "NOT_FOUND");
    await expectAppError(search("x".repeat(101)), "INVALID");

    for (let i = 0; i < 21; i++) await addGateway(t.msspAdmin.actor, t.grandCustomer, { name: `f-${tag}-${String(i).padStart(2, "0")}` });
    const many = await search(tag);
    expect(many).toHaveLength(20);
    expect(many.map((g) => g.name)).toEqual([`a-${tag}`, `b-${tag}`, ...Array.from({ length: 18 }, (_, i) => `f-${tag}-${String(i).padStart(2, "0")}`)]);
  });

  it("a plan's gateways are listed a page at a time by name, each once", async () => {
    const t = await makeTenant("gw");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Paged" });
    const tag = digits();
    for (const name of ["c", "a", "b", "a"]) await addGateway(t.msspAdmin.actor, t.customer, { name: `${name}-${tag}`, planId: plan.id });
    await addGateway(t.msspAdmin.actor, t.customer, { name: `z-${tag}` }); // not on the plan
    const first = await listPlanGateways(db, { planId: plan.id, pageSize: 3 });
    expect(first).toMatchObject({ total: 4, offset: 0 });
    const second = await listPlanGateways(db, { planId: plan.id, pageSize: 3, page: { kind: "after", cursor: first.next! } });
    expect(second.next).toBeNull();
    const rows = [...first.rows, ...second.rows];
    expect(rows.map((g) => g.name)).toEqual([`a-${tag}`, `a-${tag}`, `b-${tag}`, `c-${tag}`]);
    expect(new Set(rows.map((g) => g.id)).size).toBe(4);
    expect(rows.every((g) => g.account.name === t.customer.name)).toBe(true);
  });

  it("removes a gateway, audited; viewers cannot; a removed gateway is not found", async () => {
    const t = await makeTenant("gw");
    const gateway = await addGateway(t.msspAdmin.actor, t.customer, { name: "Doomed" });
    await expectAppError(removeGateway(db, { actor: t.msspViewer.actor, gatewayId: gateway.id }), "FORBIDDEN");
    expect(await db.gateway.findUnique({ where: { id: gateway.id } })).not.toBeNull();
    await removeGateway(db, { actor: t.customerAdmin.actor, gatewayId: gateway.id });
    expect(await db.gateway.findUnique({ where: { id: gateway.id } })).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { objectId: gateway.id, action: "gateway.removed" } });
    expect(audit).toMatchObject({ accountId: t.customer.id, before: { name: "Doomed", serialNumber: gateway.serialNumber } });
    await expectAppError(removeGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id }), "NOT_FOUND");
    await expectAppError(getGatewayInReach(db, t.msspAdmin.actor, gateway.id), "NOT_FOUND");
  });
});

describe("the Gateways list", () => {
  async function fleet() {
    const t = await makeTenant("gwlist");
    const alpha = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Alpha plan" });
    const beta = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Beta plan" });
    const specs: [string, TestAccount, string, string | undefined][] = [
      ["Echo", t.customer, "R82.10", alpha.id],
      ["Alpha", t.mssp, "R81.20", beta.id],
      ["Delta", t.grandCustomer, "R82", undefined],
      ["Charlie", t.customer, "R81.9", alpha.id],
      ["Bravo", t.childMssp, "R100", beta.id],
    ];
    const byName: Record<string, Awaited<ReturnType<typeof addGateway>>> = {};
    for (const [name, account, firmwareVersion, planId] of specs) {
      byName[name] = await addGateway(t.msspAdmin.actor, account, { name, firmwareVersion, planId, serialNumber: `SN-${name.toUpperCase()}-${digits()}` });
    }
    return { t, alpha, beta, byName };
  }
  const names = (page: { rows: { name: string }[] }) => page.rows.map((r) => r.name);

  it("lists every gateway of the account's subtree, with account, plan and status", async () => {
    const { t, byName } = await fleet();
    const all = await list(t.msspViewer.actor, t.mssp.id);
    expect(all.total).toBe(5);
    const echo = all.rows.find((r) => r.name === "Echo")!;
    expect(echo).toMatchObject({ accountId: t.customer.id, accountName: t.customer.name, planName: "Alpha plan", firmwareVersion: "R82.10", status: "NEVER_SEEN", licenceType: "SUBSCRIPTION" });
    expect(names(await list(t.customerAdmin.actor, t.customer.id))).toEqual(["Charlie", "Echo"]);
    expect(names(await list(t.msspBilling.actor, t.childMssp.id))).toEqual(["Bravo", "Delta"]);
    expect((await list(t.msspAdmin.actor, t.mssp.id, { planId: byName.Echo!.planId! })).total).toBe(2);
    await expectAppError(list(t.customerAdmin.actor, t.mssp.id), "NOT_FOUND");
  });

  it("shows online, offline and never-seen from the last report", async () => {
    const { t, byName } = await fleet();
    const now = new Date("2031-01-01T12:00:00Z");
    await db.gateway.update({ where: { id: byName.Echo!.id }, data: { lastSeenAt: new Date(now.getTime() - ONLINE_WINDOW_MS) } });
    await db.gateway.update({ where: { id: byName.Alpha!.id }, data: { lastSeenAt: new Date(now.getTime() - ONLINE_WINDOW_MS - 1000) } });
    const rows = (await list(t.msspAdmin.actor, t.mssp.id, {}, FIRST_PAGE, 100, now)).rows;
    const status = Object.fromEntries(rows.map((r) => [r.name, r.status]));
    expect(status).toEqual({ Alpha: "OFFLINE", Bravo: "NEVER_SEEN", Charlie: "NEVER_SEEN", Delta: "NEVER_SEEN", Echo: "ONLINE" });
  });

  it("searches name and serial number, case-insensitively", async () => {
    const { t } = await fleet();
    expect(names(await list(t.msspAdmin.actor, t.mssp.id, { q: "ECH" }))).toEqual(["Echo"]);
    expect(names(await list(t.msspAdmin.actor, t.mssp.id, { q: "sn-bravo" }))).toEqual(["Bravo"]);
    expect(names(await list(t.msspAdmin.actor, t.mssp.id, { q: "a" }))).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
    expect(names(await list(t.msspAdmin.actor, t.mssp.id, { q: "ALPH" }))).toEqual(["Alpha"]);
    expect((await list(t.msspAdmin.actor, t.mssp.id, { q: "nothing-like-this" })).total).toBe(0);
    // The search stays inside the account's subtree.
    expect(names(await list(t.customerAdmin.actor, t.customer.id, { q: "a" }))).toEqual(["Charlie"]);
  });

  it("sorts firmware as versions (R81.9 < R81.20 < R82 < R82.10 < R100), and by name, account, plan, last seen", async () => {
    const { t, byName } = await fleet();
    const sorted = async (sort: GatewaySort, dir: "asc" | "desc") => names(await list(t.msspAdmin.actor, t.mssp.id, { sort, dir }));
    expect(await sorted("firmware", "asc")).toEqual(["Charlie", "Alpha", "Delta", "Echo", "Bravo"]);
    expect(await sorted("firmware", "desc")).toEqual(["Bravo", "Echo", "Delta", "Alpha", "Charlie"]);
    expect(await sorted("name", "asc")).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
    expect(await sorted("name", "desc")).toEqual(["Echo", "Delta", "Charlie", "Bravo", "Alpha"]);

    const planOrder = (await list(t.msspAdmin.actor, t.mssp.id, { sort: "plan", dir: "asc" })).rows.map((r) => r.planName);
    expect(planOrder.slice(0, 4)).toEqual(["Alpha plan", "Alpha plan", "Beta plan", "Beta plan"]);
    expect(planOrder).toContain(null);

    const accountOrder = (await list(t.msspAdmin.actor, t.mssp.id, { sort: "account", dir: "asc" })).rows.map((r) => r.accountName);
    expect(accountOrder).toEqual([...accountOrder].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));

    await db.gateway.update({ where: { id: byName.Delta!.id }, data: { lastSeenAt: new Date("2031-01-02T00:00:00Z") } });
    await db.gateway.update({ where: { id: byName.Echo!.id }, data: { lastSeenAt: new Date("2031-01-01T00:00:00Z") } });
    const seenAsc = await sorted("lastSeen", "asc");
    const seenDesc = await sorted("lastSeen", "desc");
    expect(seenAsc.slice(0, 2)).toEqual(["Echo", "Delta"]);
    expect(seenDesc.slice(0, 2)).toEqual(["Delta", "Echo"]);
    // Never-seen gateways come last in both directions, in a stable order.
    expect(seenAsc.slice(2).sort()).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(seenDesc.slice(2)).toEqual(seenAsc.slice(2));
  });

  it("pages without gaps or repeats", async () => {
    const { t } = await fleet();
    const seen: string[] = [];
    let request: PageRequest = FIRST_PAGE;
    for (let page = 1; page <= 3; page++) {
      const result = await list(t.msspAdmin.actor, t.mssp.id, { sort: "firmware", dir: "asc" }, request, 2);
      expect(result).toMatchObject({ total: 5, offset: (page - 1) * 2, pageSize: 2 });
      expect(result.rows).toHaveLength(page < 3 ? 2 : 1);
      expect(result.next === null).toBe(page === 3);
      seen.push(...names(result));
      if (result.next) request = { kind: "after", cursor: result.next };
    }
    expect(seen).toEqual(["Charlie", "Alpha", "Delta", "Echo", "Bravo"]);
  });
});

describe("user preferences: the Gateways columns", () => {
  it("round-trips the chosen columns per user and overwrites on save", async () => {
    const t = await makeTenant("pref");
    const me = t.msspAdmin.user.id;
    const other = t.msspViewer.user.id;
    expect(await getUserPreference(db, me, "gateways.columns")).toBeNull();
    expect(await getUserPreference(db, null, "gateways.columns")).toBeNull();

    await setUserPreference(db, me, "gateways.columns", ["name", "plan", "licenseType"]);
    expect(await getUserPreference(db, me, "gateways.columns")).toEqual(["name", "plan", "licenseType"]);
    expect(await getUserPreference(db, other, "gateways.columns")).toBeNull();

    await setUserPreference(db, me, "gateways.columns", []);
    expect(await getUserPreference(db, me, "gateways.columns")).toEqual([]);
    expect(await db.userPreference.count({ where: { userId: me } })).toBe(1);
  });

  it("refuses an invalid value and keeps the stored one; a corrupt stored value reads as none", async () => {
    const t = await makeTenant("pref");
    const me = t.msspAdmin.user.id;
    await setUserPreference(db, me, "gateways.columns", ["name"]);
    const invalidValues: unknown[] = [[1, 2], "name", ["x".repeat(41)], Array.from({ length: 31 }, (_, i) => `c${i}`), null];
    for (const value of invalidValues) {
      await expect(setUserPreference(db, me, "gateways.columns", value as string[]), JSON.stringify(value)).rejects.toBeInstanceOf(z.ZodError);
    }
    expect(await getUserPreference(db, me, "gateways.columns")).toEqual(["name"]);

    await db.userPreference.update({ where: { userId_key: { userId: me, key: "gateways.columns" } }, data: { value: { not: "an array" } } });
    expect(await getUserPreference(db, me, "gateways.columns")).toBeNull();
  });
});
