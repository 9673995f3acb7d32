import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { updateLocation } from "@/server/locations/update-location";
import { addNotificationRecipient } from "@/server/notifications/add-notification-recipient";
import { setPriceTier } from "@/server/pools/price-tiers";
import { makeTenant, unique } from "../../support/factories";
import { makeLocation } from "../../support/location-factories";
import { AD360 } from "../../support/pool-factories";

/** Duplicates created at the same moment get the same field error as the check before the write, never a raw database error. */

function refusals(results: PromiseSettledResult<unknown>[]): AppError[] {
  return results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as AppError);
}

describe("concurrent duplicates", () => {
  it("two locations renamed to the same name at once: one wins, the other is told on the name field", async () => {
    const t = await makeTenant("loc-dup");
    const a = await makeLocation(t, { name: "North" });
    const b = await makeLocation(t, { name: "South" });
    const name = unique("Harbour");
    const results = await Promise.allSettled(
      [a, b].map((location) => updateLocation(db, { actor: t.customerAdmin.actor, locationId: location.id, input: { name, address: "", sector: "OFFICE", rooms: 0 } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = refusals(results);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused!.fieldErrors).toEqual({ name: ["This account already has a location with this name."] });
  });

  it("the same notification recipient added twice at once: one row, the other told on the email field", async () => {
    const t = await makeTenant("recipient-dup");
    const email = `${unique("ops")}@customer.example`;
    const results = await Promise.allSettled([1, 2].map(() => addNotificationRecipient(db, { actor: t.customerAdmin.actor, accountId: t.customer.id, email })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = refusals(results);
    expect(refused).toMatchObject({ code: "CONFLICT", reason: "RECIPIENT_EXISTS", fieldErrors: { email: [`${email} already receives this account's notifications.`] } });
    expect(await db.notificationRecipient.count({ where: { accountId: t.customer.id } })).toBe(1);
  });

  it("the same new price tier set twice at once: both succeed, one tier", async () => {
    const t = await makeTenant("tier-dup");
    const results = await Promise.allSettled(
      [3000, 2900].map((unitPriceCents) => setPriceTier(db, { actor: t.distributorAdmin.actor, accountId: t.distributor.id, service: AD360, minQuantity: 10, unitPriceCents })),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await db.poolPriceTier.count({ where: { accountId: t.distributor.id } })).toBe(1);
  });
});
