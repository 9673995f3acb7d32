import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { countedRows, type CountedRows } from "@/lib/counted-rows";
import type { DbTx } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { activeDevicesByDaySql, openEvidence, type Evidence, type EvidenceRow } from "@/server/usage";

/**
 * The evidence of a day for its export, with its rows counted: the evidence is
 * every activity row of the day whose kind the service meters, and the day's
 * kept counts (device_day_counts, kept by the same writes —
 * docs/metering.md#daily-counts) hold that number. So the count deciding
 * download or job (docs/exports.md#export-jobs) is one index lookup per kind,
 * never a read of the day's rows, and the job's progress has its total.
 * Reach, permission and input are checked by openEvidence first.
 */
export async function openEvidenceExport(
  db: DbTx,
  options: { actor: Actor; accountId: string; serviceId: string; day: string },
): Promise<Omit<Evidence, "rows"> & { rows: CountedRows<EvidenceRow> }> {
  const evidence = await openEvidence(db, options);
  const { unit } = await db.service.findUniqueOrThrow({ where: { id: options.serviceId }, select: { unit: true } });
  const count = async (cap?: number) => {
    const day = Prisma.sql`${evidence.day}::date`;
    const [counted] = await db.$queryRaw<{ devices: number }[]>`
      SELECT COALESCE(max(d.active), 0)::int AS devices
      FROM (${activeDevicesByDaySql({ accountId: Prisma.sql`${options.accountId}::uuid`, unit: Prisma.sql`${unit}`, from: day, to: day })}) d`;
    const devices = counted?.devices ?? 0;
    return cap === undefined ? devices : Math.min(devices, cap);
  };
  return { ...evidence, rows: countedRows(evidence.rows, count) };
}
