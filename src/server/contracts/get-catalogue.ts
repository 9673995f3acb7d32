import "server-only";
import type { ContractType, ServiceUnit } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db";

export interface CatalogueService {
  id: string;
  code: string;
  name: string;
  unit: ServiceUnit;
  contractTypes: ContractType[];
  nfrUnits: number | null;
  packages: { sku: string; name: string }[];
  addOns: { sku: string; name: string }[];
}

/** The catalogue as plain data for forms. */
export async function getCatalogue(db: DbTx): Promise<CatalogueService[]> {
  const services = await db.service.findMany({
    include: { packages: { orderBy: [{ isDefault: "desc" }, { sku: "asc" }] }, addOns: { orderBy: { sku: "asc" } } },
    orderBy: { name: "asc" },
  });
  return services.map((service) => ({
    id: service.id,
    code: service.code,
    name: service.name,
    unit: service.unit,
    contractTypes: service.contractTypes,
    nfrUnits: service.nfrUnits,
    packages: service.packages.map(({ sku, name }) => ({ sku, name })),
    addOns: service.addOns.map(({ sku, name }) => ({ sku, name })),
  }));
}
