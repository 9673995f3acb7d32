import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import {
  activateLicence,
  MAX_FAILED_KEYS_PER_ACCOUNT,
  MAX_FAILED_KEYS_PER_USER,
  UNKNOWN_KEY_MESSAGE,
} from "@/server/locations/activate-licence";
import { generateLicenceKey } from "@/server/locations/licence-key";
import { makeActor, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { addAccessPoints, generateLicence, makeLocation } from "../../support/location-factories";

/** "Send Key" under attack: guessing, reuse, another tenant's key, limits. */

const at = (instant: string) => new Date(instant);

describe("activating a licence with Send Key", () => {
  it("a good key provisions it: PENDING_START with the 5-connection rule, recorded in its history", async () => {
    const t = await makeTenant("send-key");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id, { years: 3 });
    expect(licence).toMatchObject({ status: "PENDING_PROVISION", provisionedAt: null, accountId: t.customer.id });
    expect(licence.key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    // Typed in lower case with spaces, as people do.
    const typed = licence.key.toLowerCase().replace(/-/g, " ");
    const activated = await activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: typed, now: at("2030-06-01T22:30:00Z") });
    expect(activated).toMatchObject({ status: "PENDING_START", startsOn: null, endsOn: null });
    expect(activated.provisionedOn!.toISOString().slice(0, 10)).toBe("2030-06-01");
    const event = await db.auditEvent.findFirstOrThrow({ where: { objectId: licence.id, action: "licence.provisioned" } });
    expect(event).toMatchObject({ actorLabel: t.customerAdmin.email, before: { status: "PENDING_PROVISION" }, after: { status: "PENDING_START" } });
  });

  it("reuse: a key already sent is refused, also on the same location", async () => {
    const t = await makeTenant("reuse");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id);
    await activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: licence.key });
    const error = await expectAppError(activateLicence(db, { actor: t.msspAdmin.actor, locationId: location.id, key: licence.key }), "CONFLICT", "KEY_ALREADY_USED");
    expect(error.fieldErrors?.key).toEqual(["This licence key has already been used."]);
    // Two Send Keys racing for one key: one wins.
    const other = await makeLocation(t);
    const fresh = await generateLicence(t, other.id);
    const results = await Promise.allSettled([
      activateLicence(db, { actor: t.customerAdmin.actor, locationId: other.id, key: fresh.key }),
      activateLicence(db, { actor: t.msspAdmin.actor, locationId: other.id, key: fresh.key }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("another tenant's key is refused exactly like a key that does not exist, and nothing of theirs changes", async () => {
    const a = await makeTenant("key-a");
    const b = await makeTenant("key-b");
    const aLocation = await makeLocation(a);
    const bLicence = await generateLicence(b, (await makeLocation(b)).id);
    const foreign = await expectAppError(activateLicence(db, { actor: a.customerAdmin.actor, locationId: aLocation.id, key: bLicence.key }), "INVALID", "UNKNOWN_KEY");
    const missing = await expectAppError(activateLicence(db, { actor: a.customerAdmin.actor, locationId: aLocation.id, key: generateLicenceKey() }), "INVALID", "UNKNOWN_KEY");
    expect(foreign.message).toBe(UNKNOWN_KEY_MESSAGE);
    expect([foreign.message, foreign.fieldErrors]).toEqual([missing.message, missing.fieldErrors]);
    expect(await db.locationLicence.findUniqueOrThrow({ where: { id: bLicence.id } })).toMatchObject({ status: "PENDING_PROVISION", provisionedAt: null });
    // Even a distributor admin of A cannot use B's key on A's location.
    await expectAppError(activateLicence(db, { actor: a.distributorAdmin.actor, locationId: aLocation.id, key: bLicence.key }), "INVALID", "UNKNOWN_KEY");
  });

  it("a key of the same tenant issued for another location names that location", async () => {
    const t = await makeTenant("other-loc");
    const first = await makeLocation(t, { name: "Lobby" });
    const second = await makeLocation(t, { name: "Warehouse" });
    const licence = await generateLicence(t, first.id);
    const error = await expectAppError(activateLicence(db, { actor: t.customerAdmin.actor, locationId: second.id, key: licence.key }), "RULE_VIOLATION", "KEY_FOR_OTHER_LOCATION");
    expect(error.message).toBe("This licence key was issued for the location Lobby.");
  });

  it("guessing: after 5 wrong keys a person is slowed down for 15 minutes, even with the right key; the account after 10", async () => {
    const t = await makeTenant("guess");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id);
    const start = at("2030-07-01T10:00:00Z");
    const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
    for (let i = 0; i < MAX_FAILED_KEYS_PER_USER; i++) {
      await expectAppError(activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: i % 2 ? "nonsense" : generateLicenceKey(), now: minutes(i) }), "INVALID");
    }
    const slowed = await expectAppError(
      activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: licence.key, now: minutes(5) }),
      "RATE_LIMITED",
      "TOO_MANY_KEY_ATTEMPTS",
    );
    expect(slowed.message).toBe("Too many wrong licence keys. Try again in 10 minutes.");
    expect((await db.locationLicence.findUniqueOrThrow({ where: { id: licence.id } })).status).toBe("PENDING_PROVISION");

    // Other people of the account may still try, until the account itself has had 10 wrong keys.
    const colleagues = [t.msspAdmin.actor, (await makeActor(t.customer, "ADMIN")).actor];
    for (let i = 0; i < MAX_FAILED_KEYS_PER_ACCOUNT - MAX_FAILED_KEYS_PER_USER; i++) {
      await expectAppError(activateLicence(db, { actor: colleagues[i % 2]!, locationId: location.id, key: generateLicenceKey(), now: minutes(6) }), "INVALID");
    }
    await expectAppError(activateLicence(db, { actor: colleagues[1]!, locationId: location.id, key: licence.key, now: minutes(7) }), "RATE_LIMITED");

    // Once the window has passed, the right key works.
    const later = minutes(6 + 15 + 1);
    const activated = await activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: licence.key, now: later });
    expect(activated.status).toBe("PENDING_START");
  });

  it("limits: more access points or rooms configured than the licence allows are refused, at activation and after", async () => {
    const t = await makeTenant("limits");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id, { units: 2 });
    await addAccessPoints(t, location.id, 3);
    await expectAppError(activateLicence(db, { actor: t.customerAdmin.actor, locationId: location.id, key: licence.key }), "RULE_VIOLATION", "LICENCE_ACCESS_POINTS_EXCEEDED");

    const ok = await makeLocation(t);
    const okLicence = await generateLicence(t, ok.id, { units: 2 });
    await addAccessPoints(t, ok.id, 2);
    await activateLicence(db, { actor: t.customerAdmin.actor, locationId: ok.id, key: okLicence.key });
    await expectAppError(addAccessPoints(t, ok.id, 1), "RULE_VIOLATION", "LICENCE_ACCESS_POINTS_EXCEEDED");

    const hotel = await makeLocation(t, { sector: "HOSPITALITY", rooms: 30 });
    const hotelLicence = await generateLicence(t, hotel.id, { units: 25 });
    expect(hotelLicence).toMatchObject({ maxRooms: 25, maxAccessPoints: null });
    await expectAppError(activateLicence(db, { actor: t.customerAdmin.actor, locationId: hotel.id, key: hotelLicence.key }), "RULE_VIOLATION", "LICENCE_ROOMS_EXCEEDED");
  });

  it("checks the rooms the location has once locked: a change committed while Send Key waited counts", async () => {
    const t = await makeTenant("send-key-rooms-race");
    const hotel = await makeLocation(t, { sector: "HOSPITALITY", rooms: 20 });
    const licence = await generateLicence(t, hotel.id, { units: 25 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // Another transaction raises the rooms to 30 and holds the row until released.
    const change = db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE locations SET rooms = 30 WHERE id = ${hotel.id}::uuid`;
      locked();
      await gate;
    });
    await holding;
    const sending = activateLicence(db, { actor: t.customerAdmin.actor, locationId: hotel.id, key: licence.key });
    // Send Key reads the location (20 rooms, the change is not committed) and waits on its lock.
    for (let i = 0; i < 50; i++) {
      const [row] = await db.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (row!.waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await change;
    await expectAppError(sending, "RULE_VIOLATION", "LICENCE_ROOMS_EXCEEDED");
    expect(await db.locationLicence.findUniqueOrThrow({ where: { id: licence.id } })).toMatchObject({ status: "PENDING_PROVISION" });
  });

  it("viewers cannot send keys and only a distributor's admin generates licences", async () => {
    const t = await makeTenant("roles");
    const location = await makeLocation(t);
    const licence = await generateLicence(t, location.id);
    await expectAppError(activateLicence(db, { actor: t.msspViewer.actor, locationId: location.id, key: licence.key }), "FORBIDDEN");
    const { requestLicence } = await import("@/server/locations/request-licence");
    const { licenceRequestSchema } = await import("@/server/locations/location-input");
    const input = licenceRequestSchema.parse({
      locationId: location.id, partnerAccountId: t.mssp.id, distributorAccountId: t.distributor.id, years: 1, payment: "MONTHLY", units: 5, modules: [],
    });
    // The MSSP admin does not reach the distributor: the distributor field is refused.
    await expectAppError(requestLicence(db, { actor: t.msspAdmin.actor, input }), "INVALID");
    await expectAppError(requestLicence(db, { actor: t.msspViewer.actor, input }), "INVALID");
  });
});
