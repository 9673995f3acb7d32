import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
  {
    // The usage room has one door (src/server/usage/index.ts): other rooms, pages,
    // scripts and tests import it, never a file behind it, so the room can reshape inside.
    ignores: ["src/server/usage/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["@/server/usage/*", "**/server/usage/*"], message: "Import from \"@/server/usage\" (the room's index.ts), not a file inside it." }],
      }],
    },
  },
]);
