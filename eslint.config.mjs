import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The usage room has one door (src/server/usage/index.ts): other rooms, pages, scripts and
// tests import it, never a file behind it, so the room can reshape inside.
const USAGE_DOOR = {
  group: ["@/server/usage/*", "**/server/usage/*"],
  message: "Import from \"@/server/usage\" (the room's index.ts), not a file inside it.",
};
// Routes depend on the rest of the house, never the other way round: actions live in src/actions.
const ROUTES_ONLY = {
  regex: "^(@/app|(\\.\\./)+(src/)?app)(/|$)",
  message: "src/app holds routes only: import actions from @/actions/… and domain code from @/server/….",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", ".data/**", "src/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "tmp/**", "scripts/bench/.build/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error", "warn", "log"] }],
    },
  },
  // Import rules. Flat config lets a later object replace an earlier one's options for
  // the same rule, so each group of files gets every pattern that applies to it.
  {
    ignores: ["src/server/usage/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [USAGE_DOOR] }] },
  },
  {
    files: ["src/components/**", "src/server/**", "src/lib/**", "src/actions/**"],
    ignores: ["src/server/usage/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [USAGE_DOOR, ROUTES_ONLY] }] },
  },
  {
    files: ["src/server/usage/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ROUTES_ONLY] }] },
  },
]);
