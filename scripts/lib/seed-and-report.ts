import type { PrismaClient } from "../../src/generated/prisma/client";
import { formatDemoLogins, seedDatabase, type SeedOptions } from "../../prisma/seed/seed-database";
import { runDailyJobs } from "../../src/server/jobs/run-daily-jobs";
import { runStatements } from "../../src/server/billing/statements/run-statements";

export async function seedAndReport(prisma: PrismaClient, options: SeedOptions = { demo: true }): Promise<void> {
  const now = options.now ?? new Date();
  const result = await prisma.$transaction((tx) => seedDatabase(tx, { ...options, now }), { timeout: 120_000, maxWait: 20_000 });
  if (!options.demo) {
    console.log("Catalogue up to date (demo tenants not seeded).");
    return;
  }
  console.log(result.seeded ? "Seeded the demo data." : "Demo data already present.");
  if (result.seeded) {
    // The last two months' statements as a seller saw them mid-month: drafts computed on the 15th,
    // so the final statements the daily run writes next can show "what changed since the draft"
    // whichever of the two is the latest final one on this date (nothing is rolled up yet, so these
    // earlier runs finalize nothing; docs/money.md#statements).
    for (const monthsBack of [2, 1]) await runStatements(prisma, { now: midMonthBefore(now, monthsBack) });
    // Meter the demo's weeks of activity as the daily scheduled route would.
    const run = await runDailyJobs(prisma, { now });
    console.log(`Metered the demo usage (${JSON.stringify(run.run.counts)}).`);
  }
  if (result.logins.length > 0) console.log(`\n${formatDemoLogins(result.logins)}\n`);
}

/** Noon UTC on the 15th, `monthsBack` months before `now`'s month: inside that month in every time zone. */
function midMonthBefore(now: Date, monthsBack: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 15, 12));
}
