import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-static";

// The reference's standalone bundle from the installed package (it exports no path to it), so
// /docs/api works offline and under our CSP. next.config.ts traces the file into the build.
const BUNDLE = path.join(process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js");

export async function GET() {
  return new Response(await readFile(BUNDLE), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}
