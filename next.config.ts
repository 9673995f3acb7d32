import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The e2e runner and benchmarks build into folders of their own (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships WASM and data files (and pdfkit its font metrics) that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "exceljs", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
