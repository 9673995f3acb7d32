import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { activateLicence } from "@/server/locations/activate-licence";
import { getLicenceData } from "@/server/locations/get-licence-data";
import { iterateLicences, listLicences } from "@/server/locations/list-licences";
import { getLocationDetail, listLocations } from "@/server/locations/list-locations";
import { searchLicensableLocations } from "@/server/locations/search-licensable-locations";
import { licenceRequestSchema, locationInputSchema } from "@/server/locations/location-input";
import { assignAccessPoints } from "@/server/locations/assign-access-points";
import { createLocation } from "@/server/locations/create-location";
import { removeAccessPoint } from "@/server/locations/remove-access-point";
import { updateLocation } from "@/server/locations/update-location";
import { requestLicence } from "@/server/locations/request-licence";
import { denyLicenceAccess, liftLicenceDenial } from "@/server/locations/set-licence-access";
import { createNotice } from "@/server/notifications/create-notice";
import { countUnreadNotices, listNotices, markNoticesRead } from "@/server/notifications/list-notices";
import { addNotificationRecipient } from "@/server/notifications/add-notification-recipient";
import { listNotificationRecipients } from "@/server/notifications/list-notification-recipients";
import { removeNotificationRecipient } from "@/server/notifications/remove-notification-recipient";
import { makeTenant, type TestAccount } from "../../support/factories";
import { addAccessPoints, generateLicence, makeLocation } from "../../support/location-factories";

const MISSING = "00000000-0000-4000-8000-000000000000";
const location = (name: string) => locationInputSchema.parse({ name, address: "Somewhere 1", sector: "RETAIL" });

async function snapshot(root: TestAccount) {
  const scope = { account: { path: { startsWith: root.path } } };
  const [locations, licences, devices, notices, reads, recipients, audit] = await Promise.all([
    db.location.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.locationLicence.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.device.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.notice.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.noticeRead.count({ where: scope }),
    db.notificationRecipient.findMany({ where: scope, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: scope }),
  ]);
  return { locations, licences, devices, notices, reads, recipients, audit };
}

async function refused(name: string, codes: string[], attempt: () => Promise<unknown>) {
  const error = await attempt().then(
    () => null,
    (thrown: unknown) => thrown as { code?: string },
  );
  expect(error, `${name} succeeded`).not.toBeNull();
  expect(codes, `${name}: ${String(error)}`).toContain(error!.code);
}

/**
 * Tenant A's people against tenant B's locations, licences and notifications,
 * for every action and read: "not found" (or a refusal that says nothing about
 * B), exactly as for ids that do not exist; nothing of either tenant changes.
 */
describe("two tenants: locations, licences and notifications", () => {
  it("one tenant can neither see nor touch the other's", async () => {
    const a = await makeTenant("a");
    const b = await makeTenant("b");
    const bLocation = await makeLocation(b);
    const [bAp] = await addAccessPoints(b, bLocation.id, 1);
    const bLicence = await generateLicence(b, bLocation.id);
    const bOther = await makeLocation(b);
    const bPending = await generateLicence(b, bOther.id);
    await activateLicence(db, { actor: b.customerAdmin.actor, locationId: bLocation.id, key: bLicence.key });
    const bNotice = await db.$transaction((tx) => createNotice(tx, { accountId: b.customer.id, key: "b-notice", kind: "test", title: "B only", body: "secret", email: false }));
    const bRecipient = await addNotificationRecipient(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, email: "b@b.example" });

    const aLocation = await makeLocation(a);
    await db.$transaction((tx) => createNotice(tx, { accountId: a.customer.id, key: "a-notice", kind: "test", title: "A only", body: "x", email: false }));

    const bBefore = await snapshot(b.distributor);
    const aBefore = await snapshot(a.distributor);
    const attackers: Actor[] = [a.msspAdmin.actor, a.distributorAdmin.actor, a.customerAdmin.actor];

    for (const actor of attackers) {
      for (const [name, attempt] of [
        ["createLocation in B", () => createLocation(db, { actor, accountId: b.customer.id, input: location("Spy") })],
        ["updateLocation", () => updateLocation(db, { actor, locationId: bLocation.id, input: location("Renamed") })],
        ["assignAccessPoints to B's location", () => assignAccessPoints(db, { actor, locationId: bLocation.id, deviceIds: [bAp!.id] })],
        ["removeAccessPoint", () => removeAccessPoint(db, { actor, locationId: bLocation.id, deviceId: bAp!.id })],
        ["getLocationDetail", () => getLocationDetail(db, { actor, locationId: bLocation.id })],
        ["listLocations of B", () => listLocations(db, { actor, accountId: b.customer.id, pageSize: 10 })],
        ["searchLicensableLocations of B", () => searchLicensableLocations(db, { actor, accountId: b.distributor.id, q: "" })],
        ["activateLicence on B's location", () => activateLicence(db, { actor, locationId: bOther.id, key: bPending.key })],
        ["getLicenceData", () => getLicenceData(db, { actor, licenceId: bLicence.id })],
        ["listLicences of B", () => listLicences(db, { actor, accountId: b.mssp.id, filters: { sort: "key", dir: "asc" }, pageSize: 10 })],
        ["iterateLicences of B", async () => { for await (const row of iterateLicences(db, { actor, accountId: b.mssp.id, filters: { sort: "key", dir: "asc" } })) void row; }],
        ["denyLicenceAccess", () => denyLicenceAccess(db, { actor, licenceId: bLicence.id, reason: "Spying" })],
        ["liftLicenceDenial", () => liftLicenceDenial(db, { actor, licenceId: bLicence.id, reason: "Spying" })],
        ["listNotices of B", () => listNotices(db, { actor, accountId: b.customer.id, pageSize: 10 })],
        ["markNoticesRead of B", () => markNoticesRead(db, { actor, accountId: b.customer.id, noticeIds: [bNotice.notice.id] })],
        ["listNotificationRecipients of B", () => listNotificationRecipients(db, { actor, accountId: b.mssp.id })],
        ["addNotificationRecipient to B", () => addNotificationRecipient(db, { actor, accountId: b.mssp.id, email: "spy@a.example" })],
        ["removeNotificationRecipient of B via B", () => removeNotificationRecipient(db, { actor, accountId: b.mssp.id, recipientId: bRecipient.id })],
        ["getLicenceData missing", () => getLicenceData(db, { actor, licenceId: MISSING })],
      ] as const) {
        await refused(name, ["NOT_FOUND"], attempt);
      }
      // Foreign ids as fields of A's own forms.
      await refused("assign B's access point to A's location", ["INVALID"], () => assignAccessPoints(db, { actor, locationId: aLocation.id, deviceIds: [bAp!.id] }));
      await refused("remove B's recipient through A's account", ["NOT_FOUND"], () => removeNotificationRecipient(db, { actor, accountId: a.mssp.id, recipientId: bRecipient.id }));
      await refused("send B's key on A's location", ["INVALID", "FORBIDDEN", "RATE_LIMITED"], () => activateLicence(db, { actor, locationId: aLocation.id, key: bPending.key }));
      await refused("request a licence for B's location", ["NOT_FOUND", "INVALID"], () =>
        requestLicence(db, {
          actor,
          input: licenceRequestSchema.parse({ locationId: bOther.id, partnerAccountId: b.mssp.id, distributorAccountId: b.distributor.id, years: 1, payment: "ANNUAL", units: 3, modules: [] }),
        }),
      );
      await refused("request a licence for A's location through B's distributor", ["INVALID", "FORBIDDEN"], () =>
        requestLicence(db, {
          actor,
          input: licenceRequestSchema.parse({ locationId: aLocation.id, partnerAccountId: b.mssp.id, distributorAccountId: b.distributor.id, years: 1, payment: "ANNUAL", units: 3, modules: [] }),
        }),
      );
      // A's own lists show nothing of B; marking all read touches only A's.
      const aNotices = await listNotices(db, { actor, accountId: actor === a.distributorAdmin.actor ? a.distributor.id : actor === a.msspAdmin.actor ? a.mssp.id : a.customer.id, pageSize: 50 });
      expect(aNotices.rows.map((row) => row.title)).toEqual(["A only"]);
      expect(await countUnreadNotices(db, { actor, accountPath: a.distributor.path })).toBeLessThanOrEqual(1);
    }
    const aLicences = await listLicences(db, { actor: a.msspAdmin.actor, accountId: a.mssp.id, filters: { sort: "key", dir: "asc" }, pageSize: 10 });
    expect(aLicences.total).toBe(0);

    expect(await snapshot(b.distributor)).toEqual(bBefore);
    const aAfter = await snapshot(a.distributor);
    // A's failed key attempts are recorded on A (throttling) and nothing else of A changed.
    expect({ ...aAfter, audit: aBefore.audit }).toEqual(aBefore);
  });
});
