import { describe, expect, it } from "vitest";
import { POST as postTelemetry } from "@/app/api/v1/telemetry/route";
import { GET as getContracts, POST as postContract } from "@/app/api/v1/contracts/route";
import { db } from "@/server/db";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { makeTenant } from "../../support/factories";
import { accountWrites } from "../../support/contract-factories";

/*
 * Text PostgreSQL cannot store (NUL, lone surrogates) and dates outside the
 * window are refused at the edge with a 400 naming the field, never a 500 from
 * the database; nothing is written (docs/input-validation.md).
 */

const NUL = "\u0000";

function request(handler: (request: Request) => Promise<Response>, url: string, key: string, body: unknown) {
  return handler(
    new Request(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) }),
  );
}

interface ApiError {
  error: { code: string; faults?: { index: number; field: string; message: string }[]; fields?: Record<string, string[]> };
}

async function tenantWithKey() {
  const t = await makeTenant("unstorable");
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Collector" });
  return { t, key };
}

const at = () => new Date(Date.now() - 30 * 60_000).toISOString();

describe("unstorable text and impossible dates at the public API", () => {
  it("telemetry: NUL in deviceId / eventId / firmware and an `at` in year 0 → 400 naming each field, nothing written", async () => {
    const { t, key } = await tenantWithKey();
    const base = { kind: "GATEWAY", at: at() };
    const response = await request(postTelemetry, "http://test/api/v1/telemetry", key, {
      events: [
        { ...base, deviceId: `gw${NUL}1` },
        { ...base, deviceId: "gw-2", eventId: `e${NUL}` },
        { ...base, deviceId: "gw-3", firmware: `R82${NUL}` },
        { ...base, deviceId: "gw-4", at: "0000-01-01T00:00:00Z" },
        { ...base, deviceId: "gw-5", at: "9999-12-31T23:59:59Z" },
        { ...base, deviceId: "\uDC00" },
      ],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ApiError;
    expect(body.error.code).toBe("INVALID_BATCH");
    expect(body.error.faults!.map(({ index, field }) => `${index}:${field}`)).toEqual(["0:deviceId", "1:eventId", "2:firmware", "3:at", "4:at", "5:deviceId"]);
    expect(body.error.faults![3]!.message).toBe("Choose a date between 2000-01-01 and 2100-12-31.");
    expect(await db.device.count({ where: { accountId: t.mssp.id } })).toBe(0);
  });

  it("contracts: NUL in service or subscriptionReference → 400 naming the field; a NUL accountId in the list → not found", async () => {
    const { t, key } = await tenantWithKey();
    const before = await accountWrites(t.customer.id);
    const contract = { accountId: t.customer.id, service: "quantum-spark-management", type: "SUBSCRIPTION", quantity: 5, subscriptionReference: "PO-1" };
    for (const [field, value] of [
      ["service", `quantum${NUL}`],
      ["subscriptionReference", `PO${NUL}1`],
      ["packageSku", NUL],
      ["addOns", [`QSM${NUL}`]],
    ] as const) {
      const response = await request(postContract, "http://test/api/v1/contracts", key, { ...contract, [field]: value });
      expect(response.status, field).toBe(400);
      const body = (await response.json()) as ApiError;
      expect(Object.keys(body.error.fields ?? {}).map((name) => name.split(".")[0]), field).toEqual([field]);
    }
    expect(await accountWrites(t.customer.id)).toEqual(before);
    const list = await getContracts(new Request(`http://test/api/v1/contracts?accountId=${encodeURIComponent(NUL)}`, { headers: { authorization: `Bearer ${key}` } }));
    expect(list.status).toBe(404);
  });
});
