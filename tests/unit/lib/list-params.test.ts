import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listPositionQuery, parseListParams, readEnumParam, readPageRequest, type CursorField } from "@/lib/list-params";

const options = { sortKeys: ["name", "createdAt"] as const, defaultSort: "name" as const };

describe("list parameters from a URL", () => {
  it("reads valid values", () => {
    expect(parseListParams({ q: " acme ", after: "abc_-1", pageSize: "50", sort: "createdAt", dir: "desc" }, options)).toEqual({
      q: "acme",
      page: { kind: "after", cursor: "abc_-1" },
      pageSize: 50,
      sort: "createdAt",
      dir: "desc",
    });
  });

  it("falls back to defaults for malformed or hostile values", () => {
    expect(parseListParams({ page: "-4", pageSize: "100000", sort: "password", dir: "sideways" }, options)).toEqual({
      q: "",
      page: { kind: "first" },
      pageSize: 20,
      sort: "name",
      dir: "asc",
    });
    expect(parseListParams({ page: "abc" }, options).page).toEqual({ kind: "first" });
  });

  it("reads the page: a cursor after or before a row, the last page; anything else is the first", () => {
    expect(readPageRequest({ before: "eyJ9" })).toEqual({ kind: "before", cursor: "eyJ9" });
    expect(readPageRequest({ page: "last" })).toEqual({ kind: "last" });
    // Numbered pages from links made before cursors: the first page.
    expect(readPageRequest({ page: "3" })).toEqual({ kind: "first" });
    for (const bad of ["", "a b", "a+b/c=", "x".repeat(2001), "\u0000"]) {
      expect(readPageRequest({ after: bad, before: bad })).toEqual({ kind: "first" });
    }
    expect(readPageRequest({ after: ["one", "two"] })).toEqual({ kind: "after", cursor: "one" });
  });

  it("keeps a list's position for a row's form: the page and its size, nothing else, nothing malformed", () => {
    expect(listPositionQuery({ after: "abc_-1", pageSize: "20", recovered: "3", q: "x" })).toBe("after=abc_-1&pageSize=20");
    expect(listPositionQuery(new URLSearchParams("before=eyJ9&pageSize=7"))).toBe("before=eyJ9");
    expect(listPositionQuery({ page: "last" })).toBe("page=last");
    expect(listPositionQuery({ page: "3", after: "a b", pageSize: "12" })).toBe("");
    expect(listPositionQuery(new URLSearchParams("after=x&redirect=https://evil.example"))).toBe("after=x");
  });

  it("accepts only known enum values", () => {
    expect(readEnumParam({ kind: "MSSP" }, "kind", ["MSSP", "CUSTOMER"])).toBe("MSSP");
    expect(readEnumParam({ kind: "ADMIN" }, "kind", ["MSSP", "CUSTOMER"])).toBeUndefined();
  });
});

describe("list cursors", () => {
  const ID = "3f1c2b9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f";
  const fields: CursorField[] = [
    { type: "date", nullable: true },
    { type: "string" },
    { type: "int" },
    { type: "bigint" },
    { type: { enum: ["GATEWAY", "ENDPOINT"] } },
    { type: "uuid" },
  ];
  const key = [new Date("2030-05-01T12:34:56.789Z"), "Ünïcode 😀 name", 42, 9_007_199_254_740_993n, "ENDPOINT", ID];

  it("round-trips a sort key through an opaque URL-safe token", () => {
    const token = encodeCursor("lastSeen.desc", key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token, "lastSeen.desc", fields)).toEqual(key);
    expect(decodeCursor(encodeCursor("lastSeen.desc", [null, ...key.slice(1)]), "lastSeen.desc", fields)).toEqual([null, ...key.slice(1)]);
  });

  it("refuses a cursor of another sort, of another length or with a value the column cannot take", () => {
    const token = (values: unknown[], sort = "lastSeen.desc") => encodeCursor(sort, values as never);
    expect(decodeCursor(token(key), "lastSeen.asc", fields)).toBeNull();
    expect(decodeCursor(token(key.slice(1)), "lastSeen.desc", fields)).toBeNull();
    const variants: [number, unknown][] = [
      [0, "2030-02-30T00:00:00.000Z"],
      [0, "yesterday"],
      [0, 1700000000000],
      [1, null],
      [1, "a\u0000b"],
      [1, "\uD800"],
      [2, 2 ** 31],
      [2, 1.5],
      [2, "42"],
      [3, "99999999999999999999"],
      [3, "9223372036854775808"],
      [3, 12],
      [4, "USER_SEAT"],
      [5, "not-a-uuid"],
      [5, null],
    ];
    for (const [at, value] of variants) {
      const values = [...key];
      values[at] = value as never;
      expect(decodeCursor(token(values), "lastSeen.desc", fields), `${at}: ${String(value)}`).toBeNull();
    }
  });

  it("refuses malformed tokens", () => {
    for (const bad of ["", "!!!", "bm90IGpzb24", Buffer.from("[1,2]").toString("base64url"), Buffer.from('{"s":"x"}').toString("base64url"), "x".repeat(3000)]) {
      expect(decodeCursor(bad, "lastSeen.desc", fields)).toBeNull();
    }
  });
});
