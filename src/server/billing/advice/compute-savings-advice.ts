import "server-only";
import { dbDateToIso, todayIn } from "@/lib/dates";
import type { Db } from "@/server/db";
import { gatewayIsPaygSql } from "@/server/usage";
import { loadSellerPricing } from "../seller-pricing";
import { adviceWindowOf } from "./advice-window";
import { priceAdvice, type AdvicePricing, type AdviceSubjectNow } from "./price-advice";
import { cachedWindowPrices } from "./window-prices";
import { readContractUsage, readGatewayUsage, readServiceUsage, type AdviceUsage, type LiveSubscription, type WindowedAccount } from "./read-advice-usage";

export interface SavingsAdviceResult {
  adviceAccounts: number;
  /** Accounts whose window moved, so their gateways' usage was read again. */
  adviceWindowsRead: number;
  adviceRows: number;
  adviceSuggestions: number;
}

/** Serialises writers of savings_advice (two daily runs at once write one after the other). */
const WRITE_LOCK = 160_001;
const WRITE_CHUNK = 2_000;

/**
 * The daily step "savings advice" (docs/money.md#advice): for every account below a seller (or
 * `accountIds`), each PAYG gateway, each PAYG service and each live subscription contract over the
 * account's last 12 complete local months, priced at what it pays, stored in savings_advice keyed
 * (account, subject, service) so a rerun replaces it. Gateways' usage is read from the daily activity
 * only when an account's window has moved since the last run; everything else is read and priced
 * every run, set-based: a handful of statements whatever the number of accounts.
 */
export async function computeSavingsAdvice(db: Db, options: { now: Date; accountIds?: string[] }): Promise<SavingsAdviceResult> {
  const { now } = options;
  const accounts = await db.account.findMany({
    where: { parentId: { not: null }, ...(options.accountIds ? { id: { in: options.accountIds } } : {}) },
    select: { id: true, parentId: true, billingTimezone: true },
  });
  if (accounts.length === 0) return { adviceAccounts: 0, adviceWindowsRead: 0, adviceRows: 0, adviceSuggestions: 0 };
  const windowed: WindowedAccount[] = accounts.map((account) => ({ id: account.id, window: adviceWindowOf(account.billingTimezone, now) }));
  const windowOf = new Map(windowed.map((account) => [account.id, account.window]));
  const ids = accounts.map((account) => account.id);

  const runs = await db.savingsAdviceRun.findMany({ where: { accountId: { in: ids } }, select: { accountId: true, throughMonth: true, usageComputedAt: true } });
  const runOf = new Map(runs.map((run) => [run.accountId, run]));
  const moved = windowed.filter((account) => {
    const run = runOf.get(account.id);
    return !run || dbDateToIso(run.throughMonth).slice(0, 7) !== account.window.throughMonth;
  });
  const movedIds = new Set(moved.map((account) => account.id));
  const kept = windowed.filter((account) => !movedIds.has(account.id));

  const liveSubscriptions = await liveSubscriptionsOf(db, accounts, now);
  const [freshGateways, keptGateways, services, contracts] = await Promise.all([
    readGatewayUsage(db, moved),
    keptGatewayUsage(db, kept),
    readServiceUsage(db, windowed),
    readContractUsage(db, windowed, liveSubscriptions),
  ]);
  const usages: (AdviceUsage & { usageComputedAt: Date })[] = [
    ...freshGateways.map((usage) => ({ ...usage, usageComputedAt: now })),
    ...keptGateways,
    ...[...services, ...contracts].map((usage) => ({ ...usage, usageComputedAt: now })),
  ];

  const subjectNow = await subjectsNow(db, usages, liveSubscriptions, accounts, now);
  const pricingOf = await pricingBySeller(db, accounts, usages);
  const parentOf = new Map(accounts.map((account) => [account.id, account.parentId!]));

  const rows = usages.flatMap((usage) => {
    const current = subjectNow(usage);
    if (!current) return [];
    const window = windowOf.get(usage.accountId)!;
    const priced = priceAdvice(usage, current, pricingOf.get(parentOf.get(usage.accountId)!) ?? null, window);
    return [{ usage, window, priced }];
  });

  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
      for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
        const chunk = rows.slice(start, start + WRITE_CHUNK).map(({ usage, window, priced }) => ({
          account_id: usage.accountId,
          subject_type: usage.subjectType,
          subject_id: usage.subjectId,
          service_id: usage.serviceId,
          through_month: `${window.throughMonth}-01`,
          window_days: window.days,
          monthly_device_days: usage.monthlyDeviceDays,
          monthly_live_days: usage.monthlyLiveDays,
          days: usage.days,
          peak_units: usage.peakUnits,
          quantity: priced.quantity,
          sku: priced.sku,
          suggestion: priced.suggestion,
          suggested_quantity: priced.suggestedQuantity,
          currency: priced.currency,
          price_book_name: priced.priceBookName,
          // Amounts travel as text: JSON numbers would lose bigint precision.
          cost_now_minor: priced.costNowMinor?.toString() ?? null,
          cost_with_minor: priced.costWithMinor?.toString() ?? null,
          saving_minor: priced.savingMinor?.toString() ?? null,
          note: priced.note,
          usage_computed_at: usage.usageComputedAt.toISOString(),
        }));
        await tx.$executeRaw`
          INSERT INTO savings_advice (id, account_id, subject_type, subject_id, service_id, through_month, window_days, monthly_device_days,
            monthly_live_days, days, peak_units, quantity, sku, suggestion, suggested_quantity, currency, price_book_name, cost_now_minor,
            cost_with_minor, saving_minor, note, usage_computed_at, computed_at)
          SELECT gen_random_uuid(), r.account_id, r.subject_type::"AdviceSubject", r.subject_id, r.service_id, r.through_month, r.window_days,
            r.monthly_device_days, r.monthly_live_days, r.days, r.peak_units, r.quantity, r.sku, r.suggestion::"AdviceSuggestion",
            r.suggested_quantity, r.currency, r.price_book_name, r.cost_now_minor::bigint, r.cost_with_minor::bigint, r.saving_minor::bigint,
            r.note, r.usage_computed_at, ${now}
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(account_id uuid, subject_type text, subject_id uuid, service_id uuid,
            through_month date, window_days int, monthly_device_days int[], monthly_live_days int[], days int, peak_units int, quantity int,
            sku text, suggestion text, suggested_quantity int, currency text, price_book_name text, cost_now_minor text, cost_with_minor text,
            saving_minor text, note text, usage_computed_at timestamptz)
          ON CONFLICT (account_id, subject_type, subject_id, service_id) DO UPDATE SET
            through_month = EXCLUDED.through_month, window_days = EXCLUDED.window_days, monthly_device_days = EXCLUDED.monthly_device_days,
            monthly_live_days = EXCLUDED.monthly_live_days, days = EXCLUDED.days, peak_units = EXCLUDED.peak_units, quantity = EXCLUDED.quantity,
            sku = EXCLUDED.sku, suggestion = EXCLUDED.suggestion, suggested_quantity = EXCLUDED.suggested_quantity, currency = EXCLUDED.currency,
            price_book_name = EXCLUDED.price_book_name, cost_now_minor = EXCLUDED.cost_now_minor, cost_with_minor = EXCLUDED.cost_with_minor,
            saving_minor = EXCLUDED.saving_minor, note = EXCLUDED.note, usage_computed_at = EXCLUDED.usage_computed_at, computed_at = EXCLUDED.computed_at
          -- A row whose figures did not change is left as it is (most rows, most days): no write, no index churn.
          WHERE (savings_advice.through_month, savings_advice.window_days, savings_advice.monthly_device_days, savings_advice.monthly_live_days,
                 savings_advice.days, savings_advice.peak_units, savings_advice.quantity, savings_advice.sku, savings_advice.suggestion,
                 savings_advice.suggested_quantity, savings_advice.currency, savings_advice.price_book_name, savings_advice.cost_now_minor,
                 savings_advice.cost_with_minor, savings_advice.saving_minor, savings_advice.note)
            IS DISTINCT FROM (EXCLUDED.through_month, EXCLUDED.window_days, EXCLUDED.monthly_device_days, EXCLUDED.monthly_live_days,
                 EXCLUDED.days, EXCLUDED.peak_units, EXCLUDED.quantity, EXCLUDED.sku, EXCLUDED.suggestion,
                 EXCLUDED.suggested_quantity, EXCLUDED.currency, EXCLUDED.price_book_name, EXCLUDED.cost_now_minor,
                 EXCLUDED.cost_with_minor, EXCLUDED.saving_minor, EXCLUDED.note)`;
      }
      // What this run did not produce (a contract ended, a gateway removed, usage left the window) goes.
      const produced = rows.map(({ usage }) => usage);
      await tx.$executeRaw`
        DELETE FROM savings_advice s
        WHERE s.account_id = ANY(${ids}::uuid[]) AND NOT EXISTS (
          SELECT 1 FROM unnest(${produced.map((u) => u.accountId)}::uuid[], ${produced.map((u) => u.subjectType)}::text[],
                               ${produced.map((u) => u.subjectId)}::uuid[], ${produced.map((u) => u.serviceId)}::uuid[])
            AS k(account_id, subject_type, subject_id, service_id)
          WHERE k.account_id = s.account_id AND k.subject_type = s.subject_type::text AND k.subject_id = s.subject_id AND k.service_id = s.service_id)`;
      await tx.$executeRaw`
        INSERT INTO savings_advice_runs (account_id, through_month, usage_computed_at, computed_at)
        SELECT w.account_id, w.through_month, CASE WHEN w.moved THEN ${now}::timestamptz ELSE COALESCE(r.usage_computed_at, ${now}::timestamptz) END, ${now}
        FROM unnest(${ids}::uuid[], ${ids.map((id) => `${windowOf.get(id)!.throughMonth}-01`)}::date[], ${ids.map((id) => movedIds.has(id))}::boolean[])
          AS w(account_id, through_month, moved)
        LEFT JOIN savings_advice_runs r ON r.account_id = w.account_id
        ON CONFLICT (account_id) DO UPDATE SET through_month = EXCLUDED.through_month, usage_computed_at = EXCLUDED.usage_computed_at,
          computed_at = EXCLUDED.computed_at`;
    },
    { timeout: 300_000, maxWait: 300_000 },
  );

  return {
    adviceAccounts: accounts.length,
    adviceWindowsRead: moved.length,
    adviceRows: rows.length,
    adviceSuggestions: rows.filter(({ priced }) => priced.suggestion !== null).length,
  };
}

/** Gateway usage stored by an earlier run whose window has not moved: read back instead of the activity. */
async function keptGatewayUsage(db: Db, kept: WindowedAccount[]): Promise<(AdviceUsage & { usageComputedAt: Date })[]> {
  if (kept.length === 0) return [];
  const rows = await db.savingsAdvice.findMany({
    where: { accountId: { in: kept.map((account) => account.id) }, subjectType: "GATEWAY" },
    select: { accountId: true, subjectId: true, serviceId: true, monthlyDeviceDays: true, days: true, peakUnits: true, usageComputedAt: true },
  });
  return rows.map((row) => ({ ...row, subjectType: "GATEWAY" as const, monthlyLiveDays: [] }));
}

/** Subscription contracts live on each account's today (not canceled, not archived), of services not sold per user. */
async function liveSubscriptionsOf(db: Db, accounts: { id: string; billingTimezone: string }[], now: Date): Promise<(LiveSubscription & { packageId: string; quantity: number })[]> {
  const rows = await db.contract.findMany({
    where: { accountId: { in: accounts.map((a) => a.id) }, type: "SUBSCRIPTION", canceledAt: null, archivedAt: null, service: { unit: { not: "USER" } } },
    select: { id: true, accountId: true, serviceId: true, packageId: true, quantity: true, registeredOn: true, expiresOn: true },
  });
  const todayOf = new Map(accounts.map((account) => [account.id, todayIn(account.billingTimezone, now)]));
  return rows.filter((contract) => {
    const today = todayOf.get(contract.accountId)!;
    return dbDateToIso(contract.registeredOn) <= today && (!contract.expiresOn || dbDateToIso(contract.expiresOn) >= today);
  });
}

/**
 * What each subject is on now — read in three statements for every subject at once: gateways'
 * licence today (gatewayIsPaygSql: the plan's type while locked to it, else its own), the PAYG
 * contracts live today (whose package prices PAYG usage, docs/money.md#what-is-charged), services'
 * contract types and default packages. null = the subject is gone (a removed gateway).
 */
async function subjectsNow(
  db: Db,
  usages: AdviceUsage[],
  subscriptions: (LiveSubscription & { packageId: string; quantity: number })[],
  accounts: { id: string; billingTimezone: string }[],
  now: Date,
): Promise<(usage: AdviceUsage) => AdviceSubjectNow | null> {
  const gatewayIds = usages.filter((usage) => usage.subjectType === "GATEWAY").map((usage) => usage.subjectId);
  const [gateways, services, packages, paygContracts] = await Promise.all([
    gatewayIds.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<{ id: string; payg: boolean }[]>`
          SELECT g.id::text, ${gatewayIsPaygSql("g", "p")} AS payg FROM gateways g LEFT JOIN plans p ON p.id = g.plan_id
          WHERE g.id = ANY(${gatewayIds}::uuid[])`,
    db.service.findMany({ select: { id: true, contractTypes: true } }),
    db.package.findMany({ select: { id: true, sku: true, serviceId: true, isDefault: true }, orderBy: { sku: "asc" } }),
    db.contract.findMany({
      where: { accountId: { in: [...new Set(usages.map((usage) => usage.accountId))] }, type: "PAYG", canceledAt: null },
      select: { accountId: true, serviceId: true, packageId: true, registeredOn: true, expiresOn: true },
      orderBy: [{ registeredOn: "desc" }, { number: "desc" }],
    }),
  ]);
  const paygGateway = new Map(gateways.map((gateway) => [gateway.id, gateway.payg]));
  const serviceById = new Map(services.map((service) => [service.id, service]));
  const packageById = new Map(packages.map((pkg) => [pkg.id, pkg]));
  const defaultSku = (serviceId: string) =>
    (packages.find((pkg) => pkg.serviceId === serviceId && pkg.isDefault) ?? packages.find((pkg) => pkg.serviceId === serviceId))?.sku ?? "";
  const todayOf = new Map(accounts.map((account) => [account.id, todayIn(account.billingTimezone, now)]));
  // The latest registered PAYG contract live today, per (account, service).
  const livePaygOf = new Map<string, (typeof paygContracts)[number]>();
  for (const contract of paygContracts) {
    const key = `${contract.accountId}/${contract.serviceId}`;
    const today = todayOf.get(contract.accountId);
    const live = today !== undefined && dbDateToIso(contract.registeredOn) <= today && (!contract.expiresOn || dbDateToIso(contract.expiresOn) >= today);
    if (live && !livePaygOf.has(key)) livePaygOf.set(key, contract);
  }
  const livePayg = (accountId: string, serviceId: string) => livePaygOf.get(`${accountId}/${serviceId}`);
  const subscriptionById = new Map(subscriptions.map((contract) => [contract.id, contract]));

  return (usage) => {
    const service = serviceById.get(usage.serviceId)!;
    const sells = { sellsPayg: service.contractTypes.includes("PAYG"), sellsSubscription: service.contractTypes.includes("SUBSCRIPTION") };
    if (usage.subjectType === "CONTRACT") {
      const contract = subscriptionById.get(usage.subjectId)!;
      return { sku: packageById.get(contract.packageId)!.sku, current: true, quantity: contract.quantity, ...sells };
    }
    if (usage.subjectType === "GATEWAY" && !paygGateway.has(usage.subjectId)) return null;
    const payg = livePayg(usage.accountId, usage.serviceId);
    const sku = payg ? packageById.get(payg.packageId)!.sku : defaultSku(usage.serviceId);
    const current = usage.subjectType === "GATEWAY" ? paygGateway.get(usage.subjectId)! && Boolean(payg) : Boolean(payg);
    return { sku, current, quantity: null, ...sells };
  };
}

/** Each seller's prices for the accounts below it that have something to price: three queries per seller. */
async function pricingBySeller(db: Db, accounts: { id: string; parentId: string | null }[], usages: AdviceUsage[]): Promise<Map<string, AdvicePricing>> {
  const buyersOf = new Map<string, Set<string>>();
  const parentOf = new Map(accounts.map((account) => [account.id, account.parentId!]));
  for (const usage of usages) {
    const seller = parentOf.get(usage.accountId)!;
    buyersOf.set(seller, (buyersOf.get(seller) ?? new Set()).add(usage.accountId));
  }
  const entries = await Promise.all(
    [...buyersOf].map(async ([sellerId, buyers]) => {
      const pricing = await loadSellerPricing(db, { sellerId, buyerIds: [...buyers] });
      return [sellerId, { pricing, windowPrices: cachedWindowPrices(pricing) }] as const;
    }),
  );
  return new Map(entries);
}
