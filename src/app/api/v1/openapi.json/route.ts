import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/server/api/openapi-document";

// The document is public (it describes, it grants nothing) and the same for every caller.
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(buildOpenApiDocument());
}
