import type { DbTx } from "../../src/server/db";
import { hashPassword } from "../../src/server/auth/password";
import { seedCatalogue } from "./catalogue";
import { DEMO_PASSWORD, seedDemoAccounts, type DemoLogin } from "./demo-accounts";
import { seedDemoContracts } from "./demo-contracts";
import { seedDemoLocations } from "./demo-locations";
import { seedDemoPlans } from "./demo-plans";
import { seedDemoSubscriptions } from "./demo-subscriptions";
import { seedDemoPools } from "./demo-pools";
import { seedDemoTelemetry } from "./demo-telemetry";
import { seedDemoSavings } from "./demo-savings";
import { seedDemoPrices } from "./demo-prices";
import { seedDemoWebhooks } from "./demo-webhooks";

export { DEMO_PASSWORD };
export type { DemoLogin };

export interface SeedResult {
  seeded: boolean;
  logins: DemoLogin[];
}

export interface SeedOptions {
  demo: boolean;
  /**
   * The instant the demo is dated around (default: the real clock). Every demo
   * date is relative to it in its account's timezone, so the demo tells the same
   * story whatever the date and hour (docs/time-and-days.md).
   */
  now?: Date;
}

/**
 * Seeds the catalogue (always, idempotently) and the demo tenants (once: a
 * database that already has accounts keeps them). Later capabilities add their
 * demo data here.
 */
export async function seedDatabase(db: DbTx, options: SeedOptions = { demo: true }): Promise<SeedResult> {
  await seedCatalogue(db);
  if (!options.demo) return { seeded: false, logins: [] };
  if ((await db.account.count()) > 0) return { seeded: false, logins: await existingDemoLogins(db) };
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins = await seedDemoAccounts(db, passwordHash, now);
  await seedDemoContracts(db, now);
  await seedDemoPlans(db, now);
  await seedDemoTelemetry(db, now);
  await seedDemoSubscriptions(db, now);
  await seedDemoPools(db, now);
  await seedDemoLocations(db, now);
  await seedDemoPrices(db, now);
  await seedDemoSavings(db, now);
  await seedDemoWebhooks(db, now);
  return { seeded: true, logins };
}

async function existingDemoLogins(db: DbTx): Promise<DemoLogin[]> {
  const memberships = await db.membership.findMany({
    where: { user: { email: { endsWith: ".example" } } },
    include: { user: true, account: true },
    orderBy: [{ account: { depth: "asc" } }, { account: { name: "asc" } }],
  });
  return memberships.map((m) => ({
    email: m.user.email,
    role: m.role,
    account: m.account.name,
    kind: m.account.kind,
    inactive: m.account.status === "INACTIVE",
  }));
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const lines = logins.map(
    (login) =>
      `  ${login.email.padEnd(40)} ${login.role.padEnd(8)} ${login.kind.padEnd(12)} ${login.account}${
        login.inactive ? "  (inactive account: sign-in refused)" : ""
      }`,
  );
  return [`Demo logins (password for all: ${DEMO_PASSWORD})`, ...lines].join("\n");
}
