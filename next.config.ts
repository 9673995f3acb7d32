import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS } from "./src/lib/security-headers";

const nextConfig: NextConfig = {
  // The e2e runner and benchmarks build into folders of their own (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The container image runs Next's standalone server (Dockerfile, docs/deploying.md); `next start` keeps the default.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
  // PGlite ships WASM and data files (and pdfkit its font metrics) that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "exceljs", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
  // The licence pages were once spelled "license" in their URLs: bookmarks and links in sent emails keep working.
  async redirects() {
    return [
      { source: "/a/:accountId/licenses/:path*", destination: "/a/:accountId/licences/:path*", permanent: true },
      { source: "/a/:accountId/plans/:planId/license", destination: "/a/:accountId/plans/:planId/licence", permanent: true },
    ];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        // The per-request Content-Security-Policy and HSTS come from src/proxy.ts.
        headers: [...FIXED_SECURITY_HEADERS],
      },
    ];
  },
};

export default nextConfig;
