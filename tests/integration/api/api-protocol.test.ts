import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { registerDevice, registerDeviceSchema } from "@/server/devices/register-device";
import { makeTenant } from "../../support/factories";
import { apiClient } from "../../support/api/api-client";

/**
 * The protocol rules every operation shares (docs/api.md): what an ETag covers, strong If-Match,
 * If-None-Match: *, the ETag of a replayed answer, and dates out of the portal's window refused
 * as bad input, never a 500.
 */

async function setup(label: string) {
  const t = await makeTenant(label);
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "PSA" });
  return { t, key, api: apiClient(key) };
}

describe("API protocol", () => {
  it("a device's ETag ignores what telemetry moves (last seen): If-Match still holds after it reported", async () => {
    const { t, api } = await setup("proto-etag");
    const device = await registerDevice(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: registerDeviceSchema.parse({ externalId: "EP-1", kind: "ENDPOINT" }) });
    const before = (await api.GET("/devices/{deviceId}", { params: { path: { deviceId: device.id } } })).response.headers.get("ETag")!;
    const seen = new Date(Date.now() - 60_000);
    await db.device.update({ where: { id: device.id }, data: { firstSeenAt: seen, lastSeenAt: seen } });
    const after = await api.GET("/devices/{deviceId}", { params: { path: { deviceId: device.id } } });
    expect(after.data!.lastSeenAt).toBe(seen.toISOString());
    expect(after.response.headers.get("ETag")).toBe(before);
    const paired = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: device.id }, header: { "If-Match": before } as never }, body: { endUserId: null } });
    expect(paired.response.status).toBe(200);
  });

  it("If-Match compares strongly (a weak tag never matches); If-None-Match: * is 304; a replayed answer carries its ETag", async () => {
    const { t, api } = await setup("proto-match");
    const created = await api.POST("/contracts", { params: { header: { "Idempotency-Key": "proto-1" } }, body: { accountId: t.customer.id, service: "harmony-browse", type: "PAYG", quantity: 2, addOns: [] } });
    const contract = created.data!;
    const read = await api.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id } } });
    const etag = read.response.headers.get("ETag")!;
    const weak = await api.PATCH("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-Match": `W/${etag}` } }, body: { quantity: 3, addAddOns: [], removeAddOns: [] } });
    expect(weak.response.status).toBe(412);
    const any = await api.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-None-Match": "*" } } });
    expect(any.response.status).toBe(304);
    const weakNoneMatch = await api.GET("/contracts/{contractId}", { params: { path: { contractId: contract.id }, header: { "If-None-Match": `W/${etag}` } } });
    expect(weakNoneMatch.response.status).toBe(304);
    const cancel = () =>
      api.POST("/contracts/{contractId}/cancel", { params: { path: { contractId: contract.id }, header: { "Idempotency-Key": "proto-2" } }, body: { reason: "Moving on" } });
    const canceled = await cancel();
    const replay = await cancel();
    expect(canceled.response.headers.get("ETag")).toMatch(/^".+"$/);
    expect([replay.response.status, replay.response.headers.get("Idempotent-Replayed"), replay.response.headers.get("ETag")]).toEqual([200, "true", canceled.response.headers.get("ETag")]);
  });

  it("days and months outside 2000–2100 are a 400 naming the field, never a 500", async () => {
    const { t, api } = await setup("proto-dates");
    const statements = await api.GET("/statements", { params: { query: { accountId: t.mssp.id, month: "0000-01" } } });
    expect([statements.response.status, Object.keys(statements.error!.error.fields!)]).toEqual([400, ["month"]]);
    const licences = await api.GET("/location-licences", { params: { query: { accountId: t.mssp.id, endFrom: "0000-01-01", endTo: "9999-12-31" } } });
    expect([licences.response.status, Object.keys(licences.error!.error.fields!).sort()]).toEqual([400, ["endFrom", "endTo"]]);
  });
});
