import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { gatewaySerialSql, normalizeGatewaySerial } from "@/server/devices/gateway-serial";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";

/** The one normal form of gateway serials (docs/metering.md): the TS rule and its SQL twin agree. */
describe("gateway serial normal form", () => {
  const samples = ["cp-1234", "CP-1234", "Sn-aBc-09z", "  spaced ", "ß-straße", "ǆ-ŉ", "ﬁ-1", "İ-i", "émile-01", "", "0-9-A-Z"];

  it("normalizeGatewaySerial and gatewaySerialSql give the same text for every input", async () => {
    const rows = await db.$queryRaw<{ input: string; normal: string }[]>(
      Prisma.sql`SELECT input, ${gatewaySerialSql("input")} AS normal FROM unnest(${samples}::text[]) AS s(input)`,
    );
    expect(rows.map((row) => row.normal)).toEqual(samples.map(normalizeGatewaySerial));
    expect(normalizeGatewaySerial("cp-1234")).toBe("CP-1234");
  });

  it("registration stores a serial in that form", () => {
    const parsed = gatewayInputSchema.parse({ name: "Branch", serialNumber: " cp-1234 ", firmwareVersion: "R82.10", accountId: "x" });
    expect(parsed.serialNumber).toBe(normalizeGatewaySerial("cp-1234"));
  });
});
