import { describe, expect, it } from "vitest";
import { contractLabel } from "@/lib/contract-label";

describe("contractLabel", () => {
  it.each([
    [1, "CT-000001"],
    [42, "CT-000042"],
    [123_456, "CT-123456"],
    [999_999, "CT-999999"],
  ])("%i → %s", (number, label) => {
    expect(contractLabel(number)).toBe(label);
  });

  it("keeps every digit past six (SQL's lpad would have cut them)", () => {
    expect(contractLabel(1_234_567)).toBe("CT-1234567");
  });
});
