import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { registerDevice, registerDeviceSchema } from "@/server/devices/register-device";
import { pairDevice } from "@/server/devices/pair-device";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createEndUser } from "@/server/end-users/create-end-user";
import { createGroup } from "@/server/end-users/create-group";
import { endUserSchema, groupSchema } from "@/server/end-users/end-user-input";
import { apiClient, expectBodyLimit, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectKeyRefusals, MISSING_ID } from "../../support/api/api-keys";
import type { paths } from "../../support/api/v1-schema";
import { makeTenant } from "../../support/factories";

/** Devices and end users through the public API: lists, one object, pairing (docs/api.md#devices-and-end-users). */

/**
 * A customer with end users Alice (in group Sales, an endpoint paired to her) and Bob, a standalone
 * user seat and an access point; an endpoint at the MSSP; the MSSP's key.
 */
async function world(label = "api-dev") {
  const t = await makeTenant(label);
  const admin = t.msspAdmin.actor;
  const device = (accountId: string, externalId: string, kind: "ENDPOINT" | "USER_SEAT" | "ACCESS_POINT", name?: string) =>
    registerDevice(db, { actor: admin, accountId, input: registerDeviceSchema.parse({ externalId, kind, name }) });
  const alice = await createEndUser(db, { actor: admin, accountId: t.customer.id, input: endUserSchema.parse({ name: "Alice Martin", email: "Alice@Example.com", externalId: "alice.martin" }) });
  const bob = await createEndUser(db, { actor: admin, accountId: t.customer.id, input: endUserSchema.parse({ name: "Bob Stone", externalId: "bob.stone" }) });
  const sales = await createGroup(db, { actor: admin, accountId: t.customer.id, input: groupSchema.parse({ name: "Sales" }) });
  await addGroupMembers(db, { actor: admin, accountId: t.customer.id, groupId: sales.id, endUserIds: [alice.id] });
  const laptop = await device(t.customer.id, "EP-LAPTOP-1", "ENDPOINT", "Alice's laptop");
  await pairDevice(db, { actor: admin, deviceId: laptop.id, endUserId: alice.id });
  const seat = await device(t.customer.id, "US-0001", "USER_SEAT");
  const accessPoint = await device(t.customer.id, "AP-LOBBY", "ACCESS_POINT");
  const msspEndpoint = await device(t.mssp.id, "EP-MSSP-1", "ENDPOINT");
  const { key, api } = await apiKeyOf(admin, t.mssp.id);
  return { t, key, api, alice, bob, laptop, seat, accessPoint, msspEndpoint };
}

describe("Devices", () => {
  it("lists the devices of an account and below with the page's search, filters, sorts and paging", async () => {
    const { t, api, alice, laptop, seat, accessPoint, msspEndpoint } = await world();
    const seenAt = new Date(Date.now() - 3 * 86_400_000);
    await db.device.update({ where: { id: seat.id }, data: { firstSeenAt: seenAt, lastSeenAt: seenAt } });
    const all = await api.GET("/devices", { params: { query: {} } });
    expect(all.data!.data.map((d) => d.externalId)).toEqual(["AP-LOBBY", "EP-LAPTOP-1", "EP-MSSP-1", "US-0001"]);
    expect(all.data!.data[1]).toEqual({
      id: laptop.id,
      externalId: "EP-LAPTOP-1",
      name: "Alice's laptop",
      kind: "ENDPOINT",
      account: { id: t.customer.id, name: t.customer.name },
      pairedTo: { id: alice.id, name: "Alice Martin" },
      gatewayName: null,
      registeredBy: "admin",
      firstSeenAt: null,
      lastSeenAt: null,
    });
    expect(all.data!.data[3]).toMatchObject({ pairedTo: null, lastSeenAt: seenAt.toISOString() });
    const ids = async (query: NonNullable<paths["/devices"]["get"]["parameters"]["query"]>) => (await api.GET("/devices", { params: { query } })).data!.data.map((d) => d.id);
    expect(await ids({ pairing: "PAIRED" })).toEqual([laptop.id]);
    expect(await ids({ pairing: "STANDALONE", kind: "ENDPOINT" })).toEqual([msspEndpoint.id]);
    expect(await ids({ q: "lobby" })).toEqual([accessPoint.id]);
    // Silent 2+ days: the seat (seen 3 days ago) and every device never seen.
    expect(await ids({ silentDays: 2, accountId: t.customer.id, sort: "kind", dir: "desc" })).toEqual([accessPoint.id, seat.id, laptop.id]);
    expect(await ids({ silentDays: 4, accountId: t.customer.id })).toEqual([accessPoint.id, laptop.id]);
    const first = await api.GET("/devices", { params: { query: { limit: 3 } } });
    const rest = await api.GET("/devices", { params: { query: { limit: 3, cursor: first.data!.nextCursor! } } });
    expect(rest.data).toMatchObject({ data: [{ id: seat.id }], nextCursor: null });

    const bad = await api.GET("/devices", { params: { query: { kind: "PHONE" as never, pairing: "paired" as never, silentDays: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["kind", "pairing", "silentDays"]);
    for (const accountId of [t.distributor.id, MISSING_ID, "x"]) expect((await api.GET("/devices", { params: { query: { accountId } } })).response.status).toBe(404);
  });

  it("gets a device with an ETag (304 when unchanged); 404 outside reach", async () => {
    const { key, api, laptop } = await world();
    const other = await world("api-dev-other");
    const read = await api.GET("/devices/{deviceId}", { params: { path: { deviceId: laptop.id } } });
    expect(read.data).toMatchObject({ id: laptop.id, kind: "ENDPOINT" });
    const etag = read.response.headers.get("etag")!;
    expect((await apiClient(key, { "if-none-match": etag }).GET("/devices/{deviceId}", { params: { path: { deviceId: laptop.id } } })).response.status).toBe(304);
    for (const deviceId of [other.laptop.id, MISSING_ID, "x"]) {
      const answer = await api.GET("/devices/{deviceId}", { params: { path: { deviceId } } });
      expect({ deviceId, status: answer.response.status, message: answer.error?.error.message }).toEqual({ deviceId, status: 404, message: "Device was not found." });
    }
  });

  it("pairs a device to an end user of its own account and unpairs it; refuses others' end users, gateways and access points", async () => {
    const { t, api, bob, alice, seat, laptop, accessPoint, msspEndpoint } = await world();
    const paired = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: bob.id } });
    expect(paired.response.status).toBe(200);
    expect(paired.data!.pairedTo).toEqual({ id: bob.id, name: "Bob Stone" });
    const moved = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: laptop.id } }, body: { endUserId: null } });
    expect(moved.data!.pairedTo).toBeNull();
    expect((await db.auditEvent.findFirstOrThrow({ where: { objectId: laptop.id, action: "device.unpaired" } })).after).toEqual({ endUser: null });
    expect((await api.GET("/end-users/{endUserId}", { params: { path: { endUserId: alice.id } } })).data!.pairedDevices).toBe(0);

    // Alice belongs to the customer; the MSSP's endpoint cannot point at her.
    const otherAccount = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: msspEndpoint.id } }, body: { endUserId: alice.id } });
    expect({ status: otherAccount.response.status, fields: otherAccount.error!.error.fields }).toEqual({ status: 400, fields: { endUserId: ["Unknown end user."] } });
    const garbled = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: "bob" } });
    expect(garbled.error!.error.fields).toEqual({ endUserId: ["Unknown end user."] });
    const missing = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: {} as never });
    expect(missing.error!.error).toMatchObject({ code: "VALIDATION_FAILED", fields: { endUserId: ["Give the end user's id, or null to unpair."] } });
    const notPairable = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: accessPoint.id } }, body: { endUserId: bob.id } });
    expect({ status: notPairable.response.status, code: notPairable.error!.error.code, message: notPairable.error!.error.message }).toEqual({
      status: 422,
      code: "DEVICE_NOT_PAIRABLE",
      message: "An access point is not paired to a person: only endpoints and user seats are.",
    });
    expect((await db.device.findMany({ where: { account: { path: { startsWith: t.mssp.path } }, endUserId: { not: null } } })).map((d) => d.id)).toEqual([seat.id]);
  });

  it("If-Match: a stale ETag is 412 and pairs nothing; read-only keys 403; other tenants' devices 404", async () => {
    const { t, key, api, seat, bob } = await world();
    const other = await world("api-dev-other");
    const etag = (await api.GET("/devices/{deviceId}", { params: { path: { deviceId: seat.id } } })).response.headers.get("etag")!;
    await db.device.update({ where: { id: seat.id }, data: { name: "Front desk seat" } });
    const stale = await apiClient(key, { "if-match": etag }).POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: bob.id } });
    expect({ status: stale.response.status, code: stale.error!.error.code }).toEqual({ status: 412, code: "PRECONDITION_FAILED" });
    expect((await db.device.findUniqueOrThrow({ where: { id: seat.id } })).endUserId).toBeNull();
    const fresh = (await api.GET("/devices/{deviceId}", { params: { path: { deviceId: seat.id } } })).response.headers.get("etag")!;
    expect((await apiClient(key, { "if-match": fresh }).POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: bob.id } })).response.status).toBe(200);

    const readOnly = await apiKeyOf(t.msspAdmin.actor, t.mssp.id, "READ_ONLY");
    const refused = await readOnly.api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: null } });
    expect({ status: refused.response.status, code: refused.error!.error.code }).toEqual({ status: 403, code: "READ_ONLY_KEY" });
    for (const deviceId of [other.seat.id, MISSING_ID, "x"]) {
      expect((await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId } }, body: { endUserId: null } })).response.status).toBe(404);
    }
    expect((await db.device.findUniqueOrThrow({ where: { id: other.laptop.id } })).endUserId).toBe(other.alice.id);
  });

  it("every operation answers 401 without a key and 429 past the limit", async () => {
    const { t, seat } = await world();
    await expectKeyRefusals(
      (client) => [
        () => client.GET("/devices", { params: { query: {} } }),
        () => client.GET("/devices/{deviceId}", { params: { path: { deviceId: seat.id } } }),
        () => client.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: seat.id } }, body: { endUserId: null } }),
      ],
      async () => (await apiKeyOf(t.msspAdmin.actor, t.mssp.id)).api,
    );
    await expectBodyLimit("Devices");
    expectEveryDocumentedStatus("Devices");
  });
});

describe("End users", () => {
  it("lists a customer's end users by name with search and paging; other accounts are 404", async () => {
    const { t, api, alice, bob } = await world();
    const all = await api.GET("/end-users", { params: { query: { accountId: t.customer.id } } });
    expect(all.data!.data.map((u) => u.id)).toEqual([alice.id, bob.id]);
    expect(all.data!.data[0]).toEqual({
      id: alice.id,
      accountId: t.customer.id,
      name: "Alice Martin",
      email: "alice@example.com",
      externalId: "alice.martin",
      source: "admin",
      groups: ["Sales"],
      subscriptions: [],
      pairedDevices: 1,
      lastSeenAt: null,
    });
    const searched = await api.GET("/end-users", { params: { query: { accountId: t.customer.id, q: "STONE" } } });
    expect(searched.data!.data.map((u) => u.id)).toEqual([bob.id]);
    const first = await api.GET("/end-users", { params: { query: { accountId: t.customer.id, limit: 1 } } });
    const second = await api.GET("/end-users", { params: { query: { accountId: t.customer.id, limit: 1, cursor: first.data!.nextCursor! } } });
    expect(second.data).toMatchObject({ data: [{ id: bob.id }], nextCursor: null });
    const noAccount = await api.GET("/end-users", { params: { query: {} as never } });
    expect(noAccount.response.status).toBe(400);
    expect(Object.keys(noAccount.error!.error.fields!)).toEqual(["accountId"]);
    // Only customers have end users: the MSSP itself is "not found", like an account out of reach.
    for (const accountId of [t.mssp.id, t.distributor.id, MISSING_ID, "x"]) expect((await api.GET("/end-users", { params: { query: { accountId } } })).response.status).toBe(404);
  });

  it("gets an end user with an ETag (304 when unchanged); 404 outside reach", async () => {
    const { key, api, alice } = await world();
    const other = await world("api-eu-other");
    const read = await api.GET("/end-users/{endUserId}", { params: { path: { endUserId: alice.id } } });
    expect(read.data).toMatchObject({ id: alice.id, groups: ["Sales"], pairedDevices: 1 });
    const etag = read.response.headers.get("etag")!;
    expect((await apiClient(key, { "if-none-match": etag }).GET("/end-users/{endUserId}", { params: { path: { endUserId: alice.id } } })).response.status).toBe(304);
    for (const endUserId of [other.alice.id, MISSING_ID, "x"]) {
      const answer = await api.GET("/end-users/{endUserId}", { params: { path: { endUserId } } });
      expect({ endUserId, status: answer.response.status, message: answer.error?.error.message }).toEqual({ endUserId, status: 404, message: "End user was not found." });
    }
  });

  it("every operation answers 401 without a key and 429 past the limit", async () => {
    const { t, alice } = await world();
    await expectKeyRefusals(
      (client) => [
        () => client.GET("/end-users", { params: { query: { accountId: t.customer.id } } }),
        () => client.GET("/end-users/{endUserId}", { params: { path: { endUserId: alice.id } } }),
      ],
      async () => (await apiKeyOf(t.msspAdmin.actor, t.mssp.id)).api,
    );
    await expectBodyLimit("End users");
    expectEveryDocumentedStatus("End users");
  });
});
