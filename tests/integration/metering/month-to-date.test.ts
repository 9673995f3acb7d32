import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeTenant } from "../../support/factories";

/**
 * usage_month_days is derived from usage_daily by triggers (docs/metering.md#month-to-date):
 * after inserts (also repeated, ON CONFLICT DO NOTHING as metering writes), an update and
 * deletes it equals a recount of the metered days — device-days, days, and the billable days
 * as a bit set — so the roll-up reads one row per (account, service, month).
 */
async function keptAndRecount(accountIds: string[]) {
  const [kept, recount] = await Promise.all([
    db.$queryRaw<unknown[]>`
      SELECT account_id, service_id, month, payg_device_days, metered_days, billable_days FROM usage_month_days
      WHERE account_id = ANY(${accountIds}::uuid[]) ORDER BY 1, 2, 3`,
    db.$queryRaw<unknown[]>`
      SELECT account_id, service_id, date_trunc('month', day::timestamp)::date AS month, sum(payg_device_days)::int AS payg_device_days,
             count(*)::int AS metered_days, COALESCE(sum(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE billable), 0)::int AS billable_days
      FROM usage_daily WHERE account_id = ANY(${accountIds}::uuid[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  ]);
  expect(kept).toEqual(recount);
  // February's row first, then March's (the key's service ids are random).
  return (kept as { month: Date; payg_device_days: number; metered_days: number; billable_days: number }[])
    .sort((a, b) => a.month.getTime() - b.month.getTime());
}

async function meterDay(accountId: string, serviceId: string, day: string, paygDays: number, billable = true) {
  await db.$executeRaw`
    INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
    VALUES (${accountId}::uuid, ${serviceId}::uuid, ${day}::date, ${paygDays}, ${paygDays}, ${billable}, true)
    ON CONFLICT (account_id, service_id, day) DO NOTHING`;
}

describe("the month-to-date totals of metered days", () => {
  it("follow inserts, repeated inserts, updates and deletes of usage_daily", async () => {
    const t = await makeTenant("month-to-date");
    const accountId = t.customer.id;
    const [first, second] = await db.service.findMany({ orderBy: { name: "asc" }, take: 2, select: { id: true } });
    // 29 February of a leap year and the month's last day; one inactive (not billable) day.
    await meterDay(accountId, first!.id, "2028-02-01", 10);
    await meterDay(accountId, first!.id, "2028-02-29", 12);
    await meterDay(accountId, first!.id, "2028-02-15", 0, false);
    await meterDay(accountId, second!.id, "2028-03-31", 7);
    await meterDay(accountId, first!.id, "2028-02-29", 99); // a repeated run: nothing changes
    const rows = await keptAndRecount([accountId]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ payg_device_days: 22, metered_days: 3, billable_days: 1 | 2 ** 28 });
    expect(rows[1]).toMatchObject({ payg_device_days: 7, metered_days: 1, billable_days: 2 ** 30 });

    // Several rows in one statement, as metering writes them.
    await db.$executeRaw`
      INSERT INTO usage_daily (account_id, service_id, day, active_devices, payg_device_days, billable, payg)
      SELECT ${accountId}::uuid, ${first!.id}::uuid, d::date, 3, 3, true, true FROM generate_series('2028-02-02'::date, '2028-02-05'::date, interval '1 day') d`;
    expect((await keptAndRecount([accountId]))[0]).toMatchObject({ payg_device_days: 34, metered_days: 7 });

    // Changed or removed days are recounted: a bit cannot be subtracted.
    await db.$executeRaw`UPDATE usage_daily SET billable = false, payg_device_days = 0 WHERE account_id = ${accountId}::uuid AND day = '2028-02-01'`;
    expect((await keptAndRecount([accountId]))[0]).toMatchObject({ payg_device_days: 24, billable_days: 2 ** 28 + (2 + 4 + 8 + 16) });
    await db.$executeRaw`DELETE FROM usage_daily WHERE account_id = ${accountId}::uuid AND service_id = ${second!.id}::uuid`;
    expect(await keptAndRecount([accountId])).toHaveLength(1);
  });
});
