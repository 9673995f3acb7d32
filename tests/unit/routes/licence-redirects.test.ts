import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import nextConfig from "../../../next.config";

const APP = path.join(process.cwd(), "src", "app", "(portal)", "a", "[accountId]");

describe("old licence URLs", () => {
  it("redirect permanently from the old spelling to route folders that exist", async () => {
    const redirects = await nextConfig.redirects!();
    expect(redirects).toEqual([
      { source: "/a/:accountId/licenses/:path*", destination: "/a/:accountId/licences/:path*", permanent: true },
      { source: "/a/:accountId/plans/:planId/license", destination: "/a/:accountId/plans/:planId/licence", permanent: true },
    ]);
    expect(existsSync(path.join(APP, "licences", "page.tsx"))).toBe(true);
    expect(existsSync(path.join(APP, "plans", "[planId]", "licence", "page.tsx"))).toBe(true);
    expect(existsSync(path.join(APP, "licenses"))).toBe(false);
  });
});
