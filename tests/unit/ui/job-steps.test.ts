import { describe, expect, it } from "vitest";
import { countLabel, formatDuration } from "@/components/jobs/job-steps";

describe("the Jobs page's step table wording", () => {
  it("names counts in words, also one without a label of its own", () => {
    expect(countLabel("daysMetered")).toBe("Days metered");
    expect(countLabel("monthsRolledUp")).toBe("Months rolled up");
    expect(countLabel("poolsRenewed")).toBe("Pools renewed");
    expect(countLabel("someNewCount")).toBe("Some new count");
  });

  it("shows short steps in milliseconds and longer ones in seconds to a tenth", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(42.4)).toBe("42 ms");
    expect(formatDuration(999)).toBe("999 ms");
    expect(formatDuration(1200)).toBe("1.2 s");
    expect(formatDuration(61_049)).toBe("61.0 s");
  });
});
