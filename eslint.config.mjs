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
    // Routes depend on the rest of the house, never the other way round: actions live in src/actions.
    files: ["src/components/**", "src/server/**", "src/lib/**", "src/actions/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/app|(\\.\\./)+(src/)?app)(/|$)",
              message: "src/app holds routes only: import actions from @/actions/… and domain code from @/server/….",
            },
          ],
        },
      ],
    },
  },
]);
