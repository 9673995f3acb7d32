import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { listChildAccounts } from "@/server/accounts/list-child-accounts";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { listDevices } from "@/server/devices/list-devices";
import { listEndUsers } from "@/server/end-users/list-end-users";
import { listLicences } from "@/server/locations/list-licences";
import { listLocations } from "@/server/locations/list-locations";
import { listGateways } from "@/server/gateways/list-gateways";
import { listPackageSeats } from "@/server/usage";
import { makeAccount, makeTenant, unique } from "../../support/factories";

/*
 * Every list search matches what was typed literally: `%` and `_` are characters,
 * not LIKE wildcards, and text no row can hold (a NUL) matches nothing instead of
 * failing the query (docs/input-validation.md).
 */

const NUL = "\u0000";
const LONE_SURROGATE = "\uD800";

async function searchTenant() {
  const t = await makeTenant("search");
  const tag = unique("s");
  const percent = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${tag} 100% Club` });
  const underscore = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${tag} a_b` });
  const plain = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, name: `${tag} plain` });
  for (const externalId of ["dev%1", "dev_2", "dev-3"]) {
    await db.device.create({ data: { accountId: t.customer.id, externalId, kind: "ENDPOINT", name: externalId } });
    await db.endUser.create({ data: { accountId: t.customer.id, externalId, name: `user ${externalId}` } });
    await db.location.create({ data: { accountId: t.customer.id, name: `site ${externalId}`, address: "Main street", sector: "RETAIL" } });
    await db.gateway.create({
      data: { accountId: t.customer.id, name: `gw ${externalId}`, serialNumber: `${tag}-${externalId}`.toUpperCase(), firmwareVersion: "R82", firmwareRank: 82_000_000 },
    });
  }
  for (const actorLabel of ["100%@example.com", "a_b@example.com", "plain@example.com"]) {
    await db.auditEvent.create({ data: { accountId: t.customer.id, actorLabel, action: "test.searched", objectType: "test", objectId: tag } });
  }
  return { t, tag, percent, underscore, plain };
}

describe("list searches match text literally", () => {
  it("`%` and `_` find only names that contain them; a NUL or a lone surrogate finds nothing and fails nothing", async () => {
    const { t, tag, percent, underscore } = await searchTenant();
    const actor = t.msspAdmin.actor;
    const page = { pageSize: 100 };

    const accounts = async (q: string) =>
      (await listChildAccounts(db, { actor, accountId: t.mssp.id, filters: { q, sort: "name", dir: "asc", ...page } })).rows.map((row) => row.name);
    expect(await accounts(`${tag} 100%`)).toEqual([percent.name]);
    expect(await accounts("%")).toEqual([percent.name]);
    expect(await accounts("_")).toEqual([underscore.name]);

    const devices = async (q: string) =>
      (await listDevices(db, { actor, accountId: t.customer.id, filters: { q, sort: "externalId", dir: "asc" }, ...page })).rows.map((row) => row.externalId);
    expect(await devices("%")).toEqual(["dev%1"]);
    expect(await devices("_")).toEqual(["dev_2"]);

    const endUsers = async (q: string) => (await listEndUsers(db, { actor, accountId: t.customer.id, q, ...page })).rows.map((row) => row.externalId);
    expect(await endUsers("%")).toEqual(["dev%1"]);
    expect(await endUsers("v_")).toEqual(["dev_2"]);

    const locations = async (q: string) => (await listLocations(db, { actor, accountId: t.customer.id, q, ...page })).rows.map((row) => row.name);
    expect(await locations("%")).toEqual(["site dev%1"]);

    const gateways = async (q: string) =>
      (await listGateways(db, { actor, accountId: t.customer.id, filters: { q, sort: "name", dir: "asc" }, ...page })).rows.map((row) => row.name);
    expect(await gateways("_")).toEqual(["gw dev_2"]);

    const audit = async (filters: { actor?: string; action?: string; objectType?: string }) =>
      (await listAuditEvents(db, { actor, accountId: t.customer.id, filters: { includeChildren: false, ...filters }, ...page })).rows.map((row) => row.actorLabel);
    expect(await audit({ actor: "%" })).toEqual(["100%@example.com"]);
    expect((await audit({ actor: "_" })).sort()).toEqual(["a_b@example.com"]);
    expect(await audit({ action: "%" })).toEqual([]);
    expect((await audit({ action: "test.", objectType: "test" })).length).toBe(3);

    const licences = async (q: string) =>
      (await listLicences(db, { actor, accountId: t.customer.id, filters: { q, sort: "endsOn", dir: "asc" }, ...page })).total;

    for (const bad of [NUL, `dev${NUL}`, LONE_SURROGATE]) {
      expect(await accounts(bad)).toEqual([]);
      expect(await devices(bad)).toEqual([]);
      expect(await endUsers(bad)).toEqual([]);
      expect(await locations(bad)).toEqual([]);
      expect(await gateways(bad)).toEqual([]);
      expect(await licences(bad)).toBe(0);
      expect(await audit({ actor: bad })).toEqual([]);
      expect(await audit({ action: bad })).toEqual([]);
      expect(await audit({ objectType: bad })).toEqual([]);
      const seats = await listPackageSeats(db, { actor, accountId: t.customer.id, filters: { q: bad }, ...page });
      expect(seats.page.total).toBe(0);
    }
  });
});
