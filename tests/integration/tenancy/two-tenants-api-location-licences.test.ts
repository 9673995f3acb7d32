import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeTenant } from "../../support/factories";
import { generateLicence, makeLocation } from "../../support/location-factories";
import { apiClient } from "../../support/api/api-client";
import { apiKeyOf } from "../../support/api/account-keys";

/**
 * Location licences through the API across tenants: a key of tenant A gets 404 for B's licences and
 * accounts, B's locations and accounts in a request or Send Key body are not found (or refused like a
 * wrong key), nothing of B changes, and A's lists hold A's licences only.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("two tenants: location licences through the API", () => {
  it("A's keys never read, list, request for or provision B's licences", async () => {
    const [a, b] = [await makeTenant("api-lic-a"), await makeTenant("api-lic-b")];
    const aLocation = await makeLocation(a);
    const bLocation = await makeLocation(b);
    const aLicence = await generateLicence(a, aLocation.id);
    const bLicence = await generateLicence(b, bLocation.id);
    const before = await db.locationLicence.findMany({ where: { account: { path: { startsWith: b.distributor.path } } }, orderBy: { id: "asc" } });

    const distributor = apiClient(await apiKeyOf(a.distributor, a.distributorAdmin));
    const mssp = apiClient(await apiKeyOf(a.mssp, a.msspAdmin));
    const missing = await distributor.GET("/location-licences/{licenceId}", { params: { path: { licenceId: MISSING } } });
    for (const client of [distributor, mssp]) {
      const read = await client.GET("/location-licences/{licenceId}", { params: { path: { licenceId: bLicence.id } } });
      expect([read.response.status, read.error]).toEqual([404, missing.error]);
      for (const account of [b.distributor, b.mssp, b.customer]) {
        expect((await client.GET("/location-licences", { params: { query: { accountId: account.id } } })).response.status).toBe(404);
      }
      // B's key on A's location: the one refusal of a wrong key. B's location: not found.
      const foreignKey = await client.POST("/location-licences/send-key", { body: { locationId: aLocation.id, key: bLicence.key } });
      expect([foreignKey.response.status, foreignKey.error!.error.code]).toEqual([400, "UNKNOWN_KEY"]);
      expect((await client.POST("/location-licences/send-key", { body: { locationId: bLocation.id, key: bLicence.key } })).response.status).toBe(404);
      // A licence for B's location, or with B's partner and distributor for A's location.
      const body = { locationId: bLocation.id, partnerAccountId: b.mssp.id, distributorAccountId: b.distributor.id, years: 1, payment: "ANNUAL" as const, units: 5 };
      expect((await client.POST("/location-licences", { body })).response.status).toBe(404);
      const mixed = await client.POST("/location-licences", { body: { ...body, locationId: aLocation.id } });
      expect(mixed.response.status).toBe(400);
      expect(Object.keys(mixed.error!.error.fields!)).toEqual(["distributorAccountId"]);
    }
    expect(await db.locationLicence.findMany({ where: { account: { path: { startsWith: b.distributor.path } } }, orderBy: { id: "asc" } })).toEqual(before);
    const listed = await distributor.GET("/location-licences", { params: { query: { accountId: a.distributor.id, limit: 100 } } });
    expect(listed.data!.data.map((row) => row.id)).toEqual([aLicence.id]);
    // B's licence key as a search of A's list finds nothing.
    const searched = await distributor.GET("/location-licences", { params: { query: { accountId: a.distributor.id, q: bLicence.key } } });
    expect(searched.data!.data).toEqual([]);
  });
});
