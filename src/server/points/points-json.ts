import { z } from "zod";
import "zod-openapi";
import type { PointsRow } from "./list-points-ledger";

/* The points ledger as the API answers it (docs/api.md#pools-and-points). */

export const pointsEntrySchema = z
  .object({
    id: z.string().meta({ description: "The entry's number; later entries have higher numbers." }),
    createdAt: z.iso.datetime(),
    kind: z.enum(["CREDIT", "EXCHANGE", "RENEWAL"]),
    delta: z.int().meta({ description: "Points added (positive) or spent (negative)." }),
    balanceAfter: z.int().nonnegative(),
    reason: z.string(),
    by: z.string().meta({ description: "Who made the change (a person, an API key or the daily run)." }),
    product: z.string().nullable(),
    devices: z.int().nullable(),
    licences: z.int().nullable(),
    remainingDays: z.int().nullable(),
  })
  .meta({ id: "PointsEntry" });

export function pointsEntryJson(row: PointsRow): z.input<typeof pointsEntrySchema> {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    kind: row.kind,
    delta: row.delta,
    balanceAfter: row.balanceAfter,
    reason: row.reason,
    by: row.actorLabel,
    product: row.product,
    devices: row.devices,
    licences: row.licences,
    remainingDays: row.remainingDays,
  };
}
