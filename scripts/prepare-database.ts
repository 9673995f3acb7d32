/**
 * Runs before `next dev` / `next start`: brings the database's schema up to
 * date and seeds the demo on first start, then prints the demo logins. With no
 * DATABASE_URL this creates the embedded PGlite database under .data/.
 * `--no-demo` (used by `npm start`) seeds only the catalogue.
 */
import { applyMigrations } from "../src/server/db/migrate/apply-migrations";
import { openDatabase, runScript } from "./lib/open-database";
import { seedAndReport } from "./lib/seed-and-report";

await runScript(async () => {
  const database = await openDatabase();
  try {
    console.log(`Database: ${database.description}`);
    const applied = await applyMigrations(database.raw, { log: (line) => console.log(`  ${line}`) });
    console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Schema up to date.");
    await seedAndReport(database.prisma, { demo: !process.argv.includes("--no-demo") && process.env.SKIP_DEMO_SEED !== "1" });
  } finally {
    await database.close();
  }
});
