import { describe, expect, it } from "vitest";
import { BADGE_CAP, badgeCount } from "@/lib/badge-count";

describe("badgeCount", () => {
  it("shows counts up to the cap and the cap with a plus beyond it", () => {
    expect(badgeCount(1)).toBe("1");
    expect(badgeCount(BADGE_CAP)).toBe("99");
    expect(badgeCount(BADGE_CAP + 1)).toBe("99+");
  });
});
