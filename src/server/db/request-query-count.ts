import "server-only";
import { after } from "next/server";
import { actionAsyncStorage } from "next/dist/server/app-render/action-async-storage.external";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { eachStatementLines, queryCountLine, slowestStatementLine, type QueryTally } from "./query-count";

/**
 * The tally of the Next request the current statement runs for
 * (docs/performance.md#query-count). Next keeps one work store per request —
 * page render, route handler or server action alike — in an AsyncLocalStorage
 * that the render, its server components and `after` all see (unlike one
 * entered in src/proxy.ts, which runs apart from the render); the tally hangs
 * off it in a WeakMap, so it goes with the request. On the request's first
 * statement, `after` schedules the log line for when the response is sent.
 */
const tallies = new WeakMap<object, QueryTally>();

export function requestTally(print: (line: string) => void = (line) => console.log(line)): QueryTally | undefined {
  const work = workAsyncStorage.getStore();
  if (!work) return undefined;
  let tally = tallies.get(work);
  if (tally) return tally;
  tally = { queries: 0, ms: 0 };
  if (process.env.LOG_QUERY_EACH === "1") tally.each = { since: performance.now(), statements: [] };
  tallies.set(work, tally);
  const unit = workUnitAsyncStorage.getStore();
  const url = unit?.type === "request" ? `${unit.url.pathname}${unit.url.search}` : work.route;
  const method = actionAsyncStorage.getStore()?.isAction ? "POST" : "GET";
  const counted = tally;
  const label = `${method} ${url || "/"}`;
  const withSlowest = process.env.LOG_QUERY_SLOWEST === "1";
  try {
    after(() => {
      print(queryCountLine(label, counted));
      const slowest = withSlowest ? slowestStatementLine(label, counted) : null;
      if (slowest) print(slowest);
      for (const line of eachStatementLines(label, counted)) print(line);
    });
  } catch {
    // Inside "use cache" or a prerender there is no response to wait for: counted, not printed.
  }
  return tally;
}
