import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABEL, AUDIT_ACTION_OPTIONS, auditActionLabel, fieldLabel, locationLabel, valueLabel } from "@/lib/labels";

describe("labels", () => {
  it("names audit actions in words, known or not", () => {
    expect(auditActionLabel("licence.started")).toBe("License started");
    expect(auditActionLabel("widget.got_polished")).toBe("Widget got polished");
  });

  it("offers every catalogued action in the audit filter, alphabetically by its words", () => {
    expect(AUDIT_ACTION_OPTIONS.map((o) => o.value).sort()).toEqual(Object.keys(AUDIT_ACTION_LABEL).sort());
    const labels = AUDIT_ACTION_OPTIONS.map((o) => o.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("catalogues the actions that raw SQL writes (recordAuditEvent is checked by its type)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const written = new Set<string>();
    for (const file of files("src/server")) {
      const text = readFileSync(file, "utf8");
      for (const insert of text.split("INSERT INTO audit_events").slice(1)) {
        const action = /'system:[^']*',\s*'([a-z_]+\.[a-z_]+)'/.exec(insert)?.[1];
        if (action) written.add(action);
      }
    }
    expect(written.size).toBeGreaterThan(0);
    for (const action of written) expect(AUDIT_ACTION_LABEL).toHaveProperty([action]);
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
