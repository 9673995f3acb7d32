import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isoDateToDb } from "@/lib/dates";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { getUsageReport } from "@/server/usage";
import { at, ingestAsSent, paygCustomer, type SentEvent } from "../../support/telemetry-helpers";
import { backdateStatusChange } from "../../support/status-history";

/**
 * The month-end forecast of the usage report (docs/metering.md, "Forecast"):
 * the run rate so far, projected only up to the service's last billable day.
 * Every instant is pinned in January 2028, so the real clock plays no part.
 */
const NOW = "2028-01-10T12:00:00Z";

/** Three PAYG gateways reporting every day from 1 to 10 January: 30 device-days by the 10th. */
async function tenDaysOfUsage(label: string) {
  const setup = await paygCustomer(label);
  const events: SentEvent[] = [setup.a, setup.b, setup.c].flatMap((deviceId) =>
    Array.from({ length: 10 }, (_, i) => ({ deviceId, kind: "GATEWAY" as const, at: `2028-01-${String(i + 1).padStart(2, "0")}T11:00:00Z` })),
  );
  // No day is metered yet, so all of them count (live), each with the gateways on PAYG.
  await ingestAsSent(setup.key, events, NOW);
  const report = () => getUsageReport(db, { actor: setup.t.msspAdmin.actor, accountId: setup.customer.id, now: at(NOW) });
  const service = async () => (await report()).services.find((row) => row.unit === "GATEWAY")!;
  return { ...setup, service };
}

describe("the forecast runs to each contract's last billable day", () => {
  it("open-ended: the run rate to the month's end", async () => {
    const { service } = await tenDaysOfUsage("forecast-open");
    const usage = await service();
    expect(usage.deviceDays).toBe(30);
    // 30 device-days in 10 days → 3 a day × 31 days ÷ 31 = 3.00 units.
    expect(usage).toMatchObject({ forecastUnitsHundredths: 300, forecastEndsOn: null });
  });

  it("canceled today: no days after today, so the forecast is the usage so far", async () => {
    const { customer, service } = await tenDaysOfUsage("forecast-canceled");
    await db.contract.updateMany({ where: { accountId: customer.id }, data: { canceledAt: at("2028-01-10T09:00:00Z") } });
    const usage = await service();
    // 30 ÷ 31 = 0.97 units, billed and forecast alike.
    expect(usage).toMatchObject({ deviceDays: 30, billableUnitsHundredths: 97, forecastUnitsHundredths: 97, forecastEndsOn: "2028-01-10" });
  });

  it("expiring on the 20th: ten more days at the run rate", async () => {
    const { customer, service } = await tenDaysOfUsage("forecast-expiry");
    await db.contract.updateMany({ where: { accountId: customer.id }, data: { expiresOn: isoDateToDb("2028-01-20") } });
    // (30 + 3 × 10) ÷ 31 = 1.94 units.
    expect(await service()).toMatchObject({ forecastUnitsHundredths: 194, forecastEndsOn: "2028-01-20" });
  });

  it("the account inactivated on the 10th bills nothing after it", async () => {
    const { t, customer, service } = await tenDaysOfUsage("forecast-inactive");
    await changeAccountStatus(db, { actor: t.msspAdmin.actor, accountId: customer.id, change: "inactivate" });
    await backdateStatusChange(db, { accountId: customer.id, action: "account.inactivated", at: at("2028-01-10T10:00:00Z") });
    expect(await service()).toMatchObject({ deviceDays: 30, forecastUnitsHundredths: 97, forecastEndsOn: "2028-01-10" });
  });
});
