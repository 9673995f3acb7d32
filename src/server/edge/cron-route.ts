import "server-only";
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";

/** Bearer CRON_SECRET, compared in constant time; no secret configured means no access, in every environment. */
export function cronAuthorised(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  if (!secret || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const cronUnauthorised = () =>
  NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Send Authorization: Bearer $CRON_SECRET." } }, { status: 401 });
