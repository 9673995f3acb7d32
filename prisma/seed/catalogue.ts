import type { ContractType, ServiceUnit } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";

interface CatalogueService {
  code: string;
  name: string;
  unit: ServiceUnit;
  contractTypes: ContractType[];
  nfrUnits?: number;
  pointsPerLicence?: number;
  description: string;
  packages: { sku: string; name: string; isDefault?: boolean }[];
  addOns: { sku: string; name: string }[];
}

const ALL_TYPES: ContractType[] = ["PAYG", "NFR", "SUBSCRIPTION", "TRIAL", "EVALUATION"];

/** The catalogue (docs/contracts.md#catalogue): gateways, users, devices, access points and rooms. */
export const CATALOGUE: CatalogueService[] = [
  {
    code: "quantum-spark-management",
    name: "Quantum Spark Management",
    unit: "GATEWAY",
    contractTypes: ALL_TYPES,
    nfrUnits: 5,
    description: "Cloud management of small-office security gateways, by subscription or pay-as-you-go.",
    packages: [
      { sku: "QSM-MGMT-STD", name: "Spark Management Standard", isDefault: true },
      { sku: "QSM-MGMT-PAYG", name: "Spark Management Pay-As-You-Go" },
    ],
    addOns: [
      { sku: "QSM-ADD-TP", name: "Threat Prevention" },
      { sku: "QSM-ADD-SDWAN", name: "SD-WAN" },
    ],
  },
  {
    code: "harmony-browse",
    name: "Harmony Browse",
    unit: "USER",
    contractTypes: ALL_TYPES,
    nfrUnits: 25,
    description: "Browser security for every user.",
    packages: [{ sku: "HB-STD", name: "Harmony Browse Standard", isDefault: true }],
    addOns: [{ sku: "HB-ADD-DLP", name: "Data Loss Prevention" }],
  },
  {
    code: "harmony-email-collaboration",
    name: "Harmony Email & Collaboration",
    unit: "USER",
    contractTypes: ALL_TYPES,
    nfrUnits: 25,
    description: "Mailbox and collaboration-suite protection.",
    packages: [
      { sku: "HEC-BASIC", name: "Email Protection Basic", isDefault: true },
      { sku: "HEC-ADV", name: "Email Protection Advanced" },
    ],
    addOns: [{ sku: "HEC-ADD-ARCH", name: "Email Archiving" }],
  },
  {
    code: "adaptive-defense-360",
    name: "Adaptive Defense 360",
    unit: "DEVICE",
    contractTypes: ["SUBSCRIPTION", "TRIAL", "NFR", "EVALUATION"],
    nfrUnits: 10,
    pointsPerLicence: 3,
    description: "Endpoint protection, detection and response; sold in annual pools and monthly for points.",
    packages: [{ sku: "AD360-STD", name: "Adaptive Defense 360", isDefault: true }],
    addOns: [
      { sku: "AD360-ADD-PATCH", name: "Patch Management" },
      { sku: "AD360-ADD-ENC", name: "Full Encryption" },
    ],
  },
  {
    code: "endpoint-protection-plus",
    name: "Endpoint Protection Plus",
    unit: "DEVICE",
    contractTypes: ["SUBSCRIPTION", "TRIAL", "NFR"],
    nfrUnits: 10,
    pointsPerLicence: 2,
    description: "Antivirus and firewall for workstations and servers.",
    packages: [{ sku: "EPP-STD", name: "Endpoint Protection Plus", isDefault: true }],
    addOns: [],
  },
  {
    code: "defensx-web-security",
    name: "DefensX Web Security",
    unit: "USER",
    contractTypes: ["PAYG", "SUBSCRIPTION", "TRIAL"],
    description: "Active-utilisation billing: users and devices are billed only in months they are active.",
    packages: [
      { sku: "DX-CORE", name: "Core", isDefault: true },
      { sku: "DX-CORE-PLUS", name: "Core+" },
    ],
    addOns: [{ sku: "DX-ADD-RBI", name: "Remote Browser Isolation" }],
  },
  {
    code: "guest-wifi",
    name: "Guest WiFi",
    unit: "ACCESS_POINT",
    contractTypes: ["SUBSCRIPTION", "TRIAL"],
    description: "Captive-portal guest WiFi licensed per access point, or per room in hospitality.",
    packages: [
      { sku: "GW-AP", name: "Guest WiFi per access point", isDefault: true },
      { sku: "GW-ROOM", name: "Guest WiFi per room (hospitality)" },
    ],
    addOns: [
      { sku: "GW-ADD-MKT", name: "Marketing module" },
      { sku: "GW-ADD-ANL", name: "Analytics module" },
    ],
  },
];

/** Upserts the catalogue by code and SKU, so re-running the seed changes nothing. */
export async function seedCatalogue(db: DbTx): Promise<void> {
  for (const entry of CATALOGUE) {
    const data = {
      name: entry.name,
      unit: entry.unit,
      contractTypes: entry.contractTypes,
      nfrUnits: entry.nfrUnits ?? null,
      pointsPerLicence: entry.pointsPerLicence ?? null,
      description: entry.description,
    };
    const service = await db.service.upsert({
      where: { code: entry.code },
      create: { code: entry.code, ...data },
      update: data,
    });
    for (const pkg of entry.packages) {
      await db.package.upsert({
        where: { sku: pkg.sku },
        create: { ...pkg, serviceId: service.id },
        update: { name: pkg.name, isDefault: pkg.isDefault ?? false },
      });
    }
    for (const addOn of entry.addOns) {
      await db.addOn.upsert({
        where: { sku: addOn.sku },
        create: { ...addOn, serviceId: service.id },
        update: { name: addOn.name },
      });
    }
  }
}
