import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createPlan, PLAN_SERVICE_CODE } from "@/server/plans/create-plan";
import { deletePlan } from "@/server/plans/delete-plan";
import { renamePlan } from "@/server/plans/rename-plan";
import { sharePlan } from "@/server/plans/share-plan";
import { listPlans } from "@/server/plans/list-plans";
import { registerGateway } from "@/server/gateways/register-gateway";
import { removeGateway } from "@/server/gateways/remove-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { planNameSchema } from "@/server/plans/plan-input";
import type { Actor } from "@/server/auth/reach";
import { makeActor, makeTenant, unique, type TestAccount } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const MISSING = "00000000-0000-4000-8000-000000000000";

const serial = () => `SN-${randomUUID().slice(0, 12).toUpperCase()}`;

async function addGateway(actor: Actor, account: TestAccount, firmwareVersion: string, planId?: string) {
  const input = gatewayInputSchema.parse({ name: unique("gw"), serialNumber: serial(), firmwareVersion, accountId: account.id, planId });
  return registerGateway(db, { actor, input });
}

const auditOf = (objectId: string) =>
  db.auditEvent.findMany({ where: { objectId }, orderBy: { id: "asc" }, select: { action: true, accountId: true, actorUserId: true, before: true, after: true } });

describe("creating plans", () => {
  it("an MSSP admin creates a subscription plan of the Spark Management service, audited", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Branch offices" });
    const service = await db.service.findUniqueOrThrow({ where: { code: PLAN_SERVICE_CODE } });
    expect(plan).toMatchObject({ accountId: t.mssp.id, serviceId: service.id, name: "Branch offices", licenceType: "SUBSCRIPTION", sharedWithAccountId: null });
    expect(await auditOf(plan.id)).toEqual([
      { action: "plan.created", accountId: t.mssp.id, actorUserId: t.msspAdmin.user.id, before: null, after: { name: "Branch offices", licenseType: "SUBSCRIPTION" } },
    ]);
  });

  it("a child MSSP may hold plans too, created by the MSSP admin above it", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child plan" });
    expect(plan.accountId).toBe(t.childMssp.id);
  });

  it("plans belong to MSSP accounts only: a customer or a distributor is refused and nothing is written", async () => {
    const t = await makeTenant("plans");
    await expectAppError(createPlan(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, name: "Nope" }), "RULE_VIOLATION", "PLANS_ONLY_FOR_MSSP");
    await expectAppError(createPlan(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, name: "Nope" }), "RULE_VIOLATION", "PLANS_ONLY_FOR_MSSP");
    await expectAppError(createPlan(db, { actor: t.msspAdmin.actor, accountId: t.grandCustomer.id, name: "Nope" }), "RULE_VIOLATION", "PLANS_ONLY_FOR_MSSP");
    await expectAppError(
      createPlan(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, name: "Nope" }),
      "RULE_VIOLATION",
      "PLANS_ONLY_FOR_MSSP",
    );
    const accountIds = [t.customer.id, t.grandCustomer.id, t.distributor.id];
    expect(await db.plan.count({ where: { accountId: { in: accountIds } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { accountId: { in: accountIds }, action: "plan.created" } })).toBe(0);
  });

  it("a viewer or billing user cannot create a plan", async () => {
    const t = await makeTenant("plans");
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(createPlan(db, { actor: who.actor, accountId: t.mssp.id, name: unique("p") }), "FORBIDDEN", "ROLE_NOT_ALLOWED");
    }
    expect(await db.plan.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });

  it("a customer admin cannot reach the MSSP above it", async () => {
    const t = await makeTenant("plans");
    await expectAppError(createPlan(db, { actor: t.customerAdmin.actor, accountId: t.mssp.id, name: "Up" }), "NOT_FOUND");
  });

  it("two plans of one account cannot share a name (PLAN_NAME_TAKEN on the name field); other accounts may reuse it", async () => {
    const t = await makeTenant("plans");
    await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Retail" });
    const error = await expectAppError(createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Retail" }), "CONFLICT", "PLAN_NAME_TAKEN");
    expect(error.fieldErrors?.name?.[0]).toMatch(/already has that name/);
    expect(await db.plan.count({ where: { accountId: t.mssp.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: t.mssp.id, action: "plan.created" } })).toBe(1);

    const other = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Retail" });
    expect(other.name).toBe("Retail");
    const elsewhere = await makeTenant("plans-other");
    await expect(createPlan(db, { actor: elsewhere.msspAdmin.actor, accountId: elsewhere.mssp.id, name: "Retail" })).resolves.toBeTruthy();
  });

  it("plan names are validated by planNameSchema (trimmed, 2–80 characters)", () => {
    expect(planNameSchema.parse("  Retail  ")).toBe("Retail");
    expect(planNameSchema.safeParse("R").success).toBe(false);
    expect(planNameSchema.safeParse("   ").success).toBe(false);
    expect(planNameSchema.safeParse("x".repeat(81)).success).toBe(false);
    expect(planNameSchema.safeParse("x".repeat(80)).success).toBe(true);
  });
});

describe("renaming plans", () => {
  it("renames and audits before and after; an unchanged name writes nothing", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Old name" });
    const renamed = await renamePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, name: "New name" });
    expect(renamed.name).toBe("New name");
    await renamePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, name: "New name" });
    const trail = await auditOf(plan.id);
    expect(trail.map((e) => e.action)).toEqual(["plan.created", "plan.renamed"]);
    expect(trail[1]).toMatchObject({ before: { name: "Old name" }, after: { name: "New name" } });
  });

  it("refuses a name another plan of the account has, with the field named, and keeps the old name", async () => {
    const t = await makeTenant("plans");
    await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Taken" });
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Mine" });
    const error = await expectAppError(renamePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, name: "Taken" }), "CONFLICT", "PLAN_NAME_TAKEN");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["name"]);
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).name).toBe("Mine");
    expect((await auditOf(plan.id)).map((e) => e.action)).toEqual(["plan.created"]);
  });

  it("viewer, billing and the admin of a child it is shared with cannot rename; unknown ids are not found", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Fixed" });
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    for (const who of [t.msspViewer, t.msspBilling, t.customerAdmin]) {
      await expectAppError(renamePlan(db, { actor: who.actor, planId: plan.id, name: "Hijacked" }), "FORBIDDEN");
    }
    await expectAppError(renamePlan(db, { actor: t.msspAdmin.actor, planId: MISSING, name: "X1" }), "NOT_FOUND");
    await expectAppError(renamePlan(db, { actor: t.msspAdmin.actor, planId: "not-a-uuid", name: "X1" }), "NOT_FOUND");
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).name).toBe("Fixed");
  });
});

describe("deleting plans", () => {
  it("deletes an empty plan and audits it", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Short-lived" });
    await deletePlan(db, { actor: t.msspAdmin.actor, planId: plan.id });
    expect(await db.plan.findUnique({ where: { id: plan.id } })).toBeNull();
    const trail = await auditOf(plan.id);
    expect(trail.map((e) => e.action)).toEqual(["plan.created", "plan.deleted"]);
    expect(trail[1]).toMatchObject({ accountId: t.mssp.id, before: { name: "Short-lived" } });
    await expectAppError(deletePlan(db, { actor: t.msspAdmin.actor, planId: plan.id }), "NOT_FOUND");
  });

  it("refuses while the plan has gateways (PLAN_NOT_EMPTY, even a customer's), and deletes once they are gone", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Busy" });
    const gateway = await addGateway(t.msspAdmin.actor, t.customer, "R82.10", plan.id);
    const error = await expectAppError(deletePlan(db, { actor: t.msspAdmin.actor, planId: plan.id }), "RULE_VIOLATION", "PLAN_NOT_EMPTY");
    expect(error.message).toMatch(/1 gateway/);
    expect(await db.plan.findUnique({ where: { id: plan.id } })).not.toBeNull();
    expect((await db.gateway.findUniqueOrThrow({ where: { id: gateway.id } })).planId).toBe(plan.id);
    expect((await auditOf(plan.id)).map((e) => e.action)).toEqual(["plan.created"]);

    await removeGateway(db, { actor: t.msspAdmin.actor, gatewayId: gateway.id });
    await deletePlan(db, { actor: t.msspAdmin.actor, planId: plan.id });
    expect(await db.plan.findUnique({ where: { id: plan.id } })).toBeNull();
  });

  it("a viewer or billing user cannot delete", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Kept" });
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(deletePlan(db, { actor: who.actor, planId: plan.id }), "FORBIDDEN");
    }
    expect(await db.plan.findUnique({ where: { id: plan.id } })).not.toBeNull();
  });
});

describe("sharing plans", () => {
  it("shares with a direct child (customer or child MSSP), audits, and can stop sharing", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Shared" });
    const shared = await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    expect(shared.sharedWithAccountId).toBe(t.customer.id);
    // Sharing again with the same child changes nothing.
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    const moved = await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.childMssp.id });
    expect(moved.sharedWithAccountId).toBe(t.childMssp.id);
    const unshared = await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: null });
    expect(unshared.sharedWithAccountId).toBeNull();

    const trail = await auditOf(plan.id);
    expect(trail.map((e) => e.action)).toEqual(["plan.created", "plan.shared", "plan.shared", "plan.unshared"]);
    expect(trail[1]).toMatchObject({ before: { sharedWith: null }, after: { sharedWith: t.customer.name } });
    expect(trail[2]).toMatchObject({ before: { sharedWith: t.customer.name }, after: { sharedWith: t.childMssp.name } });
    expect(trail[3]).toMatchObject({ before: { sharedWith: t.childMssp.name }, after: { sharedWith: null } });
  });

  it("refuses anything but a direct child of the owner and writes nothing", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Careful" });
    const sibling = await makeTenant("plans-sibling");
    for (const target of [t.grandCustomer.id, t.mssp.id, t.distributor.id, MISSING, sibling.customer.id]) {
      const error = await expectAppError(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: target }), "INVALID");
      expect(error.fieldErrors?.childAccountId, target).toBeDefined();
    }
    await expectAppError(sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: "not-a-uuid" }), "NOT_FOUND");
    // A child MSSP's plan can be shared with its own child, not with its parent's other children.
    const childPlan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child" });
    await expectAppError(sharePlan(db, { actor: t.msspAdmin.actor, planId: childPlan.id, childAccountId: t.customer.id }), "INVALID");
    await expect(sharePlan(db, { actor: t.msspAdmin.actor, planId: childPlan.id, childAccountId: t.grandCustomer.id })).resolves.toMatchObject({
      sharedWithAccountId: t.grandCustomer.id,
    });

    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).sharedWithAccountId).toBeNull();
    expect((await auditOf(plan.id)).map((e) => e.action)).toEqual(["plan.created"]);
  });

  it("viewer, billing and the child's own admin cannot share", async () => {
    const t = await makeTenant("plans");
    const plan = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Private" });
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(sharePlan(db, { actor: who.actor, planId: plan.id, childAccountId: t.customer.id }), "FORBIDDEN");
    }
    await expectAppError(sharePlan(db, { actor: t.customerAdmin.actor, planId: plan.id, childAccountId: t.customer.id }), "NOT_FOUND");
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: plan.id, childAccountId: t.customer.id });
    // Once shared the child sees it, but still cannot change its sharing.
    await expectAppError(sharePlan(db, { actor: t.customerAdmin.actor, planId: plan.id, childAccountId: null }), "FORBIDDEN");
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).sharedWithAccountId).toBe(t.customer.id);
  });
});

describe("listing plans", () => {
  it("lists the account's own plans and the plans shared with it, with gateway and old-firmware counts", async () => {
    const t = await makeTenant("plans");
    const a = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "A plan" });
    const b = await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "B plan" });
    await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.childMssp.id, name: "Child plan" });
    await sharePlan(db, { actor: t.msspAdmin.actor, planId: b.id, childAccountId: t.customer.id });
    await addGateway(t.msspAdmin.actor, t.customer, "R81.20", a.id);
    await addGateway(t.msspAdmin.actor, t.customer, "R82", a.id);
    await addGateway(t.msspAdmin.actor, t.mssp, "R82.10", a.id);
    await addGateway(t.msspAdmin.actor, t.customer, "R80.40", b.id);

    const onMssp = (await listPlans(db, { actor: t.msspViewer.actor, accountId: t.mssp.id })).rows;
    expect(onMssp.map((p) => [p.name, p.ownedHere, p.gatewayCount, p.oldFirmwareCount, p.sharedWith?.id ?? null])).toEqual([
      ["A plan", true, 3, 1, null],
      ["B plan", true, 1, 1, t.customer.id],
    ]);

    const onCustomer = (await listPlans(db, { actor: t.customerAdmin.actor, accountId: t.customer.id })).rows;
    expect(onCustomer).toHaveLength(1);
    expect(onCustomer[0]).toMatchObject({ id: b.id, ownedHere: false, owner: { id: t.mssp.id }, licenceType: "SUBSCRIPTION" });

    const onChild = (await listPlans(db, { actor: t.msspBilling.actor, accountId: t.childMssp.id })).rows;
    expect(onChild.map((p) => p.name)).toEqual(["Child plan"]);
  });

  it("pages the plans in name order with keyset cursors, counting gateways per plan on the page", async () => {
    const t = await makeTenant("plans");
    for (const name of ["P3", "P1", "P5", "P2", "P4"]) await createPlan(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name });
    const first = await listPlans(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 2 });
    expect(first.rows.map((p) => p.name)).toEqual(["P1", "P2"]);
    expect(first.total).toBe(5);
    const second = await listPlans(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 2, page: { kind: "after", cursor: first.next! } });
    expect(second.rows.map((p) => [p.name, p.gatewayCount, p.oldFirmwareCount])).toEqual([["P3", 0, 0], ["P4", 0, 0]]);
    const last = await listPlans(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, pageSize: 2, page: { kind: "last" } });
    expect(last.rows.map((p) => p.name)).toEqual(["P4", "P5"]);
  });

  it("someone without a membership above the account cannot list its plans", async () => {
    const t = await makeTenant("plans");
    const outsider = await makeActor(t.customer, "ADMIN");
    await expectAppError(listPlans(db, { actor: outsider.actor, accountId: t.mssp.id }), "NOT_FOUND");
    await expectAppError(listPlans(db, { actor: t.customerAdmin.actor, accountId: t.childMssp.id }), "NOT_FOUND");
  });
});
