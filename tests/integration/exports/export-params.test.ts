import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { randomUUID } from "node:crypto";
import { GET as auditExport } from "@/app/(portal)/a/[accountId]/audit/export/route";
import { GET as contractsExport } from "@/app/(portal)/a/[accountId]/contracts/export/route";
import { GET as devicesExport } from "@/app/(portal)/a/[accountId]/devices/export/route";
import { GET as gatewaysExport } from "@/app/(portal)/a/[accountId]/gateways/export/route";
import { GET as licencesExport } from "@/app/(portal)/a/[accountId]/licences/export/route";
import { GET as pointsExport } from "@/app/(portal)/a/[accountId]/points/export/route";
import { GET as packageExport } from "@/app/(portal)/a/[accountId]/subscriptions/report/export/route";
import { GET as evidenceExport } from "@/app/(portal)/a/[accountId]/usage/evidence/export/route";
import { GET as usageExport } from "@/app/(portal)/a/[accountId]/usage/export/route";
import { db } from "@/server/db";
import { makeTenant } from "../../support/factories";

type Route = typeof usageExport;

const call = (route: Route, accountId: string, query: string) =>
  route(new Request(`http://portal.test/a/${accountId}/x/export?${query}`), { params: Promise.resolve({ accountId }) });

/** A refusal before any file starts: a JSON 400 that names the parameter. */
async function expectRefused(route: Route, accountId: string, query: string, field: string) {
  const response = await call(route, accountId, query);
  expect(response.status, query).toBe(400);
  expect(response.headers.get("content-type"), query).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
  expect(body.error.code, query).toBe("INVALID");
  expect(Object.keys(body.error.fields ?? {}), query).toEqual([field]);
  expect(body.error.message, query).toContain(field);
}

async function expectFile(route: Route, accountId: string, query: string) {
  const response = await call(route, accountId, query);
  expect(response.status, query).toBe(200);
  await response.arrayBuffer();
}

describe("export parameters are checked before the file starts", () => {
  it("refuses unknown values, unknown parameters, repeats and reversed ranges with a 400 naming the parameter", async () => {
    const t = await makeTenant("export-params");
    signedIn = t.msspAdmin.actor;
    const mssp = t.mssp.id;
    const customer = t.customer.id;
    const service = await db.service.findFirstOrThrow({ select: { id: true } });

    // What the pages' own links send still downloads.
    await expectFile(devicesExport, mssp, "format=csv&kind=ENDPOINT&pairing=standalone&silent=7&q=%20laptop%20");
    await expectFile(auditExport, mssp, "format=xlsx&from=2028-05-01&to=2028-05-31&scope=self");
    await expectFile(licencesExport, mssp, "format=csv&ending=30&status=IN_USE");
    await expectFile(contractsExport, customer, "format=csv&type=PAYG&archived=1&sort=service&dir=desc");
    await expectFile(gatewaysExport, mssp, "format=csv&licenseType=PAYG&page=2&pageSize=50");
    await expectFile(usageExport, customer, "format=csv&month=2026-01");
    await expectFile(packageExport, customer, "format=csv&month=2026-01&status=silent");

    await expectRefused(devicesExport, mssp, "format=csv&kind=LAPTOP", "kind");
    await expectRefused(devicesExport, mssp, "format=csv&silent=3", "silent");
    await expectRefused(devicesExport, mssp, "format=csv&colour=red", "colour");
    await expectRefused(devicesExport, mssp, "format=csv&kind=ENDPOINT&kind=GATEWAY", "kind");
    await expectRefused(devicesExport, mssp, "format=csv&sort=colour", "sort");
    await expectRefused(gatewaysExport, mssp, "format=xlsx&plan=not-a-plan", "plan");
    await expectRefused(contractsExport, customer, "format=csv&status=SOMETIMES", "status");
    await expectRefused(auditExport, mssp, "format=csv&from=2028-13-01", "from");
    await expectRefused(auditExport, mssp, "format=csv&from=2028-05-02&to=2028-05-01", "to");
    await expectRefused(auditExport, mssp, "format=csv&scope=everything", "scope");
    await expectRefused(licencesExport, mssp, "format=csv&endFrom=2028-06-01&endTo=2028-05-01", "endTo");
    await expectRefused(licencesExport, mssp, "format=csv&ending=45", "ending");
    await expectRefused(usageExport, customer, "format=csv&month=2028-13", "month");
    await expectRefused(usageExport, customer, "format=xlsx&month=2026-01&rollup=1", "rollup");
    await expectRefused(packageExport, customer, `format=csv&month=2026-01&package=${randomUUID()}`, "package");
    await expectRefused(packageExport, customer, "format=csv&detail=1&month=2026-01&status=sometimes", "status");
    await expectRefused(pointsExport, mssp, "format=csv&month=2026-01", "month");
    await expectRefused(evidenceExport, customer, `format=csv&service=${service.id}&day=2026-02-31`, "day");
  });
});
