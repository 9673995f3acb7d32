import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // Domain code is plain TypeScript; the marker package only matters inside Next.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};
// Integration tests share one database. On PostgreSQL, files run in parallel
// (every test makes its own tenants); embedded PGlite allows one process.
const usesPglite = !process.env.DATABASE_URL;

export default defineConfig({
  resolve: { alias },
  test: {
    env: { BCRYPT_ROUNDS: "4", TZ: "UTC" },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          ...(usesPglite ? { maxWorkers: 1, isolate: false } : { maxWorkers: 3 }),
        },
      },
    ],
  },
});
