import "server-only";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { DbTx } from "@/server/db";

/** A service named by id, code or exact name (forms send ids; the API and imports send codes). */
export async function resolveService(db: DbTx, reference: string) {
  const service = await db.service.findFirst({
    where: { OR: [...(isUuid(reference) ? [{ id: reference }] : []), { code: reference }, { name: reference }] },
    include: { packages: { orderBy: [{ isDefault: "desc" }, { sku: "asc" }] }, addOns: { orderBy: { sku: "asc" } } },
  });
  if (!service) throw invalid("Choose a service from the catalogue.", { service: [`Unknown service "${reference}".`] });
  return service;
}

export type ResolvedService = Awaited<ReturnType<typeof resolveService>>;

export function resolvePackage(service: ResolvedService, sku: string | undefined) {
  if (!sku) return service.packages[0]!;
  const found = service.packages.find((pkg) => pkg.sku === sku || pkg.id === sku);
  if (!found) {
    throw invalid(`${service.name} has no package ${sku}.`, { packageSku: [`Unknown package "${sku}" for ${service.name}.`] });
  }
  return found;
}

export function resolveAddOns(service: ResolvedService, skus: readonly string[], field = "addOns") {
  const unknown = skus.filter((sku) => !service.addOns.some((addOn) => addOn.sku === sku || addOn.id === sku));
  if (unknown.length) {
    throw invalid(`${service.name} has no AddOn ${unknown.join(", ")}.`, {
      [field]: [`Unknown AddOn for ${service.name}: ${unknown.join(", ")}.`],
    });
  }
  const resolved = skus.map((sku) => service.addOns.find((addOn) => addOn.sku === sku || addOn.id === sku)!);
  return [...new Map(resolved.map((addOn) => [addOn.id, addOn])).values()];
}
