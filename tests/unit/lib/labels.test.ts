import { describe, expect, it } from "vitest";
import { auditActionLabel, fieldLabel, locationLabel, valueLabel } from "@/lib/labels";

describe("labels", () => {
  it("names audit actions in words, known or not", () => {
    expect(auditActionLabel("licence.started")).toBe("License started");
    expect(auditActionLabel("widget.got_polished")).toBe("Widget got polished");
  });

  it("turns stored codes in change records into their labels", () => {
    expect(valueLabel("PENDING_PROVISION")).toBe("Pending Provision");
    expect(valueLabel("GATEWAY")).toBe("Gateway");
    expect(valueLabel("EVALUATION")).toBe("Evaluation");
    expect(valueLabel(["ANALYTICS", "GUEST"])).toBe("Analytics, Octopus Guest");
    expect(valueLabel("SOME_NEW_CODE")).toBe("Some new code");
    expect(valueLabel("Harbor Community Bank")).toBe("Harbor Community Bank");
    expect(fieldLabel("maxAccessPoints")).toBe("Max access points");
  });

  it("names a location by site, organization and sector", () => {
    expect(locationLabel({ name: "Quay", sector: "RETAIL", accountName: "Harbor" })).toBe("Quay — Harbor (Retail)");
  });
});
