import { describe, expect, it, vi } from "vitest";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import {
  countingAdapterFactory,
  eachStatementLines,
  parseQueryCountLine,
  queryCountEnabled,
  queryCountLine,
  scopedTally,
  slowestStatementLine,
  withQueryTally,
  type QueryTally,
} from "@/server/db/query-count";

/** A driver adapter that answers every statement after `delayMs`, recording what it ran. */
function fakeFactory(ran: string[], delayMs = 0): SqlDriverAdapterFactory {
  const answer = async (query: SqlQuery) => {
    ran.push(query.sql);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { columnNames: [], columnTypes: [], rows: [] };
  };
  const transaction = { queryRaw: answer, executeRaw: async (query: SqlQuery) => (await answer(query), 0), commit: async () => {}, rollback: async () => {} };
  const adapter = {
    provider: "postgres",
    adapterName: "fake",
    queryRaw: answer,
    executeRaw: async (query: SqlQuery) => (await answer(query), 0),
    startTransaction: async () => transaction,
    executeScript: async () => {},
    dispose: async () => {},
  } as unknown as SqlDriverAdapter;
  return { provider: "postgres", adapterName: "fake", connect: async () => adapter } as SqlDriverAdapterFactory;
}

const query = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

describe("countingAdapterFactory", () => {
  it("counts every statement of the tally's work, inside transactions too, with its time", async () => {
    const ran: string[] = [];
    const tally: QueryTally = { queries: 0, ms: 0 };
    const adapter = await countingAdapterFactory(fakeFactory(ran, 5), () => tally).connect();
    await adapter.queryRaw(query("SELECT 1"));
    await adapter.executeRaw(query("UPDATE t SET x = 1"));
    const tx = await adapter.startTransaction();
    await tx.queryRaw(query("SELECT 2"));
    await tx.commit();
    expect(ran).toEqual(["SELECT 1", "UPDATE t SET x = 1", "SELECT 2"]);
    expect(tally.queries).toBe(3);
    expect(tally.ms).toBeGreaterThanOrEqual(12);
  });

  it("counts nothing, and still answers, when no work is being tallied", async () => {
    const ran: string[] = [];
    const adapter = await countingAdapterFactory(fakeFactory(ran), () => undefined).connect();
    await expect(adapter.queryRaw(query("SELECT 1"))).resolves.toMatchObject({ rows: [] });
    expect(ran).toEqual(["SELECT 1"]);
  });

  it("counts a failing statement", async () => {
    const tally: QueryTally = { queries: 0, ms: 0 };
    const failing = { provider: "postgres", adapterName: "fake", connect: async () => ({ queryRaw: async () => Promise.reject(new Error("boom")) }) };
    const adapter = await countingAdapterFactory(failing as unknown as SqlDriverAdapterFactory, () => tally).connect();
    await expect(adapter.queryRaw(query("SELECT 1"))).rejects.toThrow("boom");
    expect(tally.queries).toBe(1);
  });

  it("keeps concurrent pieces of work apart (withQueryTally)", async () => {
    const adapter = await countingAdapterFactory(fakeFactory([], 2), scopedTally()).connect();
    const [a, b] = await Promise.all([
      withQueryTally(async () => {
        for (let i = 0; i < 3; i++) await adapter.queryRaw(query("SELECT a"));
      }),
      withQueryTally(async () => {
        await Promise.all([adapter.queryRaw(query("SELECT b")), adapter.queryRaw(query("SELECT b"))]);
      }),
    ]);
    expect(a.tally.queries).toBe(3);
    expect(b.tally.queries).toBe(2);
  });
});

describe("the log line", () => {
  it("reads back what it prints", () => {
    const line = queryCountLine("GET /a/123/devices?q=x%20y&page=2", { queries: 7, ms: 41.4 });
    expect(line).toBe("[db] GET /a/123/devices?q=x%20y&page=2 · 7 queries · 41 ms");
    expect(parseQueryCountLine(line)).toEqual({ method: "GET", url: "/a/123/devices?q=x%20y&page=2", status: undefined, queries: 7, ms: 41 });
    expect(parseQueryCountLine("[db] POST /a/1/settings · 1 query · 0 ms")).toMatchObject({ method: "POST", queries: 1 });
    expect(parseQueryCountLine("ready on http://127.0.0.1:3000")).toBeNull();
  });
});

describe("the slowest statement", () => {
  it("is kept with its arguments and printed as JSON (bigints as text)", async () => {
    const tally: QueryTally = { queries: 0, ms: 0 };
    // A clock the test moves (a real timer is not exact on a loaded machine): each statement takes `delay` ms.
    let clock = 0;
    let delay = 1;
    const now = vi.spyOn(performance, "now").mockImplementation(() => clock);
    const factory = fakeFactory([], 0);
    const slowAdapter = await factory.connect();
    const timedAdapter = {
      ...slowAdapter,
      queryRaw: async (q: SqlQuery) => {
        clock += delay;
        return slowAdapter.queryRaw(q);
      },
    } as unknown as SqlDriverAdapter;
    const adapter = await countingAdapterFactory({ ...factory, connect: async () => timedAdapter } as SqlDriverAdapterFactory, () => tally).connect();
    await adapter.queryRaw({ sql: "SELECT fast", args: [1], argTypes: [] });
    delay = 30;
    await adapter.queryRaw({ sql: "SELECT slow WHERE id = $1", args: [12n], argTypes: [] });
    delay = 1;
    await adapter.queryRaw({ sql: "SELECT fast again", args: [], argTypes: [] });
    now.mockRestore();
    expect(tally.slowest?.sql).toBe("SELECT slow WHERE id = $1");
    const line = slowestStatementLine("GET /a/1/devices", tally)!;
    expect(line).toMatch(/^\[db slowest\] GET \/a\/1\/devices · \d+ ms · /);
    expect(JSON.parse(line.slice(line.indexOf("{")))).toEqual({ sql: "SELECT slow WHERE id = $1", args: ["12"] });
    expect(slowestStatementLine("GET /", { queries: 0, ms: 0 })).toBeNull();
  });
});

describe("every statement (LOG_QUERY_EACH)", () => {
  it("is listed with when it started after the first, its time and its text, only when asked for", async () => {
    let clock = 100;
    const now = vi.spyOn(performance, "now").mockImplementation(() => clock);
    const factory = fakeFactory([], 0);
    const inner = await factory.connect();
    const timed = { ...inner, queryRaw: async (q: SqlQuery) => ((clock += q.sql.length), inner.queryRaw(q)) } as unknown as SqlDriverAdapter;
    const counting = (tally: QueryTally) => countingAdapterFactory({ ...factory, connect: async () => timed } as SqlDriverAdapterFactory, () => tally).connect();
    const asked: QueryTally = { queries: 0, ms: 0, each: { since: 100, statements: [] } };
    const adapter = await counting(asked);
    await adapter.queryRaw(query("SELECT 1"));
    await adapter.queryRaw(query("WITH a AS (\n  SELECT 2\n) SELECT * FROM a"));
    now.mockRestore();
    expect(eachStatementLines("GET /a/1/usage", asked)).toEqual([
      "[db each] GET /a/1/usage · +0 ms · 8 ms · SELECT 1",
      "[db each] GET /a/1/usage · +8 ms · 40 ms · WITH a AS ( SELECT 2 ) SELECT * FROM a",
    ]);
    const notAsked: QueryTally = { queries: 0, ms: 0 };
    await (await counting(notAsked)).queryRaw(query("SELECT 1"));
    expect(notAsked.queries).toBe(1);
    expect(eachStatementLines("GET /", notAsked)).toEqual([]);
  });
});

describe("queryCountEnabled", () => {
  it("is on in development and with LOG_QUERY_COUNT=1, off in production otherwise", () => {
    expect(queryCountEnabled({ NODE_ENV: "development" } as NodeJS.ProcessEnv)).toBe(true);
    expect(queryCountEnabled({ NODE_ENV: "development", LOG_QUERY_COUNT: "0" } as NodeJS.ProcessEnv)).toBe(false);
    expect(queryCountEnabled({ NODE_ENV: "production", LOG_QUERY_COUNT: "1" } as NodeJS.ProcessEnv)).toBe(true);
    expect(queryCountEnabled({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toBe(false);
  });
});
