import { describe, expect, it } from "vitest";
import { dbDateToIso } from "@/lib/dates";
import { db } from "@/server/db";
import { activateLicence } from "@/server/locations/activate-licence";
import { listLocations } from "@/server/locations/list-locations";
import { licenceNoticeSeries } from "@/server/locations/run-location-licence-lifecycle";
import { expectAppError } from "../../support/expect-app-error";
import { generateLicence, provisionedLicence } from "../../support/location-factories";

/**
 * Renewal chaining (docs/screens.md, "Licence renewals"): a key sent for a location whose licence is
 * in use is accepted and starts the day after the current one ends, for its own years; the lifecycle
 * starts it on that day by date (not by connections), and its expiry notices follow its own dates.
 * The clock is pinned everywhere (`now`), so the test passes on any day.
 */

const dates = (licence: { status: string; startsOn: Date | null; endsOn: Date | null }) => ({
  status: licence.status,
  startsOn: licence.startsOn ? dbDateToIso(licence.startsOn) : null,
  endsOn: licence.endsOn ? dbDateToIso(licence.endsOn) : null,
});

/** A location with a licence in use from 2022-03-15 to 2023-03-15. */
async function runningLicence(label: string) {
  const world = await provisionedLicence({ label, years: 1, provisionedAt: "2022-03-15T08:00:00Z" });
  await world.connect("2022-03-15", 5);
  await world.run("2022-03-15T23:00:00Z");
  expect(dates(await world.reload())).toEqual({ status: "IN_USE", startsOn: "2022-03-15", endsOn: "2023-03-15" });
  return world;
}

describe("renewing a location licence", () => {
  it("a key sent while a licence is in use starts the day after it ends, and the lifecycle starts it on that day", async () => {
    const world = await runningLicence("renew");
    const renewal = await generateLicence(world.t, world.location.id, { years: 2, now: new Date("2023-02-01T09:00:00Z") });
    const sent = await activateLicence(db, { actor: world.t.customerAdmin.actor, locationId: world.location.id, key: renewal.key, now: new Date("2023-02-01T10:00:00Z") });
    expect(dates(sent)).toEqual({ status: "PENDING_START", startsOn: "2023-03-16", endsOn: "2025-03-16" });
    const provisioned = await db.auditEvent.findFirstOrThrow({ where: { objectId: renewal.id, action: "licence.provisioned" } });
    expect(provisioned.after).toMatchObject({ renews: world.licence.key, startsOn: "2023-03-16", endsOn: "2025-03-16" });

    // The Locations list keeps showing the licence in force, with the renewal beside it.
    const listed = await listLocations(db, { actor: world.t.customerAdmin.actor, accountId: world.location.accountId, pageSize: 50 });
    const row = listed.rows.find((location) => location.id === world.location.id)!;
    expect({ status: row.licenceStatus, endsOn: row.licenceEndsOn && dbDateToIso(row.licenceEndsOn), renewal: row.renewalStartsOn && dbDateToIso(row.renewalStartsOn) }).toEqual({
      status: "IN_USE",
      endsOn: "2023-03-15",
      renewal: "2023-03-16",
    });

    // Connections do not start a renewal early.
    await world.connect("2023-02-02", 10);
    await world.run("2023-02-03T00:30:00Z");
    const reload = () => db.locationLicence.findUniqueOrThrow({ where: { id: renewal.id } });
    expect(dates(await reload())).toMatchObject({ status: "PENDING_START", startsOn: "2023-03-16" });

    await world.run("2023-03-15T23:30:00Z");
    expect((await world.reload()).status).toBe("IN_USE");
    expect((await reload()).status).toBe("PENDING_START");

    // The current licence's last day has passed: it is finalized and the renewal runs, in one run.
    await world.run("2023-03-16T00:30:00Z");
    expect((await world.reload()).status).toBe("CONTRACT_FINALIZED");
    expect(dates(await reload())).toEqual({ status: "IN_USE", startsOn: "2023-03-16", endsOn: "2025-03-16" });
    const started = await db.auditEvent.findFirstOrThrow({ where: { objectId: renewal.id, action: "licence.started" } });
    expect(started.after).toMatchObject({ startsOn: "2023-03-16", endsOn: "2025-03-16" });
  });

  it("expiry notices: the renewed licence stops warning of its end; the renewal's own notices follow its dates", async () => {
    const world = await runningLicence("renew-notices");
    const renewal = await generateLicence(world.t, world.location.id, { years: 1, now: new Date("2023-01-20T09:00:00Z") });
    // The month-before notice of the running licence came due before the renewal arrived.
    await world.run("2023-02-15T00:30:00Z");
    await activateLicence(db, { actor: world.t.customerAdmin.actor, locationId: world.location.id, key: renewal.key, now: new Date("2023-02-20T10:00:00Z") });
    for (const day of ["2023-02-28", "2023-03-08", "2023-03-14", "2023-03-15", "2023-03-16", "2024-02-16", "2024-03-16", "2024-03-17"]) {
      await world.run(`${day}T00:30:00Z`);
    }
    const notices = (licenceId: string) =>
      db.notice.findMany({ where: { accountId: world.t.customer.id, key: { startsWith: licenceNoticeSeries(licenceId) } }, orderBy: { createdAt: "asc" } });
    const code = (notice: { key: string }) => notice.key.split(":").pop();
    expect((await notices(world.licence.id)).map(code)).toEqual(["MONTH_BEFORE"]);
    const own = await notices(renewal.id);
    expect(own.map(code)).toEqual(expect.arrayContaining(["MONTH_BEFORE", "END", "RENEWAL"]));
    expect(own.every((notice) => notice.body.includes("2024-03-16"))).toBe(true);
  });

  it("refuses a second renewal, and a renewal behind a licence that has not started", async () => {
    const world = await runningLicence("renew-twice");
    const first = await generateLicence(world.t, world.location.id, { now: new Date("2023-02-01T09:00:00Z") });
    const second = await generateLicence(world.t, world.location.id, { now: new Date("2023-02-01T09:00:00Z") });
    const send = (key: string) => activateLicence(db, { actor: world.t.customerAdmin.actor, locationId: world.location.id, key, now: new Date("2023-02-01T10:00:00Z") });
    await send(first.key);
    await expectAppError(send(second.key), "CONFLICT", "RENEWAL_ALREADY_QUEUED");

    const waiting = await provisionedLicence({ label: "renew-early", years: 1, provisionedAt: "2022-03-15T08:00:00Z" });
    const early = await generateLicence(waiting.t, waiting.location.id, { now: new Date("2022-03-16T09:00:00Z") });
    await expectAppError(
      activateLicence(db, { actor: waiting.t.customerAdmin.actor, locationId: waiting.location.id, key: early.key, now: new Date("2022-03-16T10:00:00Z") }),
      "CONFLICT",
      "LOCATION_ALREADY_LICENSED",
    );
  });
});
