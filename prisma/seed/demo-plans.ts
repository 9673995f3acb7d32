import type { LicenceType } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { firmwareRank, parseFirmware } from "../../src/server/plans/firmware-version";
import { recordAuditEvent } from "../../src/server/audit/record-audit-event";

interface DemoPlan {
  owner: string;
  name: string;
  licenceType: LicenceType;
  sharedWith?: string;
  gateways: { account: string; name: string; firmware: string; unlocked?: LicenceType; silentHours?: number }[];
}

const FIRMWARES = ["R82.10", "R82", "R81.20", "R82.00.00", "R82.10", "R81.10"];

const branch = (account: string, prefix: string, count: number, start = 0) =>
  Array.from({ length: count }, (_, i) => ({
    account,
    name: `${prefix}-${String(i + 1 + start).padStart(2, "0")}`,
    firmware: FIRMWARES[(i + start) % FIRMWARES.length]!,
    silentHours: i % 5 === 4 ? 72 : i % 3,
  }));

const DEMO_PLANS: DemoPlan[] = [
  {
    owner: "Bluewave Security",
    name: "Branch offices",
    licenceType: "SUBSCRIPTION",
    gateways: [...branch("Atlas Engineering", "atlas-gw", 4), ...branch("Beacon Pharmacy", "beacon-gw", 3), ...branch("Cedar Grove Schools", "cedar-gw", 5)],
  },
  {
    owner: "Bluewave Security",
    name: "Retail PAYG",
    licenceType: "PAYG",
    gateways: [
      ...branch("Maple Street Bakery", "maple-gw", 3),
      ...branch("Northgate Retail", "northgate-gw", 6),
      { account: "Summit Outdoor Gear", name: "summit-hq", firmware: "R82.10", unlocked: "SUBSCRIPTION" },
    ],
  },
  {
    owner: "Bluewave Security",
    name: "Harbor Bank network",
    licenceType: "PAYG",
    sharedWith: "Harbor Community Bank",
    gateways: branch("Harbor Community Bank", "harbor-branch", 7),
  },
  { owner: "Ironclad MSSP", name: "Texas sites", licenceType: "PAYG", gateways: branch("Prairie Wind Energy", "prairie-gw", 5) },
];

/** Plans of every licence type, a shared plan and gateways on old and new firmware. */
export async function seedDemoPlans(db: DbTx, now = new Date()): Promise<void> {
  const service = await db.service.findUniqueOrThrow({ where: { code: "quantum-spark-management" } });
  let serial = 100_000;
  for (const spec of DEMO_PLANS) {
    const owner = await db.account.findFirstOrThrow({ where: { name: spec.owner } });
    const shared = spec.sharedWith ? await db.account.findFirstOrThrow({ where: { name: spec.sharedWith } }) : null;
    const plan = await db.plan.create({
      data: { accountId: owner.id, serviceId: service.id, name: spec.name, licenceType: spec.licenceType, sharedWithAccountId: shared?.id ?? null },
    });
    await recordAuditEvent(db, { system: "seed" }, { accountId: owner.id, action: "plan.created", objectType: "plan", objectId: plan.id, after: { name: plan.name } });
    for (const gw of spec.gateways) {
      const account = await db.account.findFirstOrThrow({ where: { name: gw.account } });
      serial += 7;
      await db.gateway.create({
        data: {
          accountId: account.id,
          planId: plan.id,
          name: gw.name,
          serialNumber: `SPK${serial}`,
          firmwareVersion: gw.firmware,
          firmwareRank: firmwareRank(parseFirmware(gw.firmware)!),
          lockedToPlan: !gw.unlocked,
          ownLicenceType: gw.unlocked ?? "SUBSCRIPTION",
          lastSeenAt: new Date(now.getTime() - (gw.silentHours ?? 0) * 3_600_000 - 120_000),
        },
      });
    }
  }
}
