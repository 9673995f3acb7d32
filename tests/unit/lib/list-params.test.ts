import { describe, expect, it } from "vitest";
import { parseListParams, readEnumParam } from "@/lib/list-params";

const options = { sortKeys: ["name", "createdAt"] as const, defaultSort: "name" as const };

describe("list parameters from a URL", () => {
  it("reads valid values", () => {
    expect(parseListParams({ q: " acme ", page: "3", pageSize: "50", sort: "createdAt", dir: "desc" }, options)).toEqual({
      q: "acme",
      page: 3,
      pageSize: 50,
      sort: "createdAt",
      dir: "desc",
    });
  });

  it("falls back to defaults for malformed or hostile values", () => {
    expect(parseListParams({ page: "-4", pageSize: "100000", sort: "password", dir: "sideways" }, options)).toEqual({
      q: "",
      page: 1,
      pageSize: 20,
      sort: "name",
      dir: "asc",
    });
    expect(parseListParams({ page: "abc" }, options).page).toBe(1);
  });

  it("accepts only known enum values", () => {
    expect(readEnumParam({ kind: "MSSP" }, "kind", ["MSSP", "CUSTOMER"])).toBe("MSSP");
    expect(readEnumParam({ kind: "ADMIN" }, "kind", ["MSSP", "CUSTOMER"])).toBeUndefined();
  });
});
