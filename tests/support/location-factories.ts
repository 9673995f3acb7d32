import { randomUUID } from "node:crypto";
import type { LocationSector } from "../../src/generated/prisma/client";
import { db } from "../../src/server/db";
import { createApiKey } from "../../src/server/api-keys/create-api-key";
import { authenticateApiKey } from "../../src/server/api-keys/authenticate-api-key";
import { ingestTelemetry } from "../../src/server/metering/ingest-telemetry";
import { activateLicence } from "../../src/server/locations/activate-licence";
import { createLocation } from "../../src/server/locations/create-location";
import { assignAccessPoints } from "../../src/server/locations/assign-access-points";
import { locationInputSchema, licenceRequestSchema } from "../../src/server/locations/location-input";
import { requestLicence } from "../../src/server/locations/request-licence";
import { runLocationLicenceLifecycle } from "../../src/server/locations/run-location-licence-lifecycle";
import { makeTenant } from "./factories";

export type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** A location of the tenant's customer, created by the MSSP admin. */
export async function makeLocation(t: Tenant, options: { sector?: LocationSector; rooms?: number; name?: string } = {}) {
  return createLocation(db, {
    actor: t.msspAdmin.actor,
    accountId: t.customer.id,
    input: locationInputSchema.parse({
      name: options.name ?? `Site ${randomUUID().slice(0, 6)}`,
      address: "1 Harbour Street, Valencia",
      sector: options.sector ?? "RETAIL",
      rooms: options.rooms ?? 0,
    }),
  });
}

/** The distributor generates a licence for a location (PENDING_PROVISION). */
export async function generateLicence(t: Tenant, locationId: string, options: { years?: number; units?: number; modules?: string[]; now?: Date } = {}) {
  return requestLicence(db, {
    actor: t.distributorAdmin.actor,
    now: options.now,
    input: licenceRequestSchema.parse({
      locationId,
      partnerAccountId: t.mssp.id,
      distributorAccountId: t.distributor.id,
      years: options.years ?? 1,
      payment: "ANNUAL",
      units: options.units ?? 10,
      modules: options.modules ?? ["GUEST"],
    }),
  });
}

/** Access points registered on the customer and configured on the location. */
export async function addAccessPoints(t: Tenant, locationId: string, count: number) {
  const devices = [];
  for (let i = 0; i < count; i++) {
    devices.push(
      await db.device.create({ data: { accountId: t.customer.id, externalId: `AP-${randomUUID().slice(0, 8)}`, kind: "ACCESS_POINT", registeredBy: "test" } }),
    );
  }
  if (count > 0) await assignAccessPoints(db, { actor: t.msspAdmin.actor, locationId, deviceIds: devices.map((d) => d.id) });
  return devices;
}

/**
 * A tenant with a location, its licence activated with "Send Key" at
 * `provisionedAt`, two access points, and a way to report connections and
 * run the daily lifecycle for this tenant only.
 */
export async function provisionedLicence(options: { label: string; years: number; provisionedAt: string; sector?: LocationSector }) {
  const t = await makeTenant(options.label);
  const location = await makeLocation(t, { sector: options.sector, rooms: options.sector === "HOSPITALITY" ? 20 : 0 });
  const licence = await generateLicence(t, location.id, { years: options.years, units: options.sector === "HOSPITALITY" ? 40 : 10 });
  const aps = await addAccessPoints(t, location.id, 2);
  await activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: licence.key, now: new Date(options.provisionedAt) });
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, name: "Controller" });
  const apiActor = (await authenticateApiKey(db, `Bearer ${key}`))!;
  return {
    t,
    location,
    licence,
    aps,
    /** `count` connections reported by the location's access points at that local (UTC) day, sent on `sentOn` (default the same evening). */
    async connect(day: string, count: number, sentOn = day) {
      const events = Array.from({ length: count }, (_, i) => ({
        eventId: randomUUID(),
        deviceId: aps[i % aps.length]!.externalId,
        kind: "ACCESS_POINT" as const,
        at: `${day}T10:${String(i).padStart(2, "0")}:00Z`,
      }));
      await ingestTelemetry(db, { actor: apiActor, events, now: new Date(`${sentOn}T23:00:00Z`) });
    },
    /** The scheduled route's licence work on this tenant only, at `instant`. */
    run(instant: string) {
      return runLocationLicenceLifecycle(db, { now: new Date(instant), accountIds: [t.customer.id] });
    },
    reload() {
      return db.locationLicence.findUniqueOrThrow({ where: { id: licence.id } });
    },
  };
}
