import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { dbDateToIso } from "@/lib/dates";
import type { Actor } from "@/server/auth/reach";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { authenticateApiKey } from "@/server/api-keys/authenticate-api-key";
import { ingestTelemetry } from "@/server/metering/ingest-telemetry";
import { validateTelemetryBatch } from "@/server/metering/telemetry-input";
import { registerGateway } from "@/server/gateways/register-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import { makeAccount, makeTenant, type TestAccount } from "./factories";
import { insertContract } from "./contract-factories";

/** Telemetry sent in tests: ENDPOINT unless a kind is given. */
export type Kind = "GATEWAY" | "ENDPOINT" | "USER_SEAT" | "ACCESS_POINT";
export interface SentEvent {
  deviceId: string;
  at: string;
  kind?: Kind;
  eventId?: string;
  accountId?: string;
}

export const at = (instant: string) => new Date(instant);
export const serial = () => `SN-${randomUUID().slice(0, 12).toUpperCase()}`;

/** An API key of the account, authenticated the way the route does. */
export async function keyActor(account: TestAccount, by: Actor): Promise<Actor> {
  const { key } = await createApiKey(db, { actor: by, accountId: account.id, name: "Telemetry collector" });
  const actor = await authenticateApiKey(db, `Bearer ${key}`);
  if (!actor) throw new Error("the new key did not authenticate");
  return actor;
}

/** Validates the batch like the route, then ingests it at `now` (folded before it returns unless `fold: false`). */
export async function ingest(actor: Actor, events: SentEvent[], now: string, options: { fold?: boolean } = {}) {
  const validated = validateTelemetryBatch({ events: events.map((event) => ({ kind: "ENDPOINT", ...event })) }, at(now));
  if ("faults" in validated) throw new Error(`invalid test batch: ${JSON.stringify(validated.faults)}`);
  return ingestTelemetry(db, { actor, events: validated.events, now: at(now), fold: options.fold });
}

/**
 * History sent as a collector sends it: each UTC day's events in their own batch at that day's
 * end (or at `now`, if earlier). A test that seeds weeks of telemetry in one batch at `now`
 * would be refused by the telemetry horizon (docs/metering.md#bounded-dedupe-storage).
 */
export async function ingestAsSent(actor: Actor, events: SentEvent[], now: string) {
  const days = [...new Set(events.map((event) => new Date(event.at).toISOString().slice(0, 10)))].sort();
  for (const day of days) {
    const sentAt = new Date(Math.min(Date.parse(`${day}T23:59:59Z`), Date.parse(now))).toISOString();
    await ingest(actor, events.filter((event) => new Date(event.at).toISOString().startsWith(day)), sentAt);
  }
}

/** The daily activity of an account, by device external id, in a stable order. */
export async function activity(accountId: string) {
  const [rows, devices] = await Promise.all([
    db.deviceDailyActivity.findMany({ where: { accountId } }),
    db.device.findMany({ where: { accountId }, select: { id: true, externalId: true } }),
  ]);
  const external = new Map(devices.map((device) => [device.id, device.externalId]));
  return rows
    .map((row) => ({
      device: external.get(row.deviceId)!,
      day: dbDateToIso(row.day),
      first: row.firstSeenAt.toISOString(),
      last: row.lastSeenAt.toISOString(),
      events: row.events,
      kind: row.kind,
      payg: row.payg,
    }))
    .sort((a, b) => a.device.localeCompare(b.device) || a.day.localeCompare(b.day));
}

/** A customer with a PAYG gateway contract since 1 January 2028 and three PAYG gateways. */
export async function paygCustomer(label: string, timezone = "UTC") {
  const t = await makeTenant(label);
  const customer = timezone === "UTC" ? t.customer : await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: timezone });
  await insertContract({ accountId: customer.id, type: "PAYG", registeredOn: "2028-01-01", expiresOn: null });
  const gateways = [];
  for (const name of ["gw-a", "gw-b", "gw-c"]) {
    const gw = await registerGateway(db, {
      actor: t.msspAdmin.actor,
      input: gatewayInputSchema.parse({ name, serialNumber: serial(), firmwareVersion: "R82.10", accountId: customer.id }),
    });
    await unlockGateway(db, { actor: t.msspAdmin.actor, gatewayId: gw.id, licenceType: "PAYG", now: at("2028-01-02T12:00:00Z") });
    gateways.push(gw.serialNumber);
  }
  const [a, b, c] = gateways as [string, string, string];
  return { t, customer, a, b, c, key: await keyActor(customer, t.msspAdmin.actor) };
}
