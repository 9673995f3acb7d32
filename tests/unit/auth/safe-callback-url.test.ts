import { describe, expect, it } from "vitest";
import { safeCallbackPath, saneAuthRequest } from "@/lib/safe-callback-url";

const ORIGIN = "https://portal.example";

describe("safeCallbackPath", () => {
  it("keeps the portal's own paths, with their query and fragment", () => {
    expect(safeCallbackPath("/a/123/contracts?status=ACTIVE#top", ORIGIN)).toBe("/a/123/contracts?status=ACTIVE#top");
    expect(safeCallbackPath("/", ORIGIN)).toBe("/");
    // An absolute URL on the portal's own origin (next-auth's client sends those) becomes its path.
    expect(safeCallbackPath("https://portal.example/a/123?x=1", ORIGIN)).toBe("/a/123?x=1");
    // Once-more-encoded characters stay encoded: a path on the portal, not another host.
    expect(safeCallbackPath("/%5Cevil.example/phish", ORIGIN)).toBe("/%5Cevil.example/phish");
  });

  it.each([
    ["a backslash browsers read as a slash", "/\\evil.example/phish"],
    ["a tab browsers drop", "/\t/evil.example"],
    ["a newline browsers drop", "/\n/evil.example"],
    ["protocol-relative", "//evil.example/phish"],
    ["two backslashes", "\\\\evil.example"],
    ["a leading space", " //evil.example"],
    ["dot segments that normalise to //", "/.//evil.example"],
    ["dot-dot segments that normalise to //", "/..//evil.example"],
    ["another origin", "https://evil.example/phish"],
    ["the portal's host on another scheme", "http://portal.example/a"],
    ["the portal's host on another port", "https://portal.example:8443/a"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["javascript: with a tab inside", "java\tscript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["an empty value", ""],
  ])("sends %s to the portal's root", (_label, raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
  });

  it("decodes nothing itself: the page receives the query value already decoded once", () => {
    // ?callbackUrl=/%5Cevil.example and ?callbackUrl=/%09/evil.example arrive decoded as below.
    expect(safeCallbackPath(decodeURIComponent("/%5Cevil.example/phish"), ORIGIN)).toBe("/");
    expect(safeCallbackPath(decodeURIComponent("/%09/evil.example"), ORIGIN)).toBe("/");
    expect(safeCallbackPath(decodeURIComponent("%2F%2Fevil.example"), ORIGIN)).toBe("/");
  });

  it("without a configured origin, accepts relative paths only", () => {
    expect(safeCallbackPath("/a/123", null)).toBe("/a/123");
    expect(safeCallbackPath("/\\evil.example", null)).toBe("/");
    expect(safeCallbackPath("https://portal.example/a/123", null)).toBe("/");
    expect(safeCallbackPath(undefined, null)).toBe("/");
  });
});

describe("saneAuthRequest (next-auth's routes answer 500 to a callbackUrl that is not a URL)", () => {
  const route = (query: string) => new URL(`${ORIGIN}/api/auth/callback/credentials${query}`);

  it("replaces an unparseable or foreign callbackUrl in the query by the safe path", () => {
    const sane = saneAuthRequest(route("?callbackUrl=%00"), [], ORIGIN);
    expect(sane?.url.searchParams.get("callbackUrl")).toBe("/");
    expect(sane?.url.pathname).toBe("/api/auth/callback/credentials");
    expect(saneAuthRequest(route("?callbackUrl=https%3A%2F%2Fevil.example%2F"), [], ORIGIN)?.url.searchParams.get("callbackUrl")).toBe("/");
  });

  it("replaces such a value in next-auth's callback cookie, keeping the other cookies", () => {
    const sane = saneAuthRequest(route(""), [{ name: "next-auth.callback-url", value: "\u0000" }, { name: "theme", value: "dark" }], ORIGIN);
    expect(sane?.cookieHeader).toBe("next-auth.callback-url=%2F; theme=dark");
  });

  it("leaves safe paths and the portal's own absolute URLs alone", () => {
    expect(saneAuthRequest(route("?callbackUrl=%2Fa%2F123"), [], ORIGIN)).toBeNull();
    expect(saneAuthRequest(route("?callbackUrl=https%3A%2F%2Fportal.example%2Fa%2F1"), [{ name: "next-auth.callback-url", value: "https://portal.example/" }], ORIGIN)).toBeNull();
    expect(saneAuthRequest(route(""), [{ name: "session", value: "x" }], ORIGIN)).toBeNull();
  });
});
