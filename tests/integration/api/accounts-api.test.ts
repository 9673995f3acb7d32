import { describe, expect, it } from "vitest";
import { addDays } from "date-fns";
import { db } from "@/server/db";
import { todayIn } from "@/lib/dates";
import { apiClient, expectBodyLimit, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectKeyRefusals, MISSING_ID } from "../../support/api/api-keys";
import { makeTenant } from "../../support/factories";

/** Accounts through the public API: Manage Accounts, Create account, the status change (docs/api.md#accounts). */

async function tenantWithKey(label = "api-acc") {
  const t = await makeTenant(label);
  const msspKey = await apiKeyOf(t.msspAdmin.actor, t.mssp.id);
  return { t, ...msspKey };
}

const newCustomer = (parentId: string, values: Record<string, unknown> = {}) => ({ parentId, name: "Contoso Dental", kind: "CUSTOMER" as const, billingTimezone: "Europe/Madrid", ...values });

describe("GET /api/v1/accounts", () => {
  it("lists the key's account's children by name, with Manage Accounts' filters and cursor paging", async () => {
    const { t, api } = await tenantWithKey();
    const all = await api.GET("/accounts", { params: { query: {} } });
    expect(all.response.status).toBe(200);
    // By name: "…-child-mssp-…" before "…-customer-…".
    expect(all.data!.data.map((a) => a.id)).toEqual([t.childMssp.id, t.customer.id]);
    expect(all.data!.nextCursor).toBeNull();
    const customer = all.data!.data.find((a) => a.id === t.customer.id)!;
    expect(customer).toMatchObject({ parentId: t.mssp.id, kind: "CUSTOMER", status: "ACTIVE", trialEndsOn: null, childCount: 0, userCount: 1, billingTimezone: "UTC" });
    expect(customer.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const customers = await api.GET("/accounts", { params: { query: { kind: "CUSTOMER" } } });
    expect(customers.data!.data.map((a) => a.id)).toEqual([t.customer.id]);
    const searched = await api.GET("/accounts", { params: { query: { q: t.childMssp.name.slice(-8).toUpperCase() } } });
    expect(searched.data!.data.map((a) => a.id)).toEqual([t.childMssp.id]);
    await db.account.update({ where: { id: t.customer.id }, data: { status: "INACTIVE" } });
    const inactive = await api.GET("/accounts", { params: { query: { status: "INACTIVE" } } });
    expect(inactive.data!.data.map((a) => a.id)).toEqual([t.customer.id]);
    const below = await api.GET("/accounts", { params: { query: { parentId: t.childMssp.id } } });
    expect(below.data!.data.map((a) => a.id)).toEqual([t.grandCustomer.id]);

    const first = await api.GET("/accounts", { params: { query: { limit: 1, sort: "kind", dir: "desc" } } });
    // Kinds in their declared order (DISTRIBUTOR, MSSP, CUSTOMER), descending.
    expect(first.data!.data.map((a) => a.kind)).toEqual(["CUSTOMER"]);
    expect(first.data!.nextCursor).toEqual(expect.any(String));
    const second = await api.GET("/accounts", { params: { query: { limit: 1, sort: "kind", dir: "desc", cursor: first.data!.nextCursor! } } });
    expect(second.data).toMatchObject({ data: [{ id: t.childMssp.id }], nextCursor: null });
  });

  it("refuses bad filters naming them (400) and answers 404 for a parent out of reach or malformed", async () => {
    const { t, api } = await tenantWithKey();
    const other = await makeTenant("api-acc-other");
    const bad = await api.GET("/accounts", { params: { query: { kind: "DISTRIBUTOR" as never, limit: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["kind", "limit"]);
    const typo = await api.GET("/accounts", { params: { query: { state: "ACTIVE" } as never } });
    expect(typo.error!.error).toMatchObject({ code: "VALIDATION_FAILED", fields: { state: [expect.stringContaining("Not a parameter")] } });
    const foreignCursor = await api.GET("/accounts", { params: { query: { cursor: "not-a-cursor" } } });
    expect(foreignCursor.response.status).toBe(400);
    expect(foreignCursor.error!.error.fields).toEqual({ cursor: ["Pass the nextCursor of the previous page, unchanged."] });
    for (const parentId of [other.mssp.id, MISSING_ID, "nope", t.distributor.id]) {
      const answer = await api.GET("/accounts", { params: { query: { parentId } } });
      expect({ parentId, status: answer.response.status, code: answer.error?.error.code }).toEqual({ parentId, status: 404, code: "NOT_FOUND" });
    }
  });
});

describe("GET /api/v1/accounts/{accountId}", () => {
  it("answers the key's own account or one below, with an ETag honouring If-None-Match", async () => {
    const { t, api, key } = await tenantWithKey();
    const own = await api.GET("/accounts/{accountId}", { params: { path: { accountId: t.mssp.id } } });
    expect(own.data).toMatchObject({ id: t.mssp.id, parentId: t.distributor.id, kind: "MSSP", childCount: 2, userCount: 3 });
    const trialEnd = addDays(new Date(`${todayIn("UTC")}T00:00:00Z`), 10);
    await db.account.update({ where: { id: t.grandCustomer.id }, data: { status: "IN_TRIAL", trialEndsOn: trialEnd, userCenterId: `UC-${t.grandCustomer.id.slice(0, 8)}` } });
    const grand = await api.GET("/accounts/{accountId}", { params: { path: { accountId: t.grandCustomer.id } } });
    expect(grand.data).toMatchObject({ status: "IN_TRIAL", trialEndsOn: trialEnd.toISOString().slice(0, 10), userCenterId: `UC-${t.grandCustomer.id.slice(0, 8)}` });
    const etag = grand.response.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const unchanged = await apiClient(key, { "if-none-match": etag }).GET("/accounts/{accountId}", { params: { path: { accountId: t.grandCustomer.id } } });
    expect(unchanged.response.status).toBe(304);
    await db.account.update({ where: { id: t.grandCustomer.id }, data: { name: "Renamed grand customer" } });
    const changed = await apiClient(key, { "if-none-match": etag }).GET("/accounts/{accountId}", { params: { path: { accountId: t.grandCustomer.id } } });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get("etag")).not.toBe(etag);
  });

  it("the parent above the key's account, another tenant's account and a malformed id are all the same 404", async () => {
    const { t, api } = await tenantWithKey();
    const other = await makeTenant("api-acc-other");
    const messages = new Set<string>();
    for (const accountId of [t.distributor.id, other.customer.id, MISSING_ID, "not-an-id"]) {
      const answer = await api.GET("/accounts/{accountId}", { params: { path: { accountId } } });
      expect(answer.response.status).toBe(404);
      messages.add(answer.error!.error.message);
    }
    expect([...messages]).toEqual(["Account was not found."]);
  });
});

describe("POST /api/v1/accounts", () => {
  it("an MSSP key creates a customer below it (201), audited as the key; the Idempotency-Key replays it", async () => {
    const { t, key, prefix } = await tenantWithKey();
    const idempotent = apiClient(key, { "idempotency-key": "create-contoso-1" });
    const created = await idempotent.POST("/accounts", { body: newCustomer(t.mssp.id, { userCenterId: `uc-${prefix}` }) });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ parentId: t.mssp.id, name: "Contoso Dental", kind: "CUSTOMER", status: "ACTIVE", billingTimezone: "Europe/Madrid", userCenterId: `uc-${prefix}`, childCount: 0, userCount: 0 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: created.data!.id, action: "account.created" } });
    expect(audit.actorLabel).toBe(`api-key:PSA sync (${prefix})`);
    const replay = await idempotent.POST("/accounts", { body: newCustomer(t.mssp.id, { userCenterId: `uc-${prefix}` }) });
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.data!.id).toBe(created.data!.id);
    expect(await db.account.count({ where: { parentId: t.mssp.id } })).toBe(3);

    const trialEndsOn = todayIn("Pacific/Kiritimati", addDays(new Date(), 30));
    const trial = await apiClient(key).POST("/accounts", { body: newCustomer(t.childMssp.id, { name: "Trial Co", status: "IN_TRIAL", trialEndsOn, billingTimezone: "UTC" }) });
    expect(trial.data).toMatchObject({ parentId: t.childMssp.id, status: "IN_TRIAL", trialEndsOn });
  });

  it("refuses bad input naming each field (400), a kind the parent may not create (403), a taken User Center id (409); nothing written", async () => {
    const { t, api, prefix } = await tenantWithKey();
    const before = await db.account.count({ where: { path: { startsWith: t.distributor.path } } });
    const bad = await api.POST("/accounts", { body: { parentId: "", name: "x", kind: "DISTRIBUTOR" as never, retentionDays: 0, billingTimezone: "Mars/Olympus" } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["billingTimezone", "kind", "name", "parentId", "retentionDays"]);
    const noEnd = await api.POST("/accounts", { body: newCustomer(t.mssp.id, { status: "IN_TRIAL" }) });
    expect(noEnd.error!.error.fields).toEqual({ trialEndsOn: ["A trial account needs its end date."] });
    const today = todayIn("Europe/Madrid");
    const pastTrial = await api.POST("/accounts", { body: newCustomer(t.mssp.id, { status: "IN_TRIAL", trialEndsOn: today }) });
    expect(pastTrial.response.status).toBe(400);
    expect(pastTrial.error!.error.fields).toEqual({ trialEndsOn: [`Choose a date after ${today}.`] });
    const underCustomer = await api.POST("/accounts", { body: newCustomer(t.customer.id) });
    expect({ status: underCustomer.response.status, code: underCustomer.error!.error.code }).toEqual({ status: 403, code: "CHILD_KIND_NOT_ALLOWED" });

    const taken = `uc-taken-${prefix}`;
    await db.account.update({ where: { id: t.customer.id }, data: { userCenterId: taken } });
    const clash = await api.POST("/accounts", { body: newCustomer(t.mssp.id, { userCenterId: taken }) });
    expect({ status: clash.response.status, code: clash.error!.error.code, fields: clash.error!.error.fields }).toEqual({
      status: 409,
      code: "USER_CENTER_ID_TAKEN",
      fields: { userCenterId: ["Another account is already linked to that User Center id."] },
    });
    expect(await db.account.count({ where: { path: { startsWith: t.distributor.path } } })).toBe(before);
  });

  it("a read-only key is refused (403 READ_ONLY_KEY); a parent out of reach is 404", async () => {
    const { t } = await tenantWithKey();
    const other = await makeTenant("api-acc-other");
    const readOnly = await apiKeyOf(t.msspAdmin.actor, t.mssp.id, "READ_ONLY");
    const refused = await readOnly.api.POST("/accounts", { body: newCustomer(t.mssp.id) });
    expect({ status: refused.response.status, code: refused.error!.error.code }).toEqual({ status: 403, code: "READ_ONLY_KEY" });
    const { api } = await apiKeyOf(t.msspAdmin.actor, t.mssp.id);
    for (const parentId of [other.mssp.id, t.distributor.id, "nope"]) {
      const answer = await api.POST("/accounts", { body: newCustomer(parentId) });
      expect({ parentId, status: answer.response.status }).toEqual({ parentId, status: 404 });
    }
    expect(await db.account.count({ where: { name: "Contoso Dental" , path: { startsWith: t.distributor.path } } })).toBe(0);
    expect(await db.account.count({ where: { name: "Contoso Dental", path: { startsWith: other.distributor.path } } })).toBe(0);
  });
});

describe("POST /api/v1/accounts/{accountId}/status", () => {
  it("inactivates with a reason, then reactivates; ends a trial; an account already there is 409", async () => {
    const { t, api, key } = await tenantWithKey();
    const off = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "INACTIVE", reason: "Contract ended" } });
    expect(off.response.status).toBe(200);
    expect(off.data).toMatchObject({ id: t.customer.id, status: "INACTIVE" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { accountId: t.customer.id, action: "account.inactivated" } });
    expect(audit.after).toEqual({ status: "INACTIVE", reason: "Contract ended" });
    expect(await db.accountStatusPeriod.count({ where: { accountId: t.customer.id, status: "INACTIVE" } })).toBe(1);
    const again = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "INACTIVE" } });
    expect({ status: again.response.status, code: again.error!.error.code, message: again.error!.error.message }).toEqual({ status: 409, code: "STATUS_CHANGE_NOT_ALLOWED", message: "The account is already inactive." });
    const on = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "ACTIVE" } });
    expect(on.data!.status).toBe("ACTIVE");

    await db.account.update({ where: { id: t.grandCustomer.id }, data: { status: "IN_TRIAL", trialEndsOn: new Date("2099-01-31T00:00:00Z") } });
    const ended = await apiClient(key).POST("/accounts/{accountId}/status", { params: { path: { accountId: t.grandCustomer.id } }, body: { status: "ACTIVE" } });
    expect(ended.data).toMatchObject({ status: "ACTIVE", trialEndsOn: null });
    expect(await db.auditEvent.count({ where: { accountId: t.grandCustomer.id, action: "account.trial_activated" } })).toBe(1);
  });

  it("If-Match: a stale ETag is 412 and changes nothing; the current one applies", async () => {
    const { t, api, key } = await tenantWithKey();
    const read = await api.GET("/accounts/{accountId}", { params: { path: { accountId: t.customer.id } } });
    const etag = read.response.headers.get("etag")!;
    await db.account.update({ where: { id: t.customer.id }, data: { name: "Renamed by someone else" } });
    const stale = await apiClient(key, { "if-match": etag }).POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "INACTIVE" } });
    expect({ status: stale.response.status, code: stale.error!.error.code }).toEqual({ status: 412, code: "PRECONDITION_FAILED" });
    expect((await db.account.findUniqueOrThrow({ where: { id: t.customer.id } })).status).toBe("ACTIVE");
    const fresh = await api.GET("/accounts/{accountId}", { params: { path: { accountId: t.customer.id } } });
    const applied = await apiClient(key, { "if-match": fresh.response.headers.get("etag")! }).POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "INACTIVE" } });
    expect(applied.response.status).toBe(200);
    expect(applied.response.headers.get("etag")).not.toBe(fresh.response.headers.get("etag"));
  });

  it("the key's own account is decided above (403 STATUS_MANAGED_ABOVE); bad status 400; out of reach 404", async () => {
    const { t, api } = await tenantWithKey();
    const other = await makeTenant("api-acc-other");
    const own = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.mssp.id } }, body: { status: "INACTIVE" } });
    expect({ status: own.response.status, code: own.error!.error.code }).toEqual({ status: 403, code: "STATUS_MANAGED_ABOVE" });
    const bad = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "IN_TRIAL" as never } });
    expect(bad.error!.error).toMatchObject({ code: "VALIDATION_FAILED", fields: { status: ["Choose ACTIVE or INACTIVE."] } });
    for (const accountId of [other.customer.id, t.distributor.id, "nope"]) {
      const answer = await api.POST("/accounts/{accountId}/status", { params: { path: { accountId } }, body: { status: "INACTIVE" } });
      expect({ accountId, status: answer.response.status }).toEqual({ accountId, status: 404 });
    }
    expect(await db.account.count({ where: { id: { in: [t.mssp.id, other.customer.id, t.distributor.id] }, status: "INACTIVE" } })).toBe(0);
  });
});

describe("every Accounts operation", () => {
  it("answers 401 without a valid key and 429 past the key's rate limit", async () => {
    const { t } = await tenantWithKey();
    const calls = (client: ReturnType<typeof apiClient>) => [
      () => client.GET("/accounts", { params: { query: {} } }),
      () => client.GET("/accounts/{accountId}", { params: { path: { accountId: t.customer.id } } }),
      () => client.POST("/accounts", { body: newCustomer(t.mssp.id) }),
      () => client.POST("/accounts/{accountId}/status", { params: { path: { accountId: t.customer.id } }, body: { status: "INACTIVE" } }),
    ];
    await expectKeyRefusals(calls, async () => (await apiKeyOf(t.msspAdmin.actor, t.mssp.id)).api);
    await expectBodyLimit("Accounts");
    expectEveryDocumentedStatus("Accounts");
  });
});
