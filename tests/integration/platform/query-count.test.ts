import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { POSTGRES_SESSION_OPTIONS } from "@/server/db/create-prisma-client";
import { resolveDatabaseTarget } from "@/server/db/database-target";
import { countingAdapterFactory, scopedTally, withQueryTally } from "@/server/db/query-count";

// Counting through a real client and driver: model queries, raw SQL and interactive transactions.
const target = resolveDatabaseTarget();

describe.runIf(target.kind === "postgres")("query counting on PostgreSQL", () => {
  const url = target.kind === "postgres" ? target.url : "";
  const prisma = new PrismaClient({ adapter: countingAdapterFactory(new PrismaPg({ connectionString: url, max: 2, options: POSTGRES_SESSION_OPTIONS }), scopedTally()) });
  afterAll(() => prisma.$disconnect());

  it("counts each statement a piece of work runs, and only that work's", async () => {
    await prisma.$queryRaw`SELECT 1`; // connects; outside any tally
    const { tally, result } = await withQueryTally(async () => {
      const services = await prisma.service.findMany({ take: 2 });
      await prisma.$queryRaw`SELECT count(*) FROM accounts`;
      await prisma.$transaction(async (tx) => {
        await tx.service.count();
        await tx.$executeRaw`SELECT 1`;
      });
      return services.length;
    });
    expect(result).toBeGreaterThan(0);
    // findMany, the raw query, and the transaction's two statements; BEGIN/COMMIT are the driver's own.
    expect(tally.queries).toBeGreaterThanOrEqual(4);
    expect(tally.queries).toBeLessThanOrEqual(6);
    expect(tally.ms).toBeGreaterThan(0);
  });

  it("a nested relation read is counted per statement Prisma sends (how an N+1 shows)", async () => {
    const { tally: one } = await withQueryTally(() => prisma.service.findMany({ take: 3 }));
    const { tally: loop } = await withQueryTally(async () => {
      const services = await prisma.service.findMany({ take: 3 });
      for (const service of services) await prisma.package.findMany({ where: { serviceId: service.id } });
    });
    expect(one.queries).toBe(1);
    const services = await prisma.service.count();
    expect(loop.queries).toBe(1 + Math.min(3, services));
  });
});
