import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The routes are called as the browser calls them; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { GET as groupsRoute } from "@/app/(portal)/a/[accountId]/groups/search/route";
import { GET as locationsRoute } from "@/app/(portal)/a/[accountId]/licences/locations/search/route";
import { db } from "@/server/db";
import { addGroupMembers } from "@/server/end-users/add-group-members";
import { createEndUser } from "@/server/end-users/create-end-user";
import { createGroup } from "@/server/end-users/create-group";
import { searchGroupOptions } from "@/server/end-users/search-group-options";
import { createLocation } from "@/server/locations/create-location";
import { licenceRequestSchema, locationInputSchema } from "@/server/locations/location-input";
import { requestLicence } from "@/server/locations/request-licence";
import { searchLicensableLocations } from "@/server/locations/search-licensable-locations";
import { expectAppError } from "../../support/expect-app-error";
import { expectBadSearchRefused } from "../../support/search-route";
import { makeTenant } from "../../support/factories";
import { generateLicence, makeLocation } from "../../support/location-factories";

/*
 * Request license's "ID Location" and the user-group choices (an end user's "Add to group", a
 * subscription's "Attach to a user group") are server-searched comboboxes
 * (docs/screens.md#async-combobox): the set each action accepts, never another tenant's rows.
 */

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

/** A location of the child MSSP's customer (two partners above it) and one of the MSSP's customer. */
async function locationTenant(label: string) {
  const t = await makeTenant(label);
  const near = await makeLocation(t, { name: `${label} Harbour` });
  const far = await createLocation(db, {
    actor: t.msspAdmin.actor,
    accountId: t.grandCustomer.id,
    input: locationInputSchema.parse({ name: `${label} Hotel`, address: "2 Quay", sector: "HOSPITALITY", rooms: 40 }),
  });
  return { ...t, near, far };
}

describe("searchLicensableLocations", () => {
  it("offers the locations below the distributor by organisation and site, each with the partners a request accepts for it", async () => {
    const t = await locationTenant("lic-loc");
    const search = (q: string) => searchLicensableLocations(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, q });
    const all = await search("");
    expect(all.map((row) => row.id).sort()).toEqual([t.near.id, t.far.id].sort());
    expect(await search("hotel")).toEqual([
      { id: t.far.id, name: "lic-loc Hotel", sector: "HOSPITALITY", accountName: t.grandCustomer.name, partners: [{ id: t.childMssp.id, name: t.childMssp.name }, { id: t.mssp.id, name: t.mssp.name }] },
    ]);
    // By the organisation's name too.
    expect(names(await search(t.customer.name))).toEqual(["lic-loc Harbour"]);
    expect((await search(t.customer.name))[0]?.partners).toEqual([{ id: t.mssp.id, name: t.mssp.name }]);
    expect(await search("%")).toEqual([]);
    await expectAppError(search("x".repeat(101)), "INVALID");
  });

  it("every partner offered is accepted by the request", async () => {
    const t = await locationTenant("lic-agree");
    const [far] = await searchLicensableLocations(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, q: "hotel" });
    expect(far?.partners).toHaveLength(2);
    for (const partner of far!.partners) {
      const input = licenceRequestSchema.parse({ locationId: far!.id, partnerAccountId: partner.id, distributorAccountId: t.distributor.id, years: 1, payment: "ANNUAL", units: 5, modules: "" });
      await expect(requestLicence(db, { actor: t.distributorAdmin.actor, input })).resolves.toMatchObject({ partnerAccountId: partner.id });
    }
  });

  it("never answers another tenant's location; a distributor out of reach is not found", async () => {
    const mine = await locationTenant("lic-mine");
    const other = await locationTenant("lic-other");
    await generateLicence(other, other.near.id);
    const rows = await searchLicensableLocations(db, { actor: mine.distributorAdmin.actor, accountId: mine.distributor.id, q: "" });
    expect(rows.map((row) => row.id).sort()).toEqual([mine.near.id, mine.far.id].sort());
    await expectAppError(searchLicensableLocations(db, { actor: mine.distributorAdmin.actor, accountId: other.distributor.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchLicensableLocations(db, { actor: mine.msspAdmin.actor, accountId: mine.distributor.id, q: "" }), "NOT_FOUND");
  });
});

describe("searchGroupOptions", () => {
  it("offers the customer's groups by name; without those the user is in, or those the subscription is attached to", async () => {
    const t = await makeTenant("groups");
    const actor = t.customerAdmin.actor;
    const group = (name: string) => createGroup(db, { actor, accountId: t.customer.id, input: { name, description: "" } });
    const [alpha, beta] = [await group("Alpha team"), await group("Beta team"), await group("Gamma crew")];
    const ada = await createEndUser(db, { actor, accountId: t.customer.id, input: { name: "Ada", externalId: "ada" } });
    await addGroupMembers(db, { actor, accountId: t.customer.id, groupId: alpha!.id, endUserIds: [ada.id] });
    const pkg = await db.package.findFirstOrThrow();
    await db.groupSubscription.create({ data: { accountId: t.customer.id, groupId: beta!.id, packageId: pkg.id, attachedBy: "test" } });

    const search = (options: { q?: string; notJoinedBy?: string; notAttachedTo?: string } = {}) => searchGroupOptions(db, { actor, accountId: t.customer.id, q: "", ...options });
    expect(names(await search())).toEqual(["Alpha team", "Beta team", "Gamma crew"]);
    expect(names(await search({ q: "TEAM" }))).toEqual(["Alpha team", "Beta team"]);
    expect(names(await search({ notJoinedBy: ada.id }))).toEqual(["Beta team", "Gamma crew"]);
    expect(names(await search({ notAttachedTo: pkg.id }))).toEqual(["Alpha team", "Gamma crew"]);
    expect(await search({ q: "_" })).toEqual([]);
  });

  it("never answers another tenant's group; a customer out of reach (or not a customer) is not found", async () => {
    const mine = await makeTenant("groups-mine");
    const other = await makeTenant("groups-other");
    await createGroup(db, { actor: other.customerAdmin.actor, accountId: other.customer.id, input: { name: "Other team", description: "" } });
    await expectAppError(searchGroupOptions(db, { actor: mine.msspAdmin.actor, accountId: other.customer.id, q: "" }), "NOT_FOUND");
    await expectAppError(searchGroupOptions(db, { actor: mine.msspAdmin.actor, accountId: mine.mssp.id, q: "" }), "NOT_FOUND");
    expect(await searchGroupOptions(db, { actor: mine.msspAdmin.actor, accountId: mine.customer.id, q: "team" })).toEqual([]);
  });
});

describe("GET …/licences/locations/search and …/groups/search", () => {
  const locations = (accountId: string, query: string) =>
    locationsRoute(new Request(`http://portal.test/a/${accountId}/licences/locations/search?${query}`), { params: Promise.resolve({ accountId }) });
  const groups = (accountId: string, query: string) =>
    groupsRoute(new Request(`http://portal.test/a/${accountId}/groups/search?${query}`), { params: Promise.resolve({ accountId }) });

  it("answer the matches as JSON, name a bad parameter in a 400, and never 500", async () => {
    const t = await locationTenant("form-routes");
    const other = await locationTenant("form-routes-other");
    await createGroup(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, input: { name: "Route team", description: "" } });

    signedIn = t.distributorAdmin.actor;
    const ok = await locations(t.distributor.id, "q=hotel");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    expect(((await ok.json()) as { locations: { id: string }[] }).locations.map((row) => row.id)).toEqual([t.far.id]);
    await expectBadSearchRefused((query) => locations(t.distributor.id, query));
    expect((await locations(other.distributor.id, "q=")).status).toBe(404);

    signedIn = t.customerAdmin.actor;
    expect(await (await groups(t.customer.id, "q=route")).json()).toEqual({ groups: [{ id: expect.any(String), name: "Route team" }] });
    await expectBadSearchRefused((query) => groups(t.customer.id, query));
    for (const [bad, field] of [["notJoinedBy=ada", "notJoinedBy"], [`notAttachedTo=${t.customer.id}&notAttachedTo=${t.customer.id}`, "notAttachedTo"]] as const) {
      const refused = await groups(t.customer.id, bad);
      expect(refused.status, bad).toBe(400);
      expect(Object.keys(((await refused.json()) as { error: { fields: object } }).error.fields)).toEqual([field]);
    }
    expect((await groups(other.customer.id, "q=")).status).toBe(404);

    signedIn = null;
    expect((await groups(t.customer.id, "q=")).status).toBe(401);
  });
});
