import { headers } from "next/headers";
import { ApiReference } from "@scalar/nextjs-api-reference";

export const dynamic = "force-dynamic";

/**
 * The interactive API reference (docs/api.md#the-document): Scalar, served from our own origin
 * (its bundle from the npm package through /docs/api/scalar.js, never a CDN), with this
 * request's CSP nonce on its scripts.
 */
export async function GET() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return ApiReference({
    url: "/api/v1/openapi.json",
    pageTitle: "MSP License Portal API",
    cdn: "/docs/api/scalar.js",
    nonce,
    hideClientButton: true,
    // Scalar's own cloud features (AI chat, SDK generation, deploy buttons) call out to scalar.com: off.
    showDeveloperTools: "never",
    agent: { disabled: true },
    mcp: { disabled: true },
    documentDownloadType: "json",
    // Its default fonts come from fonts.scalar.com: the page uses the system fonts instead (no third-party requests).
    withDefaultFonts: false,
    telemetry: false,
  })();
}
