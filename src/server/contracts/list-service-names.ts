import "server-only";
import type { DbTx } from "@/server/db";

/** Every service, id and name only (for the contracts list's service filter). */
export async function listServiceNames(db: DbTx) {
  return db.service.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
