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
    telemetry: false,
  })();
}
