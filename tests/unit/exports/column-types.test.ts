import { describe, expect, it } from "vitest";
import { billableUnits } from "@/lib/units";
import { csvCell, numFmtOf, xlsxCell } from "@/server/exports/column-types";

describe("export column types", () => {
  it("a day is a date cell in Excel and yyyy-mm-dd in CSV, from an ISO day or a database date", () => {
    const day = new Date("2028-07-01T00:00:00Z");
    expect(xlsxCell("date", "2028-07-01")).toEqual(day);
    expect(xlsxCell("date", day)).toEqual(day);
    expect(csvCell("date", "2028-07-01")).toBe("2028-07-01");
    expect(csvCell("date", day)).toBe("2028-07-01");
    expect(numFmtOf({ type: "date" })).toBe("yyyy-mm-dd");
  });

  it("an instant is a date cell in Excel and ISO 8601 UTC in CSV; a column may show minutes only", () => {
    const at = new Date("2028-07-01T09:30:05Z");
    expect(xlsxCell("date-time", at)).toEqual(at);
    expect(csvCell("date-time", at)).toBe("2028-07-01T09:30:05.000Z");
    expect(numFmtOf({ type: "date-time" })).toBe("yyyy-mm-dd hh:mm:ss");
    expect(numFmtOf({ type: "date-time", numFmt: "yyyy-mm-dd hh:mm" })).toBe("yyyy-mm-dd hh:mm");
  });

  it("billable units keep the exact ratio in Excel (0.0000) and 4 decimals in CSV", () => {
    const units = billableUnits(14, 31);
    expect(units).toBe(14 / 31);
    expect(xlsxCell("decimal-4", units)).toBe(14 / 31);
    expect(numFmtOf({ type: "decimal-4" })).toBe("0.0000");
    expect(csvCell("decimal-4", units)).toBe("0.4516");
    expect(csvCell("decimal-4", 1)).toBe("1.0000");
  });

  it("money is integer cents: a number cell in euros, and exact decimal text in CSV", () => {
    expect(xlsxCell("money", 123456)).toBe(1234.56);
    expect(numFmtOf({ type: "money" })).toBe("#,##0.00");
    expect(csvCell("money", 123456)).toBe("1234.56");
    expect(csvCell("money", -5)).toBe("-0.05");
  });

  it("empty values are empty cells; a label in a typed column stays text; formulas never run from a CSV", () => {
    for (const type of ["text", "date", "date-time", "integer", "decimal-4", "money"] as const) {
      expect(xlsxCell(type, null)).toBeNull();
      expect(csvCell(type, undefined)).toBe("");
    }
    expect(xlsxCell("date", "Total")).toBe("Total");
    expect(csvCell("integer", 14)).toBe("14");
    expect(csvCell("text", "=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(csvCell("text", "-1")).toBe("'-1");
    expect(csvCell("integer", -1)).toBe("-1");
    expect(xlsxCell("date", new Date(Number.NaN))).toBeNull();
  });
});
