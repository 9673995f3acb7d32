import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cronRoute, type CronAnswer } from "@/server/edge/cron-route";

const SECRET = "cron-secret-for-unit-tests-0123";
const call = (handler: (request: Request) => Promise<Response>, authorization?: string) =>
  handler(new Request("http://test/api/cron/x", { headers: authorization ? { authorization } : {} }));

describe("cronRoute", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.CRON_SECRET;
    process.env.CRON_SECRET = SECRET;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CRON_SECRET;
    else process.env.CRON_SECRET = saved;
  });

  it("a missing or wrong secret → 401 UNAUTHENTICATED, and the job does not run", async () => {
    let ran = 0;
    const handler = cronRoute(async () => (ran++, { outcome: "ran", body: {} }));
    for (const authorization of [undefined, "Bearer ", `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, `Basic ${SECRET}`, SECRET]) {
      const response = await call(handler, authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Send Authorization: Bearer $CRON_SECRET." } });
    }
    delete process.env.CRON_SECRET;
    for (const authorization of [undefined, "Bearer ", "Bearer undefined"]) expect((await call(handler, authorization)).status).toBe(401);
    expect(ran).toBe(0);
  });

  it("the right secret runs the job: failed → 500, running → 409, ran or already done → 200, with the job's body", async () => {
    const expected: [CronAnswer["outcome"], number][] = [
      ["failed", 500],
      ["running", 409],
      ["ran", 200],
      ["already-done", 200],
    ];
    for (const [outcome, status] of expected) {
      const response = await call(
        cronRoute(async () => ({ outcome, body: { notices: { sent: 1 } } })),
        `Bearer ${SECRET}`,
      );
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ notices: { sent: 1 } });
    }
  });
});
