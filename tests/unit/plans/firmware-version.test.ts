import { describe, expect, it } from "vitest";
import {
  compareFirmware,
  firmwareRank,
  firmwareSchema,
  parseFirmware,
  PAYG_MINIMUM_FIRMWARE,
  PAYG_MINIMUM_RANK,
  supportsPayg,
} from "@/server/plans/firmware-version";

const rankOf = (text: string) => {
  const version = parseFirmware(text);
  if (!version) throw new Error(`test input is not a version: ${text}`);
  return firmwareRank(version);
};
const sign = (n: number) => Math.sign(n);

describe("parseFirmware", () => {
  it.each([
    ["R82", { major: 82, minor: 0, patch: 0 }],
    ["R82.00.00", { major: 82, minor: 0, patch: 0 }],
    ["R81.20", { major: 81, minor: 20, patch: 0 }],
    ["R82.10.05", { major: 82, minor: 10, patch: 5 }],
    ["R100.1", { major: 100, minor: 1, patch: 0 }],
    ["r82.10", { major: 82, minor: 10, patch: 0 }],
    ["  R83 ", { major: 83, minor: 0, patch: 0 }],
  ])("reads %j", (text, expected) => {
    expect(parseFirmware(text)).toEqual(expected);
  });

  it.each(["82.10", "R8", "R82.1.2.3", "", "   ", "R82.x", "V82", "R82.", "R82..1", "R1000", "R82.100", "RR82", "R 82", "R-82"])(
    "refuses %j",
    (text) => {
      expect(parseFirmware(text)).toBeNull();
      expect(supportsPayg(text)).toBe(false);
      expect(firmwareSchema.safeParse(text).success).toBe(false);
      expect(() => compareFirmware(text, "R82")).toThrow(/Not a firmware version/);
      expect(() => compareFirmware("R82", text)).toThrow(/Not a firmware version/);
    },
  );
});

describe("compareFirmware", () => {
  it("orders R81.20 < R82 = R82.00.00 < R82.10 < R83", () => {
    expect(compareFirmware("R81.20", "R82")).toBeLessThan(0);
    expect(compareFirmware("R82", "R82.00.00")).toBe(0);
    expect(compareFirmware("R82.00.00", "R82")).toBe(0);
    expect(compareFirmware("R82", "R82.0")).toBe(0);
    expect(compareFirmware("R82.00.00", "R82.10")).toBeLessThan(0);
    expect(compareFirmware("R82.10", "R83")).toBeLessThan(0);
    expect(compareFirmware("R83", "R82.10")).toBeGreaterThan(0);
    expect(compareFirmware("R81.20", "R83")).toBeLessThan(0);
  });

  it("compares numerically, not as text", () => {
    // As strings "R81.9" > "R81.20" and "R100" < "R82"; as versions it is the other way round.
    expect(compareFirmware("R81.9", "R81.20")).toBeLessThan(0);
    expect(compareFirmware("R100", "R82")).toBeGreaterThan(0);
    expect(compareFirmware("R82.00.09", "R82.00.10")).toBeLessThan(0);
    expect(compareFirmware("R81.99.99", "R82")).toBeLessThan(0);
  });

  it("ignores case and surrounding spaces", () => {
    expect(compareFirmware("r82.10", "R82.10")).toBe(0);
    expect(compareFirmware(" r81.20", "R81.20 ")).toBe(0);
    expect(compareFirmware("r82", "R82.10")).toBeLessThan(0);
  });

  it("is antisymmetric over a list of versions", () => {
    const versions = ["R80.40", "R81", "R81.10", "R81.20", "R82", "R82.00.01", "R82.10", "R83"];
    for (let i = 0; i < versions.length; i++) {
      for (let j = 0; j < versions.length; j++) {
        expect(sign(compareFirmware(versions[i]!, versions[j]!)), `${versions[i]} vs ${versions[j]}`).toBe(sign(i - j));
      }
    }
  });
});

describe("firmwareRank", () => {
  it("orders like the versions it encodes", () => {
    const ascending = ["R80.40", "R81.20", "R81.99.99", "R82", "R82.00.01", "R82.10", "R83", "R100"];
    const ranks = ascending.map(rankOf);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
    // Shuffled input sorts back into version order by rank.
    const shuffled = ["R83", "R81.20", "R100", "R82.10", "R80.40", "R82", "R82.00.01", "R81.99.99"];
    expect([...shuffled].sort((a, b) => rankOf(a) - rankOf(b))).toEqual(ascending);
  });

  it("gives equal versions equal ranks", () => {
    expect(rankOf("R82")).toBe(rankOf("R82.00.00"));
    expect(rankOf("r82.0")).toBe(rankOf("R82"));
    expect(rankOf("R82")).toBe(820000);
    expect(rankOf("R81.20")).toBe(812000);
  });

  it("puts the PAYG minimum at R82.00.00", () => {
    expect(PAYG_MINIMUM_FIRMWARE).toBe("R82.00.00");
    expect(PAYG_MINIMUM_RANK).toBe(rankOf("R82"));
  });
});

describe("supportsPayg", () => {
  it.each([
    ["R81.99", false],
    ["R81.99.99", false],
    ["R81.20", false],
    ["R80.40", false],
    ["R82", true],
    ["R82.00.00", true],
    ["r82", true],
    ["R82.00.01", true],
    ["R82.10", true],
    ["R83", true],
    ["R100", true],
  ])("%s → %s", (firmware, expected) => {
    expect(supportsPayg(firmware)).toBe(expected);
  });
});

describe("firmwareSchema", () => {
  it("accepts versions in any case and stores them upper-case and trimmed", () => {
    expect(firmwareSchema.parse(" r82.10 ")).toBe("R82.10");
    expect(firmwareSchema.parse("R81.20")).toBe("R81.20");
  });

  it("refuses with a message people can act on", () => {
    const result = firmwareSchema.safeParse("82.10");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/R81\.20/);
    expect(firmwareSchema.safeParse(undefined).error?.issues[0]?.message).toBe("Enter the firmware version.");
    expect(firmwareSchema.safeParse(82).success).toBe(false);
  });
});
