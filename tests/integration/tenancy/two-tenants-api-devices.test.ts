import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { registerDevice, registerDeviceSchema } from "@/server/devices/register-device";
import { createEndUser } from "@/server/end-users/create-end-user";
import { endUserSchema } from "@/server/end-users/end-user-input";
import { apiKeyOf } from "../../support/api/api-keys";
import { makeTenant, type TestAccount } from "../../support/factories";

/** Two tenants through the API's Devices and End users operations (docs/api.md#devices-and-end-users). */

async function snapshot(root: TestAccount) {
  const scope = { account: { path: { startsWith: root.path } } };
  const [devices, endUsers, audit] = await Promise.all([
    db.device.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.endUser.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: scope }),
  ]);
  return { devices, endUsers, audit };
}

describe("two tenants: Devices and End users API", () => {
  it("A's keys get 404 for every device, end user and account of B; B's end users cannot be paired to A's devices; lists hold nothing of B", async () => {
    const a = await makeTenant("api2-dev-a");
    const b = await makeTenant("api2-dev-b");
    const endUser = (t: typeof a, externalId: string) => createEndUser(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, input: endUserSchema.parse({ name: `User ${externalId}`, externalId }) });
    const device = (t: typeof a, account: TestAccount, externalId: string) =>
      registerDevice(db, { actor: t.msspAdmin.actor, accountId: account.id, input: registerDeviceSchema.parse({ externalId, kind: "ENDPOINT" }) });
    const bUser = await endUser(b, "b-user");
    const bDevices = [await device(b, b.customer, "B-EP-1"), await device(b, b.grandCustomer, "B-EP-2")];
    const aDevice = await device(a, a.customer, "A-EP-1");
    await endUser(a, "a-user");
    const before = await snapshot(b.distributor);

    for (const { actor, account } of [
      { actor: a.distributorAdmin.actor, account: a.distributor },
      { actor: a.msspAdmin.actor, account: a.mssp },
      { actor: a.customerAdmin.actor, account: a.customer },
    ]) {
      const { api } = await apiKeyOf(actor, account.id);
      for (const d of bDevices) {
        expect((await api.GET("/devices/{deviceId}", { params: { path: { deviceId: d.id } } })).response.status).toBe(404);
        for (const endUserId of [null, bUser.id]) {
          expect((await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: d.id } }, body: { endUserId } })).response.status).toBe(404);
        }
        expect((await api.GET("/devices", { params: { query: { q: d.externalId } } })).data!.data).toEqual([]);
      }
      expect((await api.GET("/end-users/{endUserId}", { params: { path: { endUserId: bUser.id } } })).response.status).toBe(404);
      // B's end user in the body: refused on the field, exactly as an unknown id.
      const planted = await api.POST("/devices/{deviceId}/pairing", { params: { path: { deviceId: aDevice.id } }, body: { endUserId: bUser.id } });
      expect({ status: planted.response.status, fields: planted.error!.error.fields }).toEqual({ status: 400, fields: { endUserId: ["Unknown end user."] } });
      for (const bAccount of [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer]) {
        expect((await api.GET("/devices", { params: { query: { accountId: bAccount.id } } })).response.status).toBe(404);
        expect((await api.GET("/end-users", { params: { query: { accountId: bAccount.id } } })).response.status).toBe(404);
      }
      const devices = await api.GET("/devices", { params: { query: { limit: 100 } } });
      expect(devices.data!.data.filter((d) => d.externalId.startsWith("B-"))).toEqual([]);
      const users = await api.GET("/end-users", { params: { query: { accountId: a.customer.id, q: "user", limit: 100 } } });
      expect(users.data!.data.map((u) => u.externalId)).toEqual(["a-user"]);
    }
    expect((await db.device.findUniqueOrThrow({ where: { id: aDevice.id } })).endUserId).toBeNull();
    expect(await snapshot(b.distributor)).toEqual(before);
  });
});
