import type { ContractSource, ContractType, TrialExpiryAction } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { isoDateToDb, todayIn } from "../../src/lib/dates";
import { addDaysIso, addYearsIso } from "../../src/lib/dates";
import { deriveContractStatus } from "../../src/server/contracts/contract-rules";
import { recordAuditEvent } from "../../src/server/audit/record-audit-event";

interface DemoContract {
  account: string;
  service: string;
  type: ContractType;
  source?: ContractSource;
  packageSku?: string;
  addOns?: string[];
  quantity: number;
  /** Registration relative to today, in days (negative = past). */
  registeredDaysAgo: number;
  /** Expiry relative to today in days; null = open-ended; undefined = by type. */
  expiresInDays?: number | null;
  reference?: string;
  externalId?: string;
  atExpiry?: TrialExpiryAction;
  canceledDaysAgo?: number;
  archived?: boolean;
  activate?: boolean;
}

const DEMO_CONTRACTS: DemoContract[] = [
  { account: "Bluewave Security", service: "quantum-spark-management", type: "NFR", quantity: 5, registeredDaysAgo: 400 },
  { account: "Bluewave Security", service: "quantum-spark-management", type: "PAYG", packageSku: "QSM-MGMT-PAYG", quantity: 250, registeredDaysAgo: 200, expiresInDays: null },
  { account: "Bluewave Security", service: "harmony-browse", type: "NFR", quantity: 25, registeredDaysAgo: 90 },
  { account: "Harbor Community Bank", service: "quantum-spark-management", type: "PAYG", packageSku: "QSM-MGMT-PAYG", addOns: ["QSM-ADD-TP"], quantity: 20, registeredDaysAgo: 120, expiresInDays: null },
  { account: "Harbor Community Bank", service: "harmony-browse", type: "SUBSCRIPTION", quantity: 180, registeredDaysAgo: 340, reference: "SO-2025-11873", addOns: ["HB-ADD-DLP"] },
  { account: "Harbor Community Bank", service: "defensx-web-security", type: "TRIAL", packageSku: "DX-CORE-PLUS", quantity: 150, registeredDaysAgo: 10, expiresInDays: 19, atExpiry: "CONVERT" },
  { account: "Harbor Community Bank", service: "harmony-email-collaboration", type: "SUBSCRIPTION", source: "USER_CENTER", externalId: "UC-CT-5581204", packageSku: "HEC-ADV", quantity: 200, registeredDaysAgo: 200, expiresInDays: 165 },
  { account: "Harbor Community Bank", service: "adaptive-defense-360", type: "EVALUATION", source: "USER_CENTER", externalId: "UC-EV-0093321", quantity: 25, registeredDaysAgo: 5, expiresInDays: 25, activate: false },
  { account: "Harbor Community Bank", service: "endpoint-protection-plus", type: "TRIAL", quantity: 40, registeredDaysAgo: 45, expiresInDays: -15, atExpiry: "EXPIRE" },
  { account: "Harbor Community Bank", service: "harmony-email-collaboration", type: "PAYG", quantity: 60, registeredDaysAgo: 300, expiresInDays: null, canceledDaysAgo: 80, archived: true },
  { account: "Atlas Engineering", service: "quantum-spark-management", type: "PAYG", packageSku: "QSM-MGMT-PAYG", quantity: 8, registeredDaysAgo: 60, expiresInDays: null },
  { account: "Atlas Engineering", service: "harmony-browse", type: "SUBSCRIPTION", quantity: 45, registeredDaysAgo: 350, reference: "SO-2025-10422" },
  { account: "Beacon Pharmacy", service: "guest-wifi", type: "SUBSCRIPTION", quantity: 12, registeredDaysAgo: 100, reference: "SO-2026-00817", addOns: ["GW-ADD-ANL"] },
  { account: "Pacific Rim Hotels", service: "guest-wifi", type: "SUBSCRIPTION", packageSku: "GW-ROOM", quantity: 320, registeredDaysAgo: 30, reference: "SO-2026-01290", addOns: ["GW-ADD-MKT"] },
  { account: "Bluewave Iberia", service: "quantum-spark-management", type: "NFR", quantity: 5, registeredDaysAgo: 50 },
  { account: "Hotel Mar Azul", service: "guest-wifi", type: "TRIAL", packageSku: "GW-ROOM", quantity: 80, registeredDaysAgo: 20, expiresInDays: 9, atExpiry: "CONVERT" },
  { account: "Ironclad MSSP", service: "quantum-spark-management", type: "PAYG", packageSku: "QSM-MGMT-PAYG", quantity: 100, registeredDaysAgo: 150, expiresInDays: null },
  { account: "Prairie Wind Energy", service: "quantum-spark-management", type: "PAYG", packageSku: "QSM-MGMT-PAYG", quantity: 30, registeredDaysAgo: 90, expiresInDays: null },
  { account: "Lakeshore Credit", service: "harmony-email-collaboration", type: "SUBSCRIPTION", quantity: 75, registeredDaysAgo: 360, reference: "SO-2025-09910" },
];

function defaultExpiry(type: ContractType, registered: string): string | null {
  if (type === "NFR") return addDaysIso(addYearsIso(registered, 7), -1);
  if (type === "SUBSCRIPTION") return addDaysIso(addYearsIso(registered, 1), -1);
  if (type === "TRIAL") return addDaysIso(registered, 29);
  return null;
}

/** Contracts of every type and state across the demo tenants, dated around today. */
export async function seedDemoContracts(db: DbTx, now = new Date()): Promise<void> {
  for (const spec of DEMO_CONTRACTS) {
    const account = await db.account.findFirstOrThrow({ where: { name: spec.account } });
    const service = await db.service.findUniqueOrThrow({ where: { code: spec.service }, include: { packages: true, addOns: true } });
    const pkg = service.packages.find((p) => p.sku === spec.packageSku) ?? service.packages.find((p) => p.isDefault) ?? service.packages[0]!;
    const today = todayIn(account.billingTimezone, now);
    const registered = addDaysIso(today, -spec.registeredDaysAgo);
    const expires = spec.expiresInDays === undefined ? defaultExpiry(spec.type, registered) : spec.expiresInDays === null ? null : addDaysIso(today, spec.expiresInDays);
    const canceledAt = spec.canceledDaysAgo ? new Date(now.getTime() - spec.canceledDaysAgo * 86_400_000) : null;
    const contract = await db.contract.create({
      data: {
        accountId: account.id,
        serviceId: service.id,
        packageId: pkg.id,
        type: spec.type,
        source: spec.source ?? "PORTAL",
        externalId: spec.externalId ?? null,
        subscriptionReference: spec.reference ?? null,
        quantity: spec.quantity,
        registeredOn: isoDateToDb(registered),
        expiresOn: expires ? isoDateToDb(expires) : null,
        status: deriveContractStatus({ expiresOn: expires, canceledOn: canceledAt ? today : null }, today),
        trialExpiryAction: spec.type === "TRIAL" ? (spec.atExpiry ?? "CONVERT") : null,
        canceledAt,
        cancelReason: canceledAt ? "Customer moved to annual subscription" : null,
        archivedAt: spec.archived ? now : null,
        syncedAt: spec.source === "USER_CENTER" ? now : null,
        nfrKey: spec.type === "NFR" ? `${account.id}:${service.id}` : null,
        addOns: {
          create: (spec.addOns ?? []).map((sku) => ({
            accountId: account.id,
            addOnId: service.addOns.find((a) => a.sku === sku)!.id,
            addedAt: now,
          })),
        },
      },
    });
    if (spec.activate !== false && spec.source !== "USER_CENTER") {
      await db.accountService.upsert({
        where: { accountId_serviceId: { accountId: account.id, serviceId: service.id } },
        create: { accountId: account.id, serviceId: service.id, activatedBy: "system:seed" },
        update: {},
      });
    }
    await recordAuditEvent(db, { system: "seed" }, {
      accountId: account.id,
      action: "contract.added",
      objectType: "contract",
      objectId: contract.id,
      after: { service: service.name, type: spec.type, quantity: spec.quantity },
    });
  }
}
