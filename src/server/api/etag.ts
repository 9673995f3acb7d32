import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { DbTx } from "@/server/db";
import type { IfMatch } from "./api-operation";

/*
 * ETags of the public API (docs/api.md#etags): a strong tag over the object's JSON as the API
 * answers it, so any change a client could see changes the tag, and two reads of an unchanged
 * object give the same one.
 */

export function etagOf(json: string): string {
  return `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
}

/** The tags of an If-Match / If-None-Match header (a list, possibly weak `W/` tags, or `*`). */
export function headerTags(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .filter(Boolean);
}

export function ifMatchOf(request: Request): IfMatch {
  const header = request.headers.get("if-match");
  const tags = headerTags(header);
  return {
    etag: header,
    precondition(current) {
      if (!tags.length) return undefined;
      return async (tx: DbTx) => {
        if (tags.includes("*")) return;
        const tag = etagOf(JSON.stringify(await current(tx)));
        if (!tags.includes(tag)) {
          throw new AppError("PRECONDITION_FAILED", "The object changed since you read it: read it again, then retry with its new ETag in If-Match.", {
            reason: "PRECONDITION_FAILED",
          });
        }
      };
    },
  };
}
