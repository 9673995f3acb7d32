import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { GET as pointsExport } from "@/app/(portal)/a/[accountId]/points/export/route";
import { makeTenant } from "../../support/factories";
import { givePoints } from "../../support/pool-factories";

const download = (accountId: string) =>
  pointsExport(new Request(`http://portal.test/a/${accountId}/points/export?format=csv`), { params: Promise.resolve({ accountId }) });

describe("points ledger export route", () => {
  it("exports a partner's ledger; an account that is not a partner answers 404 before any file starts", async () => {
    const t = await makeTenant("points-export");
    await givePoints(t, 40);
    signedIn = t.distributorAdmin.actor;
    const ok = await download(t.mssp.id);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Quarterly points allocation");
    for (const accountId of [t.customer.id, t.distributor.id]) {
      const refused = await download(accountId);
      expect(refused.status).toBe(404);
      expect(refused.headers.get("content-type")).toMatch(/application\/json/);
      expect(await refused.json()).toEqual({ error: { code: "NOT_FOUND", message: "Points ledger was not found." } });
    }
  });
});
