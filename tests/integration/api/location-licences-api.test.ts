import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeTenant } from "../../support/factories";
import { generateLicence, makeLocation } from "../../support/location-factories";
import { apiClient, expectBodyLimit, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectRateLimited } from "../../support/api/account-keys";

/** Location licences through the public API (docs/api.md#location-licences): the rules of the portal's screens. */

const MISSING = "00000000-0000-4000-8000-000000000000";

async function licensedTenant(label: string) {
  const t = await makeTenant(label);
  const location = await makeLocation(t, { name: `${label} lobby` });
  const hotel = await makeLocation(t, { name: `${label} hotel`, sector: "HOSPITALITY", rooms: 40 });
  return { t, location, hotel };
}

const request = (t: Awaited<ReturnType<typeof makeTenant>>, locationId: string, extra: Record<string, unknown> = {}) => ({
  locationId,
  partnerAccountId: t.mssp.id,
  distributorAccountId: t.distributor.id,
  years: 3,
  payment: "MONTHLY" as const,
  units: 12,
  modules: ["GUEST", "ANALYTICS"] as ("GUEST" | "ANALYTICS")[],
  ...extra,
});

describe("POST /api/v1/location-licences", () => {
  it("a distributor's key generates a licence (201, PENDING_PROVISION); a retry with the same Idempotency-Key makes no second one", async () => {
    const { t, location, hotel } = await licensedTenant("lic-api");
    const client = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin));
    const { data, response } = await client.POST("/location-licences", { body: request(t, location.id), headers: { "Idempotency-Key": "lic-req-1" } });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({
      key: expect.stringMatching(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/),
      accountId: t.customer.id,
      organization: t.customer.name,
      locationId: location.id,
      location: location.name,
      partner: { id: t.mssp.id, name: t.mssp.name },
      distributor: { id: t.distributor.id, name: t.distributor.name },
      years: 3,
      payment: "MONTHLY",
      modules: ["ANALYTICS", "GUEST"],
      maxAccessPoints: 12,
      maxRooms: null,
      status: "PENDING_PROVISION",
      startsOn: null,
      endsOn: null,
      provisionedOn: null,
      inUse: { accessPoints: 0, rooms: 0 },
    });
    const replay = await client.POST("/location-licences", { body: request(t, location.id), headers: { "Idempotency-Key": "lic-req-1" } });
    expect(replay.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.data!.id).toBe(data!.id);
    expect(await db.locationLicence.count({ where: { locationId: location.id } })).toBe(1);
    // A hospitality location is licensed by rooms.
    const rooms = await client.POST("/location-licences", { body: request(t, hotel.id, { units: 40 }) });
    expect(rooms.data).toMatchObject({ maxAccessPoints: null, maxRooms: 40 });
  });

  it("bad fields → 400 naming each, nothing written; a read-only key → 403; another tenant's location → 404", async () => {
    const { t, location } = await licensedTenant("lic-api-bad");
    const other = await licensedTenant("lic-api-other");
    const client = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin));
    const bad = await client.POST("/location-licences", { body: { ...request(t, location.id), years: 9, payment: "WEEKLY" as "MONTHLY", units: 0 } });
    expect(bad.response.status).toBe(400);
    expect(Object.keys(bad.error!.error.fields!).sort()).toEqual(["payment", "units", "years"]);
    // A partner that is not above the location: the rule names the field.
    const partner = await client.POST("/location-licences", { body: request(t, location.id, { partnerAccountId: t.childMssp.id }) });
    expect(partner.response.status).toBe(400);
    expect(Object.keys(partner.error!.error.fields!)).toEqual(["partnerAccountId"]);
    const readOnly = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin, "READ_ONLY"));
    const refused = await readOnly.POST("/location-licences", { body: request(t, location.id) });
    expect([refused.response.status, refused.error!.error.code]).toEqual([403, "READ_ONLY_KEY"]);
    const theirs = await client.POST("/location-licences", { body: request(t, other.location.id) });
    expect(theirs.response.status).toBe(404);
    expect(await db.locationLicence.count({ where: { locationId: { in: [location.id, other.location.id] } } })).toBe(0);
    expect((await apiClient(null).POST("/location-licences", { body: request(t, location.id) })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.distributor, t.distributorAdmin, "READ_ONLY"));
    await expectRateLimited(() => limited.POST("/location-licences", { body: request(t, location.id) }));
  });
});

describe("GET /api/v1/location-licences", () => {
  it("lists the licences below the account by end date with the list's filters, paged; gets one with an ETag", async () => {
    const { t, location, hotel } = await licensedTenant("lic-api-list");
    const first = await generateLicence(t, location.id, { modules: ["GUEST"] });
    const second = await generateLicence(t, hotel.id, { units: 40, modules: ["PMS"] });
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    const all = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id } } });
    expect(all.response.status).toBe(200);
    expect(new Set(all.data!.data.map((row) => row.id))).toEqual(new Set([first.id, second.id]));
    const rooms = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id, unit: "ROOMS" } } });
    expect(rooms.data!.data.map((row) => [row.id, row.maxRooms, row.location])).toEqual([[second.id, 40, hotel.name]]);
    const byModule = await client.GET("/location-licences", { params: { query: { accountId: t.customer.id, module: "GUEST", status: "PENDING_PROVISION" } } });
    expect(byModule.data!.data.map((row) => row.id)).toEqual([first.id]);
    const byKey = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id, q: second.key.slice(6, 11) } } });
    expect(byKey.data!.data.map((row) => row.id)).toEqual([second.id]);
    const page1 = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id, limit: 1 } } });
    const page2 = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id, limit: 1, cursor: page1.data!.nextCursor! } } });
    expect([...page1.data!.data, ...page2.data!.data].map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
    expect(page2.data!.nextCursor).toBeNull();
    for (const [bad, field] of [[{ status: "ACTIVE" }, "status"], [{ endFrom: "2026-02-30" }, "endFrom"], [{ cursor: "garbage" }, "cursor"]] as const) {
      const refused = await client.GET("/location-licences", { params: { query: { accountId: t.mssp.id, ...(bad as object) } } });
      expect(refused.response.status).toBe(400);
      expect(Object.keys(refused.error!.error.fields!)).toEqual([field]);
    }
    const other = await makeTenant("lic-api-list-other");
    expect((await client.GET("/location-licences", { params: { query: { accountId: other.mssp.id } } })).response.status).toBe(404);
    expect((await apiClient(null).GET("/location-licences", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(401);
    const listLimited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => listLimited.GET("/location-licences", { params: { query: { accountId: t.mssp.id } } }));

    const one = await client.GET("/location-licences/{licenceId}", { params: { path: { licenceId: first.id } } });
    expect(one.data).toMatchObject({ id: first.id, key: first.key, status: "PENDING_PROVISION", years: 1, payment: "ANNUAL", maxAccessPoints: 10 });
    const etag = one.response.headers.get("etag")!;
    expect((await client.GET("/location-licences/{licenceId}", { params: { path: { licenceId: first.id } }, headers: { "If-None-Match": etag } })).response.status).toBe(304);
    for (const licenceId of [MISSING, "nope"]) {
      expect((await client.GET("/location-licences/{licenceId}", { params: { path: { licenceId } } })).response.status).toBe(404);
    }
    expect((await apiClient(null).GET("/location-licences/{licenceId}", { params: { path: { licenceId: first.id } } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limited.GET("/location-licences/{licenceId}", { params: { path: { licenceId: first.id } } }));
  });
});

describe("POST /api/v1/location-licences/send-key", () => {
  it("provisions the licence as typed (PENDING_START); used, wrong and misplaced keys get the UI's refusals", async () => {
    const { t, location, hotel } = await licensedTenant("lic-api-send");
    const licence = await generateLicence(t, location.id);
    const other = await generateLicence(t, hotel.id, { units: 40 });
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    const typed = licence.key.replace(/-/g, " ").toLowerCase();
    const { data, response } = await client.POST("/location-licences/send-key", { body: { locationId: location.id, key: typed } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: licence.id, status: "PENDING_START", provisionedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), startsOn: null });

    const again = await client.POST("/location-licences/send-key", { body: { locationId: location.id, key: licence.key } });
    expect([again.response.status, again.error!.error.code]).toEqual([409, "KEY_ALREADY_USED"]);
    const misplaced = await client.POST("/location-licences/send-key", { body: { locationId: location.id, key: other.key } });
    expect([misplaced.response.status, misplaced.error!.error.code]).toEqual([422, "KEY_FOR_OTHER_LOCATION"]);
    expect(misplaced.error!.error.message).toContain(hotel.name);
    const wrong = await client.POST("/location-licences/send-key", { body: { locationId: hotel.id, key: "00000-00000-00000-00000-00000" } });
    expect([wrong.response.status, wrong.error!.error.code, Object.keys(wrong.error!.error.fields!)]).toEqual([400, "UNKNOWN_KEY", ["key"]]);
    const empty = await client.POST("/location-licences/send-key", { body: { locationId: "hotel", key: "" } });
    expect(Object.keys(empty.error!.error.fields!).sort()).toEqual(["key", "locationId"]);

    // Another tenant's key is refused exactly like a key that does not exist; its location is not found.
    const theirs = await licensedTenant("lic-api-send-other");
    const theirLicence = await generateLicence(theirs.t, theirs.location.id);
    const foreign = await client.POST("/location-licences/send-key", { body: { locationId: hotel.id, key: theirLicence.key } });
    expect(foreign.error).toEqual(wrong.error);
    const foreignLocation = await client.POST("/location-licences/send-key", { body: { locationId: theirs.location.id, key: theirLicence.key } });
    expect(foreignLocation.response.status).toBe(404);
    expect((await db.locationLicence.findUniqueOrThrow({ where: { id: theirLicence.id } })).status).toBe("PENDING_PROVISION");

    const readOnly = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    expect((await readOnly.POST("/location-licences/send-key", { body: { locationId: hotel.id, key: other.key } })).response.status).toBe(403);
    expect((await apiClient(null).POST("/location-licences/send-key", { body: { locationId: hotel.id, key: other.key } })).response.status).toBe(401);
    expect((await db.locationLicence.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("PENDING_PROVISION");
  });

  it("after 10 wrong keys on the account within 15 minutes, even the right key is 429 and says when to retry", async () => {
    const { t, location } = await licensedTenant("lic-api-throttle");
    const licence = await generateLicence(t, location.id);
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    for (let i = 0; i < 10; i++) {
      const wrong = await client.POST("/location-licences/send-key", { body: { locationId: location.id, key: `0000${i}-00000-00000-00000-00000` } });
      expect(wrong.response.status).toBe(400);
    }
    const blocked = await client.POST("/location-licences/send-key", { body: { locationId: location.id, key: licence.key } });
    expect([blocked.response.status, blocked.error!.error.code]).toEqual([429, "TOO_MANY_KEY_ATTEMPTS"]);
    expect(blocked.error!.error.message).toMatch(/Try again in \d+ minutes?\./);
    expect((await db.locationLicence.findUniqueOrThrow({ where: { id: licence.id } })).status).toBe("PENDING_PROVISION");
  });

  it("exercised every status the Location licences operations document", async () => {
    await expectBodyLimit("Location licences");
    expectEveryDocumentedStatus("Location licences");
  });
});
