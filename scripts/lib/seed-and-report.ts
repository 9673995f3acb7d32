import type { PrismaClient } from "../../src/generated/prisma/client";
import { formatDemoLogins, seedDatabase, type SeedOptions } from "../../prisma/seed/seed-database";
import { runDailyJobs } from "../../src/server/jobs/run-daily-jobs";

export async function seedAndReport(prisma: PrismaClient, options: SeedOptions = { demo: true }): Promise<void> {
  const now = options.now ?? new Date();
  const result = await prisma.$transaction((tx) => seedDatabase(tx, { ...options, now }), { timeout: 120_000, maxWait: 20_000 });
  if (!options.demo) {
    console.log("Catalogue up to date (demo tenants not seeded).");
    return;
  }
  console.log(result.seeded ? "Seeded the demo data." : "Demo data already present.");
  if (result.seeded) {
    // Meter the demo's weeks of activity as the daily scheduled route would.
    const run = await runDailyJobs(prisma, { now });
    console.log(`Metered the demo usage (${JSON.stringify(run.run.counts)}).`);
  }
  if (result.logins.length > 0) console.log(`\n${formatDemoLogins(result.logins)}\n`);
}
