import "server-only";
import type { DbTx } from "@/server/db";

/** The add-ons a service offers, by SKU. */
export async function listServiceAddOns(db: DbTx, options: { serviceId: string }) {
  return db.addOn.findMany({ where: { serviceId: options.serviceId }, orderBy: { sku: "asc" } });
}
