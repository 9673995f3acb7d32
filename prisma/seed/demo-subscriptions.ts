import { isoDateToDb, todayIn } from "../../src/lib/dates";
import type { DbTx } from "../../src/server/db";
import { addDaysIso, addYearsIso } from "../../src/lib/dates";
import { syncPackageAssignments } from "../../src/server/subscriptions/sync-package-assignments";

/**
 * Customers' subscriptions (docs/subscriptions.md#packages-held): Harbor Community Bank holds Core (a
 * subscription) next to its Core+ trial; user groups attach them — Everyone
 * gets Core, the Trading desk gets Core+ too (so its members show both) —
 * a few silent users and spare devices (listed, not billed), a longer
 * retention, and one past purge in the log.
 */
export async function seedDemoSubscriptions(db: DbTx, now = new Date()): Promise<void> {
  const harbor = await db.account.findFirstOrThrow({ where: { name: "Harbor Community Bank" } });
  const service = await db.service.findUniqueOrThrow({ where: { code: "defensx-web-security" }, include: { packages: true } });
  const core = service.packages.find((pkg) => pkg.sku === "DX-CORE")!;
  const corePlus = service.packages.find((pkg) => pkg.sku === "DX-CORE-PLUS")!;
  const registered = addDaysIso(todayIn(harbor.billingTimezone, now), -60);
  await db.contract.create({
    data: {
      accountId: harbor.id,
      serviceId: service.id,
      packageId: core.id,
      type: "SUBSCRIPTION",
      subscriptionReference: "SO-2026-02214",
      quantity: 150,
      registeredOn: isoDateToDb(registered),
      expiresOn: isoDateToDb(addDaysIso(addYearsIso(registered, 1), -1)),
    },
  });
  await db.account.update({ where: { id: harbor.id }, data: { retentionDays: 120 } });

  const users = await db.endUser.findMany({ where: { accountId: harbor.id }, orderBy: { externalId: "asc" } });
  // People and devices known to the tenancy that send nothing: the report's "Silent — not billed" lines.
  // A new hire on the Trading desk (Core and Core+), one on parental leave (Core), a contractor with no
  // subscription (base package), and two spare laptops in a drawer (standalone endpoints).
  const [newHire, onLeave] = await Promise.all(
    [
      { externalId: "hcb-user-025", name: "Grace Holloway", email: "grace.holloway@harborbank.example" },
      { externalId: "hcb-user-026", name: "Samuel Ortiz", email: "samuel.ortiz@harborbank.example" },
    ].map((user) => db.endUser.create({ data: { accountId: harbor.id, source: "admin", ...user } })),
  );
  const contractor = await db.endUser.create({
    data: { accountId: harbor.id, externalId: "hcb-contractor-001", name: "Priya Nair", email: "priya.nair@contractor.example", source: "import" },
  });
  await db.device.createMany({
    data: ["hcb-spare-laptop-1", "hcb-spare-laptop-2"].map((externalId) => ({ accountId: harbor.id, externalId, kind: "ENDPOINT" as const, name: "Spare laptop", registeredBy: "admin" })),
  });
  const everyone = await db.userGroup.create({ data: { accountId: harbor.id, name: "Everyone", description: "All bank staff" } });
  const trading = await db.userGroup.create({ data: { accountId: harbor.id, name: "Trading desk", description: "File uploads to partner portals (Core+)" } });
  const contractors = await db.userGroup.create({ data: { accountId: harbor.id, name: "Contractors", description: "External staff, no subscription yet" } });
  await db.groupSubscription.createMany({
    data: [
      { accountId: harbor.id, groupId: everyone.id, packageId: core.id, attachedBy: "carla.admin@harborbank.example" },
      { accountId: harbor.id, groupId: trading.id, packageId: corePlus.id, attachedBy: "carla.admin@harborbank.example" },
    ],
  });
  await db.userGroupMember.createMany({
    data: [
      ...users.slice(0, 20).map((user) => ({ accountId: harbor.id, groupId: everyone.id, endUserId: user.id })),
      ...users.slice(0, 6).map((user) => ({ accountId: harbor.id, groupId: trading.id, endUserId: user.id })),
      ...[newHire!, onLeave!].map((user) => ({ accountId: harbor.id, groupId: everyone.id, endUserId: user.id })),
      { accountId: harbor.id, groupId: trading.id, endUserId: newHire!.id },
      { accountId: harbor.id, groupId: contractors.id, endUserId: contractor.id },
    ],
  });
  await syncPackageAssignments(db, { accountId: harbor.id, now: new Date(now.getTime() - 45 * 86_400_000) });

  await db.purgeLog.create({
    data: {
      accountId: harbor.id,
      retentionDays: 120,
      devicesPurged: 2,
      endUsersPurged: 1,
      details: { devices: ["hcb-old-kiosk-1", "hcb-old-kiosk-2"], endUsers: ["hcb-user-former"] },
      purgedAt: new Date(now.getTime() - 12 * 86_400_000),
    },
  });
}
