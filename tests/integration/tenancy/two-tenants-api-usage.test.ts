import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { addMonthsIso, daysInMonthOf, todayIn } from "@/lib/dates";
import { makeTenant } from "../../support/factories";
import { insertContract } from "../../support/contract-factories";
import { ingest, keyActor } from "../../support/telemetry-helpers";
import { apiClient } from "../../support/api/api-client";
import { apiKeyOf } from "../../support/api/account-keys";

/**
 * Usage through the API across tenants: a key of tenant A gets 404 for every account of B (the
 * answer of a missing id), and A's evidence never lists B's devices, though both report the same ids.
 */

const DX = "defensx-web-security";
const MISSING = "00000000-0000-4000-8000-000000000000";

function pastMonth(): string {
  return addMonthsIso(`${todayIn("UTC").slice(0, 7)}-01`, -2).slice(0, 7);
}

describe("two tenants: usage through the API", () => {
  it("A's keys get 404 for every account of B; A's evidence holds A's devices only", async () => {
    const month = pastMonth();
    const day = `${month}-${String(Math.min(10, daysInMonthOf(month))).padStart(2, "0")}`;
    const [a, b] = [await makeTenant("api-usage-a"), await makeTenant("api-usage-b")];
    for (const t of [a, b]) {
      await insertContract({ accountId: t.customer.id, type: "PAYG", serviceCode: DX, registeredOn: `${month}-01`, expiresOn: null });
      await ingest(await keyActor(t.mssp, t.msspAdmin.actor), [{ deviceId: "laptop-1", at: `${day}T09:00:00Z`, accountId: t.customer.id }], `${day}T23:00:00Z`);
    }
    await ingest(await keyActor(b.mssp, b.msspAdmin.actor), [{ deviceId: "laptop-2", at: `${day}T10:00:00Z`, accountId: b.customer.id }], `${day}T23:30:00Z`);
    const dx = await db.service.findUniqueOrThrow({ where: { code: DX } });

    const keys = [
      await apiKeyOf(a.distributor, a.distributorAdmin),
      await apiKeyOf(a.mssp, a.msspAdmin, "READ_ONLY"),
      await apiKeyOf(a.customer, a.customerAdmin),
    ];
    const missing = await apiClient(keys[0]!).GET("/usage", { params: { query: { accountId: MISSING } } });
    expect(missing.response.status).toBe(404);
    for (const key of keys) {
      const client = apiClient(key);
      for (const accountId of [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer].map((account) => account.id)) {
        const answers = [
          await client.GET("/usage", { params: { query: { accountId, month } } }),
          await client.GET("/usage/daily", { params: { query: { accountId, month, serviceId: dx.id } } }),
          await client.GET("/usage/evidence", { params: { query: { accountId, serviceId: dx.id, day } } }),
        ];
        for (const answer of answers) {
          expect(answer.response.status).toBe(404);
          expect(answer.error!.error).toEqual(missing.error!.error);
        }
      }
    }

    const ownEvidence = await apiClient(keys[1]!).GET("/usage/evidence", { params: { query: { accountId: a.customer.id, serviceId: dx.id, day } } });
    const aDevice = await db.device.findFirstOrThrow({ where: { accountId: a.customer.id, externalId: "laptop-1" } });
    expect(ownEvidence.data).toEqual({ data: [expect.objectContaining({ deviceId: aDevice.id, externalId: "laptop-1" })], nextCursor: null });
    // A cursor made from B's list only positions A's: it never reads B's rows.
    const bFirst = await apiClient(await apiKeyOf(b.customer, b.customerAdmin)).GET("/usage/evidence", { params: { query: { accountId: b.customer.id, serviceId: dx.id, day, limit: 1 } } });
    expect(bFirst.data!.nextCursor).not.toBeNull();
    const positioned = await apiClient(keys[2]!).GET("/usage/evidence", { params: { query: { accountId: a.customer.id, serviceId: dx.id, day, cursor: bFirst.data!.nextCursor! } } });
    expect(positioned.data).toEqual({ data: [], nextCursor: null });
    const daily = await apiClient(keys[2]!).GET("/usage/daily", { params: { query: { accountId: a.customer.id, month } } });
    expect(daily.data!.services.flatMap((service) => service.days).reduce((sum, row) => sum + row.activeDevices, 0)).toBeLessThanOrEqual(1);
  });
});
