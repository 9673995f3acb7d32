/**
 * `npm run db:reset`: drops everything in the database's public schema, then
 * migrates and seeds again. Refuses to touch a production database.
 */
import { applyMigrations } from "../src/server/db/migrate/apply-migrations";
import { openDatabase, runScript } from "./lib/open-database";
import { seedAndReport } from "./lib/seed-and-report";

await runScript(async () => {
  if (process.env.NODE_ENV === "production") throw new Error("db:reset refuses to run with NODE_ENV=production.");
  const database = await openDatabase();
  try {
    console.log(`Resetting ${database.description}`);
    await database.raw.exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    const applied = await applyMigrations(database.raw, { log: (line) => console.log(`  ${line}`) });
    console.log(`Applied ${applied.length} migration(s).`);
    await seedAndReport(database.prisma);
  } finally {
    await database.close();
  }
});
