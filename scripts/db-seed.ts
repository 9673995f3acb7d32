/** `npm run db:seed`: seeds the catalogue and, on an empty database, the demo tenants. */
import { openDatabase, runScript } from "./lib/open-database";
import { seedAndReport } from "./lib/seed-and-report";

await runScript(async () => {
  const database = await openDatabase();
  try {
    console.log(`Database: ${database.description}`);
    await seedAndReport(database.prisma);
  } finally {
    await database.close();
  }
});
