import { describe, expect, it } from "vitest";
import { isCrossOriginWrite } from "@/lib/cross-origin";
import { idSchema, isNotFoundIssue } from "@/lib/ids";
import { isBoundedDay, isBoundedMonth, isoDay, isoInstant, isStorableText, text } from "@/lib/input-schemas";
import { parseListParams } from "@/lib/list-params";
import { parseAuditFilters, refusedAuditDates } from "@/server/audit/audit-filters";
import { escapeLike } from "@/server/db/text-filters";

describe("text PostgreSQL can store", () => {
  it("refuses NUL and lone surrogates, keeps pairs (emoji) and other text", () => {
    for (const good of ["", "plain", "Zürich ✓", "😀 pair", "tab\tnew\nline"]) expect(isStorableText(good), good).toBe(true);
    for (const bad of ["\u0000", "a\u0000b", "\uD800", "x\uDC00", "\uDC00\uD800"]) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    expect(text().safeParse("a\u0000").success).toBe(false);
    expect(text().trim().min(1).safeParse("  ok ").data).toBe("ok");
    expect(text().safeParse("x".repeat(10_001)).success).toBe(false);
  });

  it("list params never cut a surrogate pair in half", () => {
    const q = parseListParams({ q: `${"a".repeat(199)}😀tail` }, { sortKeys: ["name"] as const, defaultSort: "name" }).q;
    expect(q).toBe(`${"a".repeat(199)}😀`);
    expect(isStorableText(q)).toBe(true);
  });

  it("escapes LIKE metacharacters", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
  });
});

describe("bounded dates", () => {
  it("days, months and instants inside 2000-01-01 … 2100-12-31 only", () => {
    expect(["2000-01-01", "2028-02-29", "2100-12-31"].every(isBoundedDay)).toBe(true);
    expect(["0000-01-01", "1999-12-31", "2101-01-01", "2027-02-29", "2026-13-01", "junk", undefined].some(isBoundedDay)).toBe(false);
    expect(isBoundedMonth("2026-12")).toBe(true);
    expect(isBoundedMonth("0000-01")).toBe(false);
    expect(isoDay().safeParse("0000-01-01").success).toBe(false);
    expect(isoInstant().safeParse("2026-12-06T10:00:00+01:00").success).toBe(true);
    expect(isoInstant().safeParse("0000-01-01T00:00:00Z").success).toBe(false);
  });

  it("audit filters leave out a date outside the window and say so", () => {
    const params = { from: "0000-01-01", to: "2026-12-01" };
    expect(parseAuditFilters(params)).toMatchObject({ from: undefined, to: "2026-12-01" });
    expect(refusedAuditDates(params)).toEqual(['The "From" date "0000-01-01" was ignored: Choose a date between 2000-01-01 and 2100-12-31.']);
  });
});

describe("ids from clients", () => {
  it("a malformed id is a not-found issue", () => {
    const result = idSchema.safeParse("not-a-uuid");
    expect(result.success).toBe(false);
    expect(result.error!.issues.every(isNotFoundIssue)).toBe(true);
    expect(idSchema.safeParse("0b6a3c1e-4a4f-4d8e-9a39-2a3f0d4c5b6e").success).toBe(true);
  });
});

describe("cross-origin writes", () => {
  const request = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
  it("a post whose Origin is another host is one; same host, no Origin or a GET is not", () => {
    expect(isCrossOriginWrite(request("POST", { host: "portal.example", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { host: "portal.example", origin: "null" }))).toBe(true);
    expect(isCrossOriginWrite(request("POST", { host: "portal.example", origin: "https://portal.example" }))).toBe(false);
    expect(isCrossOriginWrite(request("POST", { host: "internal:3000", "x-forwarded-host": "portal.example", origin: "https://portal.example" }))).toBe(false);
    expect(isCrossOriginWrite(request("POST", { host: "portal.example" }))).toBe(false);
    expect(isCrossOriginWrite(request("GET", { host: "portal.example", origin: "https://evil.example" }))).toBe(false);
  });
});
