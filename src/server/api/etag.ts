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

/** The tags of an If-Match / If-None-Match header (a list, or `*`); weak `W/` tags only where `weak` allows them. */
export function headerTags(header: string | null, options: { weak: boolean }): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean)
    // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches; If-None-Match compares weakly.
    .map((tag) => (tag.startsWith("W/") ? (options.weak ? tag.slice(2) : null) : tag))
    .filter((tag): tag is string => tag !== null);
}

/** The ETag of an answer: of the part its operation's `version` covers, or of all of it. */
export function versionTag(answer: unknown, version?: (answer: never) => unknown): string {
  return etagOf(JSON.stringify(version ? version(answer as never) : answer));
}

export function ifMatchOf(request: Request, version?: (answer: never) => unknown): IfMatch {
  const header = request.headers.get("if-match");
  const tags = headerTags(header, { weak: false });
  return {
    etag: header,
    precondition(current) {
      if (!header) return undefined;
      return async (tx: DbTx) => {
        if (tags.includes("*")) return;
        const tag = versionTag(await current(tx), version);
        if (!tags.includes(tag)) {
          throw new AppError("PRECONDITION_FAILED", "The object changed since you read it: read it again, then retry with its new ETag in If-Match.", {
            reason: "PRECONDITION_FAILED",
          });
        }
      };
    },
  };
}

/** Leaves out fields that change without an edit (docs/api.md#etags). */
export function withoutFields<T extends Record<string, unknown>>(...keys: (keyof T)[]) {
  return (answer: T) => Object.fromEntries(Object.entries(answer).filter(([key]) => !keys.includes(key as keyof T)));
}
