import { describe, expect, it } from "vitest";
import { PDFParse } from "pdf-parse";
import { isoDateToDb } from "@/lib/dates";
import { db } from "@/server/db";
import { getLicenceData } from "@/server/locations/get-licence-data";
import { renderLicencePdf } from "@/server/locations/licence-pdf";
import { listLicences, type LicenceFilters } from "@/server/locations/list-licences";
import { denyLicenceAccess, liftLicenceDenial } from "@/server/locations/set-licence-access";
import { parseLicenceFilters } from "@/app/(portal)/a/[accountId]/licences/licence-filters";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { generateLicence, makeLocation } from "../../support/location-factories";

const F: LicenceFilters = { sort: "endsOn", dir: "asc" };

describe("the Licenses list, View license data and the PDF", () => {
  it("filters by status, module, unit and end-date range ('ending in the next 30 days' in the account's timezone)", async () => {
    const t = await makeTenant("list");
    const hotel = await makeLocation(t, { sector: "HOSPITALITY", rooms: 10, name: "Hotel" });
    const shop = await makeLocation(t, { name: "Shop" });
    const soon = await generateLicence(t, hotel.id, { modules: ["PMS"], units: 20 });
    const later = await generateLicence(t, shop.id, { modules: ["GUEST"] });
    const pending = await generateLicence(t, shop.id);
    await db.locationLicence.update({ where: { id: soon.id }, data: { status: "IN_USE", startsOn: isoDateToDb("2029-07-20"), endsOn: isoDateToDb("2030-07-20") } });
    await db.locationLicence.update({ where: { id: later.id }, data: { status: "IN_USE", startsOn: isoDateToDb("2029-09-01"), endsOn: isoDateToDb("2030-09-01") } });
    const keys = async (filters: Partial<LicenceFilters>) =>
      (await listLicences(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: { ...F, ...filters }, pageSize: 50 })).rows.map((row) => row.key);

    expect(await keys({})).toEqual([soon.key, later.key, pending.key]);
    expect(await keys({ status: "PENDING_PROVISION" })).toEqual([pending.key]);
    expect(await keys({ module: "PMS" })).toEqual([soon.key]);
    expect(await keys({ unit: "ROOMS" })).toEqual([soon.key]);
    expect(await keys({ q: "hotel" })).toEqual([soon.key]);
    expect(await keys({ endFrom: "2030-07-21" })).toEqual([later.key]);

    // "Ending in the next 30 days" on 2030-06-25 (UTC): 2030-06-25 … 2030-07-25.
    const { filters } = parseLicenceFilters({ ending: "30" }, "UTC", new Date("2030-06-25T12:00:00Z"));
    expect([filters.endFrom, filters.endTo]).toEqual(["2030-06-25", "2030-07-25"]);
    expect(await keys(filters)).toEqual([soon.key]);
    // Late on 24 June in UTC it is already 25 June in Kiritimati (UTC+14).
    expect(parseLicenceFilters({ ending: "30" }, "Pacific/Kiritimati", new Date("2030-06-24T11:00:00Z")).filters.endFrom).toBe("2030-06-25");
    // Malformed dates in the URL are ignored, not an error.
    expect(parseLicenceFilters({ endFrom: "2030-13-45", endTo: "soon" }, "UTC").filters).toMatchObject({ endFrom: undefined, endTo: undefined });
  });

  it("the PDF holds the key, the location data and the licence type; it parses as a PDF", async () => {
    const t = await makeTenant("pdf");
    const location = await makeLocation(t, { sector: "HOSPITALITY", rooms: 80, name: "Seaside Hotel" });
    const licence = await generateLicence(t, location.id, { years: 3, units: 90, modules: ["GUEST", "PMS"] });
    const pdf = await renderLicencePdf(await getLicenceData(db, { actor: t.customerAdmin.actor, licenceId: licence.id }));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text.replace(/\s+/g, " ");
    for (const expected of [licence.key, `ID Location: Seaside Hotel — ${t.customer.name} (Hospitality)`, "Seaside Hotel", "Hospitality", t.customer.name, t.mssp.name, t.distributor.name, "Number of years of contract: 3", "Nº of rooms: 90", "Octopus Guest, PMS integration", "Send Key"]) {
      expect(text).toContain(expected);
    }
    // People know a location by name: its internal id is not printed.
    expect(text).not.toContain(location.id);
  });

  it("View license data: maxima vs in use, upgrades with who and when; access denied and lifted from above only", async () => {
    const t = await makeTenant("data");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id, { units: 8 });
    await expectAppError(denyLicenceAccess(db, { actor: t.customerAdmin.actor, licenceId: licence.id, reason: "Own account" }), "FORBIDDEN");
    await denyLicenceAccess(db, { actor: t.msspAdmin.actor, licenceId: licence.id, reason: "Unpaid invoice INV-9" });
    await expectAppError(denyLicenceAccess(db, { actor: t.msspAdmin.actor, licenceId: licence.id, reason: "again" }), "CONFLICT", "ALREADY_DENIED");
    const lifted = await liftLicenceDenial(db, { actor: t.distributorAdmin.actor, licenceId: licence.id, reason: "Invoice paid" });
    expect(lifted).toMatchObject({ status: "PENDING_PROVISION", deniedReason: null });
    const data = await getLicenceData(db, { actor: t.customerAdmin.actor, licenceId: licence.id });
    expect(data.canChangeAccess).toBe(false);
    expect(data.inUse).toEqual({ accessPoints: 0, rooms: 0 });
    expect(data.upgrades.map((event) => [event.action, event.actorLabel])).toEqual([
      ["licence.generated", t.distributorAdmin.email],
      ["licence.access_denied", t.msspAdmin.email],
      ["licence.access_restored", t.distributorAdmin.email],
    ]);
    expect((await getLicenceData(db, { actor: t.msspAdmin.actor, licenceId: licence.id })).canChangeAccess).toBe(true);
  });
});
