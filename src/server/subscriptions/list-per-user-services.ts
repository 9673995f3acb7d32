import "server-only";
import type { DbTx } from "@/server/db";

/** The services billed per user, with their packages: what Add Subscriptions offers. */
export async function listPerUserServices(db: DbTx) {
  return db.service.findMany({ where: { unit: "USER" }, include: { packages: { orderBy: { sku: "asc" } } }, orderBy: { name: "asc" } });
}
