import { describe, expect, it } from "vitest";
import { auditChanges, formatAuditValue } from "@/lib/audit-changes";

describe("auditChanges", () => {
  it("lists only the fields that changed, with labels and both values", () => {
    expect(
      auditChanges({ name: "Gold", licenseType: "SUBSCRIPTION", rooms: 10 }, { name: "Gold", licenseType: "PAYG", rooms: 12 }),
    ).toEqual([
      { field: "licenseType", label: "License type", before: "Subscription", after: "Pay-As-You-Go" },
      { field: "rooms", label: "Rooms", before: "10", after: "12" },
    ]);
  });

  it("formats money from cents and drops the unit from the label", () => {
    expect(auditChanges({ unitPriceCents: 1250 }, { unitPriceCents: 123456 })).toEqual([
      { field: "unitPriceCents", label: "Unit price", before: "EUR 12.50", after: "EUR 1,234.56" },
    ]);
    expect(formatAuditValue("totalCents", -5, "UTC")).toBe("−EUR 0.05");
  });

  it("shows timestamps in the account's zone and leaves calendar days alone", () => {
    const [change] = auditChanges(null, { syncedAt: "2026-03-01T23:30:00.000Z", expiresOn: "2027-02-28" }, "Europe/Berlin");
    expect(change).toEqual({ field: "syncedAt", label: "Synced at", before: "—", after: "2026-03-02 00:30 (Europe/Berlin)" });
    expect(auditChanges(null, { expiresOn: "2027-02-28" })).toEqual([{ field: "expiresOn", label: "Expires on", before: "—", after: "2027-02-28" }]);
    expect(formatAuditValue("at", "2026-03-01T23:30:00Z", "UTC")).toBe("2026-03-01 23:30 UTC");
  });

  it("reads a creation and a removal against an empty side", () => {
    expect(auditChanges(undefined, { email: "a@example.test", role: "ADMIN", newUser: true })).toEqual([
      { field: "email", label: "Email", before: "—", after: "a@example.test" },
      { field: "role", label: "Role", before: "—", after: "Admin" },
      { field: "newUser", label: "New user", before: "—", after: "Yes" },
    ]);
    expect(auditChanges({ status: "ACTIVE" }, null)).toEqual([{ field: "status", label: "Status", before: "Active", after: "—" }]);
  });

  it("keeps fields only one side recorded, in after's order first", () => {
    expect(auditChanges({ status: "CANCELED" }, { contract: "C-1", by: "hand" }).map((change) => change.field)).toEqual(["contract", "by", "status"]);
  });

  it("writes lists and nested records in words, never JSON", () => {
    expect(formatAuditValue("modules", ["WIFI_PREMIUM"], "UTC")).not.toContain("[");
    expect(formatAuditValue("accessPoints", [], "UTC")).toBe("—");
    const nested = formatAuditValue("notice", { key: "trial-ended", subject: "Your trial ended", sentAt: "2026-01-02T08:00:00Z" }, "UTC");
    expect(nested).toBe("Key: trial-ended; Subject: Your trial ended; Sent at: 2026-01-02 08:00 UTC");
    expect(nested).not.toMatch(/[{}"]/);
  });

  it("has nothing to show when nothing changed or nothing was recorded", () => {
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
    expect(auditChanges(3, 4)).toEqual([{ field: "value", label: "Value", before: "3", after: "4" }]);
  });
});
