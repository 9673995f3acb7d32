import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys against a built, running portal. `npm run test:e2e`
 * (scripts/e2e.ts) builds, seeds a throwaway database, serves the app and sets
 * BASE_URL; to run against a server you started yourself, set BASE_URL.
 */
const baseURL = process.env.BASE_URL;
if (!baseURL) {
  throw new Error("BASE_URL is not set: run the journeys with `npm run test:e2e`, or point BASE_URL at a running portal.");
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  // The machines have 2 cores; the server shares them.
  workers: 2,
  // No retries: a test that only passes on a second try is a bug to fix, not to hide.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        },
      },
    },
  ],
});
