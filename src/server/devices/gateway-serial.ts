import { Prisma } from "@/generated/prisma/client";

/**
 * The one normal form of a gateway's device id: its serial number with ASCII
 * letters upper-cased (docs/metering.md, "Gateway serial numbers"). Registration
 * stores serials in it, ingestion stores gateway device ids in it, and every
 * device-to-gateway match compares it, so `cp-1234` reported and `CP-1234`
 * registered are the same gateway. Only ASCII is touched (serials are
 * [A-Z0-9-]), so this and gatewaySerialSql agree on every input, whatever the
 * database's collation does with other letters.
 */
export function normalizeGatewaySerial(value: string): string {
  return value.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";

/** normalizeGatewaySerial in SQL, over a text expression (e.g. `d.external_id`). */
export function gatewaySerialSql(expression: string): Prisma.Sql {
  return Prisma.raw(`translate(${expression}, '${LOWER}', '${LOWER.toUpperCase()}')`);
}
