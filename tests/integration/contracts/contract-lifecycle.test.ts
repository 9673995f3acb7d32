import { describe, expect, it } from "vitest";
import { contractLabel } from "@/lib/contract-label";
import { db } from "@/server/db";
import { runContractLifecycle } from "@/server/contracts/run-contract-lifecycle";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { listContracts } from "@/server/contracts/list-contracts";
import { makeAccount, makeTenant } from "../../support/factories";
import { activeAddOnSkus, addPortalContract, DEFAULT_FILTERS, isoOf, QSM_TP } from "../../support/contract-factories";

/**
 * The daily job travels through time with `now`. It works on every account in
 * the database, and other suites run in parallel, so every instant here lies
 * in the past (2024–2026, more than 30 days before these tests were written):
 * nothing another suite creates "today" or in 2031+ (FAR_FUTURE_NOW) is due,
 * about to expire or archivable at these instants. That is why the leap-year
 * case uses February 2024 (2028 is covered by the unit tests). Assertions are
 * about this suite's own contracts; counts are only compared where a run
 * follows another at the same instant.
 */

const at = (instant: string) => new Date(instant);
const run = (instant: string) => runContractLifecycle(db, { now: at(instant) });
const conversionOf = (trialId: string) => db.contract.findUnique({ where: { convertedFromId: trialId }, include: { addOns: true } });
const reload = (id: string) => db.contract.findUniqueOrThrow({ where: { id } });

describe("contract labels", () => {
  it("are the text the lifecycle's SQL used to build ('CT-' || lpad(number, 6, '0')) for every number up to six digits", async () => {
    const numbers = [1, 7, 10, 42, 999, 1000, 65_535, 99_999, 100_000, 123_456, 999_999];
    const rows = await db.$queryRaw<{ n: number; label: string }[]>`
      SELECT n, 'CT-' || lpad(n::text, 6, '0') AS label FROM unnest(${numbers}::int[]) AS n`;
    expect(rows.map((row) => contractLabel(row.n))).toEqual(rows.map((row) => row.label));
  });
});

describe("trials set to CONVERT", () => {
  it("become a one-year subscription the day after their last day, across a month end, once", async () => {
    const t = await makeTenant("convert");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: at("2026-01-15T09:00:00Z") });
    expect(isoOf(trial.registeredOn)).toBe("2026-01-15");
    expect(isoOf(trial.expiresOn)).toBe("2026-02-13");

    // Late on its last day: nothing yet.
    await run("2026-02-13T23:00:00Z");
    expect(await conversionOf(trial.id)).toBeNull();
    expect((await reload(trial.id)).status).toBe("ABOUT_TO_EXPIRE");

    const first = await run("2026-02-14T00:30:00Z");
    expect(first.trialsConverted).toBeGreaterThanOrEqual(1);
    const sub = await conversionOf(trial.id);
    expect(sub).toMatchObject({
      accountId: t.customer.id,
      serviceId: trial.serviceId,
      packageId: trial.packageId,
      type: "SUBSCRIPTION",
      source: "PORTAL",
      quantity: trial.quantity,
      status: "ACTIVE",
      trialExpiryAction: null,
      canceledAt: null,
      archivedAt: null,
    });
    expect(isoOf(sub!.registeredOn)).toBe("2026-02-14");
    expect(isoOf(sub!.expiresOn)).toBe("2027-02-13");
    expect(sub!.subscriptionReference).toBe(`Converted from trial ${contractLabel(trial.number)}`);
    expect(await activeAddOnSkus(sub!.id)).toEqual([QSM_TP]);
    expect(sub!.addOns.every((row) => row.accountId === t.customer.id)).toBe(true);
    // The trial itself is now expired (stored status refreshed), not archived yet.
    expect(await reload(trial.id)).toMatchObject({ status: "EXPIRED", archivedAt: null });

    const audit = await db.auditEvent.findMany({ where: { accountId: t.customer.id, action: "contract.trial_converted" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorLabel: "system:contract-lifecycle",
      actorUserId: null,
      objectType: "contract",
      objectId: sub!.id,
      before: { trial: contractLabel(trial.number) },
      after: { contract: contractLabel(sub!.number), type: "SUBSCRIPTION", registeredOn: "2026-02-14", expiresOn: "2027-02-13" },
    });
    expect(audit[0]!.createdAt.toISOString()).toBe("2026-02-14T00:30:00.000Z");
    // Webhooks hear of the new subscription in the same transaction (docs/webhooks.md#events).
    const created = await db.webhookEvent.findMany({ where: { accountId: t.customer.id, type: "contract.created", createdAt: at("2026-02-14T00:30:00Z") } });
    expect(created.map((event) => event.payload)).toEqual([
      expect.objectContaining({ id: sub!.id, type: "SUBSCRIPTION", convertedFromTrial: trial.id, registrationDate: "2026-02-14", expiresOn: "2027-02-13" }),
    ]);

    // Running again at the same instant does nothing at all.
    expect(await run("2026-02-14T00:30:00Z")).toEqual({ trialsConverted: 0, statusesUpdated: 0, archived: 0 });
    // Nor does a later day.
    await run("2026-02-20T12:00:00Z");
    expect(await db.contract.count({ where: { convertedFromId: trial.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "contract.trial_converted" } })).toBe(1);
    expect(await db.webhookEvent.count({ where: { accountId: t.customer.id, type: "contract.created", payload: { path: ["convertedFromTrial"], equals: trial.id } } })).toBe(1);

    // The converted trial is archived 30 days after its last day, by the job.
    await run("2026-03-14T23:00:00Z");
    expect((await reload(trial.id)).archivedAt).toBeNull();
    await run("2026-03-15T00:30:00Z");
    expect((await reload(trial.id)).archivedAt).toEqual(at("2026-03-15T00:30:00Z"));
    expect((await reload(sub!.id)).archivedAt).toBeNull();
  });

  it("a trial ending 2024-02-28 converts on the leap day; one ending 2024-02-29 on 1 March", async () => {
    const t = await makeTenant("leap");
    const endsOn28 = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: at("2024-01-30T12:00:00Z") });
    const endsOn29 = await addPortalContract(t.msspAdmin.actor, t.childMssp.id, "TRIAL", { now: at("2024-01-31T12:00:00Z") });
    expect([isoOf(endsOn28.expiresOn), isoOf(endsOn29.expiresOn)]).toEqual(["2024-02-28", "2024-02-29"]);

    await run("2024-02-28T23:59:00Z");
    expect(await conversionOf(endsOn28.id)).toBeNull();

    await run("2024-02-29T00:30:00Z");
    const first = await conversionOf(endsOn28.id);
    // "One year from the trial end": 2024-02-28 + 1 year.
    expect([isoOf(first!.registeredOn), isoOf(first!.expiresOn)]).toEqual(["2024-02-29", "2025-02-28"]);
    expect(await conversionOf(endsOn29.id)).toBeNull();
    expect((await reload(endsOn29.id)).status).toBe("ABOUT_TO_EXPIRE");

    await run("2024-03-01T00:30:00Z");
    const second = await conversionOf(endsOn29.id);
    // 2024-02-29 + 1 year has no 29th: the last day is 2025-02-28.
    expect([isoOf(second!.registeredOn), isoOf(second!.expiresOn)]).toEqual(["2024-03-01", "2025-02-28"]);
  });

  it("converts on each account's own local day (Kiritimati UTC+14, UTC, Honolulu UTC−10)", async () => {
    const t = await makeTenant("zones");
    const kiritimati = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Pacific/Kiritimati" });
    const honolulu = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Pacific/Honolulu" });
    const utc = t.customer;
    // Each added at an instant that is 9 February 2026 in the account's own zone.
    const trials = {
      kiritimati: await addPortalContract(t.msspAdmin.actor, kiritimati.id, "TRIAL", { now: at("2026-02-08T11:00:00Z") }),
      utc: await addPortalContract(t.msspAdmin.actor, utc.id, "TRIAL", { now: at("2026-02-09T12:00:00Z") }),
      honolulu: await addPortalContract(t.msspAdmin.actor, honolulu.id, "TRIAL", { now: at("2026-02-10T09:00:00Z") }),
    };
    for (const trial of Object.values(trials)) {
      expect([isoOf(trial.registeredOn), isoOf(trial.expiresOn)]).toEqual(["2026-02-09", "2026-03-10"]);
    }
    const converted = async () =>
      Object.fromEntries(await Promise.all(Object.entries(trials).map(async ([zone, trial]) => [zone, (await conversionOf(trial.id)) !== null])));

    const steps: [instant: string, expected: Record<keyof typeof trials, boolean>][] = [
      ["2026-03-10T09:30:00Z", { kiritimati: false, utc: false, honolulu: false }], // Kiritimati 23:30 on the 10th
      ["2026-03-10T10:30:00Z", { kiritimati: true, utc: false, honolulu: false }], // Kiritimati 00:30 on the 11th
      ["2026-03-10T23:30:00Z", { kiritimati: true, utc: false, honolulu: false }],
      ["2026-03-11T00:30:00Z", { kiritimati: true, utc: true, honolulu: false }], // Honolulu 14:30 on the 10th
      ["2026-03-11T09:30:00Z", { kiritimati: true, utc: true, honolulu: false }], // Honolulu 23:30 on the 10th
      ["2026-03-11T10:30:00Z", { kiritimati: true, utc: true, honolulu: true }], // Honolulu 00:30 on the 11th
    ];
    for (const [instant, expected] of steps) {
      await run(instant);
      expect(await converted(), instant).toEqual(expected);
    }
    for (const trial of Object.values(trials)) {
      const sub = await conversionOf(trial.id);
      expect([isoOf(sub!.registeredOn), isoOf(sub!.expiresOn)]).toEqual(["2026-03-11", "2027-03-10"]);
    }
  });

  it("two runs at the same moment convert the trial once", async () => {
    const t = await makeTenant("race");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: at("2026-06-01T12:00:00Z") });
    expect(isoOf(trial.expiresOn)).toBe("2026-06-30");
    const results = await Promise.all([run("2026-07-01T06:00:00Z"), run("2026-07-01T06:00:00Z")]);
    // One run did the work; the other waited for it and found nothing left.
    const idle = results.filter((result) => result.trialsConverted === 0 && result.archived === 0 && result.statusesUpdated === 0);
    expect(idle).toHaveLength(1);
    expect(results.some((result) => result.trialsConverted >= 1)).toBe(true);
    expect(await db.contract.count({ where: { convertedFromId: trial.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: t.customer.id, action: "contract.trial_converted" } })).toBe(1);
    expect(await db.contract.count({ where: { accountId: t.customer.id } })).toBe(2);
  });
});

describe("trials set to EXPIRE and archiving", () => {
  it("an EXPIRE trial is not converted; it is archived exactly 30 days after its last day", async () => {
    const t = await makeTenant("expire");
    const trial = await addPortalContract(t.msspAdmin.actor, t.customer.id, "TRIAL", { now: at("2026-04-01T12:00:00Z"), extra: { trialExpiryAction: "EXPIRE" } });
    expect(isoOf(trial.expiresOn)).toBe("2026-04-30");

    await run("2026-05-01T00:30:00Z");
    expect(await conversionOf(trial.id)).toBeNull();
    expect(await reload(trial.id)).toMatchObject({ status: "EXPIRED", archivedAt: null });

    await run("2026-05-29T23:59:00Z"); // 29 days after
    expect((await reload(trial.id)).archivedAt).toBeNull();
    await run("2026-05-30T00:01:00Z"); // 30 days after
    expect((await reload(trial.id)).archivedAt).toEqual(at("2026-05-30T00:01:00Z"));
    expect(await conversionOf(trial.id)).toBeNull();

    const audit = await db.auditEvent.findMany({ where: { accountId: t.customer.id, actorLabel: "system:contract-lifecycle" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "contract.archived",
      objectId: trial.id,
      actorUserId: null,
      after: { contract: contractLabel(trial.number), by: "automatic, 30 days after it ended" },
    });

    // Hidden from the list unless archived contracts are shown.
    const list = (showArchived: boolean) =>
      listContracts(db, { actor: t.msspAdmin.actor, accountId: t.customer.id, filters: { ...DEFAULT_FILTERS, showArchived }, pageSize: 10, now: at("2026-06-01T00:00:00Z") });
    expect((await list(false)).total).toBe(0);
    expect((await list(true)).rows.map((row) => [row.id, row.archived])).toEqual([[trial.id, true]]);
  });

  it("a canceled PAYG is archived 30 days after the cancel day", async () => {
    const t = await makeTenant("cancel-archive");
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { now: at("2026-03-01T12:00:00Z") });
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: { reason: "Customer left" }, now: at("2026-03-05T10:00:00Z") });

    await run("2026-04-03T23:00:00Z");
    expect(await reload(payg.id)).toMatchObject({ status: "CANCELED", archivedAt: null });
    const result = await run("2026-04-04T00:30:00Z");
    expect(result.archived).toBeGreaterThanOrEqual(1);
    expect(await reload(payg.id)).toMatchObject({ status: "CANCELED", archivedAt: at("2026-04-04T00:30:00Z") });
    expect(await run("2026-04-04T00:30:00Z")).toEqual({ trialsConverted: 0, statusesUpdated: 0, archived: 0 });
  });

  it("the cancel day is the account's local day (Honolulu)", async () => {
    const t = await makeTenant("cancel-zone");
    const honolulu = await makeAccount({ kind: "CUSTOMER", parent: t.mssp, billingTimezone: "Pacific/Honolulu" });
    const payg = await addPortalContract(t.msspAdmin.actor, honolulu.id, "PAYG", { now: at("2026-02-01T12:00:00Z") });
    // 05:00 UTC on 1 March is 19:00 on 28 February in Honolulu: 30 days later is 30 March there.
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: payg.id, input: { reason: "Customer left" }, now: at("2026-03-01T05:00:00Z") });
    await run("2026-03-30T09:30:00Z"); // 23:30 on the 29th in Honolulu
    expect((await reload(payg.id)).archivedAt).toBeNull();
    await run("2026-03-30T10:30:00Z"); // 00:30 on the 30th
    expect((await reload(payg.id)).archivedAt).toEqual(at("2026-03-30T10:30:00Z"));
  });

  it("never archives User Center contracts", async () => {
    const t = await makeTenant("uc-never");
    const uc = await db.contract.create({
      data: {
        accountId: t.customer.id,
        serviceId: (await db.service.findUniqueOrThrow({ where: { code: "harmony-browse" } })).id,
        packageId: (await db.package.findUniqueOrThrow({ where: { sku: "HB-STD" } })).id,
        type: "EVALUATION",
        source: "USER_CENTER",
        externalId: `UCC-lifecycle-${t.customer.id}`,
        quantity: 5,
        registeredOn: at("2026-01-01T00:00:00Z"),
        expiresOn: at("2026-01-31T00:00:00Z"),
      },
    });
    await run("2026-08-01T12:00:00Z");
    expect(await reload(uc.id)).toMatchObject({ archivedAt: null, status: "EXPIRED" });
  });
});

describe("stored status", () => {
  it("is refreshed from the dates: ACTIVE, ABOUT_TO_EXPIRE within 30 days, EXPIRED after the last day, CANCELED stays", async () => {
    const t = await makeTenant("status");
    const sub = await addPortalContract(t.msspAdmin.actor, t.customer.id, "SUBSCRIPTION", { now: at("2025-06-01T12:00:00Z") });
    const payg = await addPortalContract(t.msspAdmin.actor, t.customer.id, "PAYG", { now: at("2025-06-01T12:00:00Z") });
    const canceled = await addPortalContract(t.msspAdmin.actor, t.childMssp.id, "NFR", { now: at("2025-06-01T12:00:00Z") });
    await cancelContract(db, { actor: t.msspAdmin.actor, contractId: canceled.id, input: { reason: "Not needed" }, now: at("2025-06-02T12:00:00Z") });
    expect(isoOf(sub.expiresOn)).toBe("2026-05-31");
    const statuses = async () => Promise.all([sub, payg, canceled].map(async (c) => (await reload(c.id)).status));

    await run("2026-04-30T12:00:00Z"); // 31 days before
    expect(await statuses()).toEqual(["ACTIVE", "ACTIVE", "CANCELED"]);
    await run("2026-05-01T12:00:00Z"); // 30 days before
    expect(await statuses()).toEqual(["ABOUT_TO_EXPIRE", "ACTIVE", "CANCELED"]);
    const before = await reload(sub.id);
    await run("2026-05-31T12:00:00Z"); // last day
    expect(await reload(sub.id)).toEqual(before);
    await run("2026-06-01T12:00:00Z");
    expect(await statuses()).toEqual(["EXPIRED", "ACTIVE", "CANCELED"]);
    expect((await reload(sub.id)).updatedAt).toEqual(at("2026-06-01T12:00:00Z"));
    // Going back in time (a re-run for an earlier day) derives the status again.
    await run("2026-05-02T12:00:00Z");
    expect(await statuses()).toEqual(["ABOUT_TO_EXPIRE", "ACTIVE", "CANCELED"]);
  });
});
