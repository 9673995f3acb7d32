import { randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { isoDateToDb } from "../../src/lib/dates";
import { db } from "../../src/server/db";
import type { Actor } from "../../src/server/auth/reach";
import { createApiKey } from "../../src/server/api-keys/create-api-key";
import { authenticateApiKey } from "../../src/server/api-keys/authenticate-api-key";
import { ingestTelemetry } from "../../src/server/metering/ingest-telemetry";
import { validateTelemetryBatch } from "../../src/server/metering/telemetry-input";
import { makeAccount, makeTenant } from "./factories";

export const DX = "defensx-web-security";

/** The instant of a wall-clock time on a local day in a zone. */
export function localInstant(day: string, time: string, zone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, zone).getTime());
}

export async function dxPackages() {
  const service = await db.service.findUniqueOrThrow({ where: { code: DX }, include: { packages: true } });
  const core = service.packages.find((pkg) => pkg.sku === "DX-CORE")!;
  const corePlus = service.packages.find((pkg) => pkg.sku === "DX-CORE-PLUS")!;
  return { service, core, corePlus };
}

/** A subscription contract of a DefensX package, written directly with the dates a scenario needs. */
export async function insertDxSubscription(accountId: string, packageId: string, registeredOn: string, expiresOn: string | null = null) {
  const { service } = await dxPackages();
  return db.contract.create({
    data: {
      accountId,
      serviceId: service.id,
      packageId,
      type: "SUBSCRIPTION",
      source: "PORTAL",
      subscriptionReference: `SO-${randomUUID().slice(0, 8)}`,
      quantity: 50,
      registeredOn: isoDateToDb(registeredOn),
      expiresOn: expiresOn ? isoDateToDb(expiresOn) : null,
      status: "ACTIVE",
    },
  });
}

/** A tenant with one customer in `zone` and an MSSP API key that reports for it. */
export async function makeDxCustomer(label: string, zone = "UTC") {
  const t = await makeTenant(label);
  const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: zone });
  const { key } = await createApiKey(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, name: "Collector" });
  const collector = (await authenticateApiKey(db, `Bearer ${key}`)) as Actor;
  return { t, customer, collector, zone };
}

export async function sendEvents(
  collector: Actor,
  accountId: string,
  events: { deviceId: string; kind: "ENDPOINT" | "USER_SEAT" | "GATEWAY" | "ACCESS_POINT"; at: Date }[],
  now: Date,
) {
  const validated = validateTelemetryBatch(
    { events: events.map((event) => ({ deviceId: event.deviceId, kind: event.kind, at: event.at.toISOString(), accountId })) },
    now,
  );
  if ("faults" in validated) throw new Error(`invalid test batch: ${JSON.stringify(validated.faults)}`);
  return ingestTelemetry(db, { actor: collector, events: validated.events, now });
}
