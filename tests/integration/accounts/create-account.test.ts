import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAccount } from "@/server/accounts/create-account";
import { createAccountSchema, type CreateAccountInput } from "@/server/accounts/account-input";
import { makeTenant, unique } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";

const input = (overrides: Partial<CreateAccountInput> = {}): CreateAccountInput =>
  createAccountSchema.parse({ name: unique("Acme"), kind: "CUSTOMER", ...overrides });

describe("creating accounts", () => {
  it("an MSSP admin creates a customer below the MSSP, with its path, depth and an audit entry", async () => {
    const t = await makeTenant();
    const account = await createAccount(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, input: input() });
    expect(account.parentId).toBe(t.mssp.id);
    expect(account.path).toBe(`${t.mssp.path}${account.id}/`);
    expect(account.depth).toBe(t.mssp.depth + 1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "account.created" } });
    expect(audit.actorLabel).toBe(t.msspAdmin.email);
    expect(audit.after).toMatchObject({ name: account.name, kind: "CUSTOMER" });
  });

  it("an MSSP admin creates an MSSP child account", async () => {
    const t = await makeTenant();
    const account = await createAccount(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, input: input({ kind: "MSSP" }) });
    expect(account.kind).toBe("MSSP");
  });

  it("a distributor admin creates MSSPs but not customers", async () => {
    const t = await makeTenant();
    const mssp = await createAccount(db, { actor: t.distributorAdmin.actor, parentId: t.distributor.id, input: input({ kind: "MSSP" }) });
    expect(mssp.kind).toBe("MSSP");
    await expectAppError(
      createAccount(db, { actor: t.distributorAdmin.actor, parentId: t.distributor.id, input: input({ kind: "CUSTOMER" }) }),
      "FORBIDDEN",
      "CHILD_KIND_NOT_ALLOWED",
    );
  });

  it("a customer account cannot have children", async () => {
    const t = await makeTenant();
    await expectAppError(
      createAccount(db, { actor: t.customerAdmin.actor, parentId: t.customer.id, input: input() }),
      "FORBIDDEN",
      "CHILD_KIND_NOT_ALLOWED",
    );
  });

  it("viewers and billing users cannot create accounts", async () => {
    const t = await makeTenant();
    for (const who of [t.msspViewer, t.msspBilling]) {
      await expectAppError(
        createAccount(db, { actor: who.actor, parentId: t.mssp.id, input: input() }),
        "FORBIDDEN",
        "ROLE_NOT_ALLOWED",
      );
    }
    expect(await db.account.count({ where: { parentId: t.mssp.id } })).toBe(2);
  });

  it("a customer admin cannot create above itself (the MSSP is out of reach: not found)", async () => {
    const t = await makeTenant();
    await expectAppError(createAccount(db, { actor: t.customerAdmin.actor, parentId: t.mssp.id, input: input() }), "NOT_FOUND");
  });

  it("a trial account needs an end date after today in its timezone", async () => {
    expect(createAccountSchema.safeParse({ name: "Trial Co", kind: "CUSTOMER", status: "IN_TRIAL" }).success).toBe(false);
    const t = await makeTenant();
    const now = new Date("2026-06-30T23:30:00Z");
    // 2026-07-01 is already today in Kiritimati (UTC+14): refused.
    await expectAppError(
      createAccount(db, {
        actor: t.msspAdmin.actor,
        parentId: t.mssp.id,
        now,
        input: input({ status: "IN_TRIAL", trialEndsOn: "2026-07-01", billingTimezone: "Pacific/Kiritimati" }),
      }),
      "INVALID",
    );
    const trial = await createAccount(db, {
      actor: t.msspAdmin.actor,
      parentId: t.mssp.id,
      now,
      input: input({ status: "IN_TRIAL", trialEndsOn: "2026-07-01", billingTimezone: "Pacific/Honolulu" }),
    });
    expect(trial.status).toBe("IN_TRIAL");
    expect(trial.trialEndsOn?.toISOString().slice(0, 10)).toBe("2026-07-01");
  });

  it("a User Center id links one account only", async () => {
    const t = await makeTenant();
    const userCenterId = unique("UC");
    await createAccount(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, input: input({ userCenterId }) });
    const error = await expectAppError(
      createAccount(db, { actor: t.msspAdmin.actor, parentId: t.mssp.id, input: input({ userCenterId }) }),
      "CONFLICT",
      "USER_CENTER_ID_TAKEN",
    );
    expect(error.fieldErrors?.userCenterId).toBeDefined();
  });

  it("rejects bad input with the field named", () => {
    const result = createAccountSchema.safeParse({ name: "x", kind: "DISTRIBUTOR", billingTimezone: "Mars/Base", retentionDays: "-1" });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error!.flatten().fieldErrors);
    expect(fields).toEqual(expect.arrayContaining(["name", "kind", "billingTimezone", "retentionDays"]));
  });
});
