import { describe, expect, it } from "vitest";
import { paginationSummary, rangeSummary } from "@/components/ui/pagination";
import type { Page } from "@/lib/list-params";
import { formatCount, noun, nounFor } from "@/lib/plural";

/* Counts agree with their noun: "1 run", "2 runs", "10,000+ runs" (the Jobs pager said "1 runs"). */

const run = noun("run");

function page(rows: number, total: number, options: { offset?: number | null; capped?: boolean } = {}): Page<unknown> {
  return {
    rows: Array.from({ length: rows }, (_, index) => index),
    total,
    totalCapped: options.capped ?? false,
    pageSize: 20,
    offset: options.offset === undefined ? 0 : options.offset,
    next: null,
    prev: null,
    notice: null,
  };
}

describe("formatCount", () => {
  it("uses the singular for exactly one, the plural for none, many or a capped count", () => {
    expect(formatCount(1, run)).toBe("1 run");
    expect(formatCount(0, run)).toBe("0 runs");
    expect(formatCount(2, run)).toBe("2 runs");
    expect(formatCount(1234, run)).toBe("1,234 runs");
    expect(formatCount(10_000, run, true)).toBe("10,000+ runs");
  });

  it("takes an irregular plural and nouns of several words", () => {
    expect(formatCount(1, noun("entry", "entries"))).toBe("1 entry");
    expect(formatCount(3, noun("entry", "entries"))).toBe("3 entries");
    expect(formatCount(1, noun("end user"))).toBe("1 end user");
    expect(formatCount(2, noun("end user"))).toBe("2 end users");
    expect(nounFor(1, run)).toBe("run");
    expect(nounFor(1, run, true)).toBe("runs");
    expect(nounFor(-1, run)).toBe("runs");
  });
});

describe("the pager's line", () => {
  it("says one run in the singular, with the position alone for one row", () => {
    expect(paginationSummary(page(1, 1), run)).toBe("Showing 1 of 1 run");
    expect(paginationSummary(page(1, 21, { offset: 20 }), run)).toBe("Showing 21 of 21 runs");
  });

  it("says several runs in the plural, with the range", () => {
    expect(paginationSummary(page(2, 2), run)).toBe("Showing 1–2 of 2 runs");
    expect(paginationSummary(page(20, 45, { offset: 20 }), run)).toBe("Showing 21–40 of 45 runs");
    expect(paginationSummary(page(20, 10_000, { offset: 1_000, capped: true }), noun("device"))).toBe("Showing 1,001–1,020 of 10,000+ devices");
  });

  it("past the cap gives the page's size only; an empty list names the plural", () => {
    expect(paginationSummary(page(20, 10_000, { offset: null, capped: true }), run)).toBe("Showing 20 of 10,000+ runs");
    expect(paginationSummary(page(0, 0), run)).toBe("No runs");
  });

  it("is the same line for numbered pages (reports)", () => {
    expect(rangeSummary({ first: 51, shown: 50, total: 1001 }, noun("account"))).toBe("Showing 51–100 of 1,001 accounts");
    expect(rangeSummary({ first: 1001, shown: 1, total: 1001 }, noun("account"))).toBe("Showing 1,001 of 1,001 accounts");
  });
});
