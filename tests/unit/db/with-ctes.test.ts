import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { cte, ctes, withCtes } from "@/server/db/with-ctes";

const lateRows = cte("late_rows", Prisma.sql`SELECT 1 AS n`);
const corrected = cte("corrected", Prisma.sql`SELECT n FROM late_rows`, ["late_rows"]);

describe("typed CTE fragments", () => {
  it("joins fragments in order into one WITH statement", () => {
    const statement = withCtes(lateRows).and(corrected).select(Prisma.sql`SELECT count(*) FROM corrected`);
    expect(statement.sql.replace(/\s+/g, " ")).toBe(
      "WITH late_rows AS (SELECT 1 AS n), corrected AS (SELECT n FROM late_rows) SELECT count(*) FROM corrected",
    );
  });

  it("a fragment whose CTE is missing does not type-check (and throws if forced)", () => {
    // tsc (npx tsc --noEmit covers tests/) fails if these lines stop being errors.
    // @ts-expect-error — `corrected` needs `late_rows`, which nothing before it provides.
    expect(() => withCtes(corrected)).toThrow("needs late_rows");
    const other = ctes({ needs: [], provides: ["input"] }, Prisma.sql`input AS (SELECT 1)`);
    // @ts-expect-error — `input` is not `late_rows`.
    expect(() => withCtes(other).and(corrected)).toThrow("needs late_rows");
  });
});
