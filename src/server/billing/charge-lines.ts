import "server-only";
import type { ContractType, PriceKind } from "@/generated/prisma/enums";
import { contractLabel } from "@/lib/contract-label";
import { addDaysIso, daysInMonthOf, dbDateToIso, isoDateToDb, todayIn } from "@/lib/dates";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { CURRENCY, divideHalfUp, quantityE4 } from "@/lib/money";
import type { DbTx } from "@/server/db";
import { getBillableUsage } from "@/server/usage";
import { LOCATION_LICENCE_SKU } from "./location-licence-skus";
import { POINTS_SERVICE_NAME, POINTS_SKU } from "./points-sku";
import type { SellerPricing } from "./seller-pricing";
import type { ChargeKind } from "./charge-labels";

export type { ChargeKind };
export { CHARGE_KIND_LABEL } from "./charge-labels";


/** One priced line, as a statement stores it (docs/money.md#what-is-charged). */
export interface ChargeLine {
  buyerId: string;
  usageAccountId: string;
  usageAccountName: string;
  serviceId: string | null;
  serviceName: string;
  sku: string;
  kind: ChargeKind;
  description: string;
  /** Exact quantity = quantityNum ÷ quantityDen; shown with four decimals. */
  quantityNum: bigint;
  quantityDen: bigint;
  quantityE4: bigint;
  unit: string;
  unitPriceMinor: bigint;
  amountMinor: bigint;
  /** "YYYY-MM" of the month an adjustment corrects. */
  correctsMonth: string | null;
  note: string;
  /**
   * What the line is for within its usage account — its contract, licence, pool order, package
   * or service (and corrected month) — the same whatever the quantities: a final statement's
   * "what changed since the draft" pairs lines by it (docs/money.md#statements).
   */
  key: string;
}

export interface ChargeAccount {
  id: string;
  name: string;
  billingTimezone: string;
}

/** What the month's lines are computed from: read once, priced by as many sellers as needed. */
export interface ChargeInputs {
  accounts: ChargeAccount[];
  month: string;
  usage: Awaited<ReturnType<typeof getBillableUsage>>;
  services: { id: string; name: string; unit: string }[];
  packages: { id: string; sku: string; name: string; serviceId: string; isDefault: boolean }[];
  contracts: {
    id: string;
    number: number;
    accountId: string;
    serviceId: string;
    packageId: string;
    type: ContractType;
    quantity: number;
    registeredOn: Date;
    expiresOn: Date | null;
    canceledAt: Date | null;
  }[];
  licences: {
    id: string;
    key: string;
    accountId: string;
    payment: "MONTHLY" | "ANNUAL";
    startsOn: Date | null;
    endsOn: Date | null;
    maxAccessPoints: number | null;
    maxRooms: number | null;
    location: { name: string };
  }[];
  orders: { id: string; accountId: string; quantity: number; unitPriceCents: number; totalCents: bigint; createdAt: Date; pool: { years: number; serviceId: string } }[];
  /** Points credited by the distributor (ledger CREDIT entries), read with the pool orders. */
  credits: { id: bigint; accountId: string; delta: number; reason: string; createdAt: Date }[];
}

/**
 * Reads what `accounts` used and held in `month`: a handful of set-based statements whatever the
 * number of accounts (docs/money.md#what-is-charged).
 */
export async function loadChargeInputs(
  db: DbTx,
  options: {
    accounts: ChargeAccount[];
    /** "YYYY-MM" */
    month: string;
    now: Date;
    /** Pool orders and points credits are sold by distributors: only their statements carry them. */
    withPoolOrders: boolean;
  },
): Promise<ChargeInputs> {
  const { accounts, month, now } = options;
  const ids = accounts.map((account) => account.id);
  const days = daysInMonthOf(month);
  const from = isoDateToDb(`${month}-01`);
  const until = isoDateToDb(addDaysIso(`${month}-01`, days));
  // The UTC month ± 2 days holds every local month; each order or credit is then placed by its account's clock.
  const around = { gte: new Date(from.getTime() - 2 * 86_400_000), lt: new Date(until.getTime() + 2 * 86_400_000) };
  const distributorLines = options.withPoolOrders && ids.length > 0;
  const [usage, services, packages, contracts, licences, orders, credits] = await Promise.all([
    getBillableUsage(db, { accountIds: ids, month, now }),
    db.service.findMany({ select: { id: true, name: true, unit: true } }),
    db.package.findMany({ select: { id: true, sku: true, name: true, serviceId: true, isDefault: true } }),
    ids.length === 0
      ? Promise.resolve([])
      : db.contract.findMany({
          where: { accountId: { in: ids }, registeredOn: { lt: until }, OR: [{ expiresOn: null }, { expiresOn: { gte: from } }] },
          select: { id: true, number: true, accountId: true, serviceId: true, packageId: true, type: true, quantity: true, registeredOn: true, expiresOn: true, canceledAt: true },
          orderBy: [{ registeredOn: "asc" }, { number: "asc" }],
        }),
    ids.length === 0
      ? Promise.resolve([])
      : db.locationLicence.findMany({
          where: { accountId: { in: ids }, startsOn: { not: null, lt: until }, endsOn: { gte: from } },
          select: { id: true, key: true, accountId: true, payment: true, startsOn: true, endsOn: true, maxAccessPoints: true, maxRooms: true, location: { select: { name: true } } },
        }),
    distributorLines
      ? db.poolOrder.findMany({
          where: { accountId: { in: ids }, createdAt: around },
          select: { id: true, accountId: true, quantity: true, unitPriceCents: true, totalCents: true, createdAt: true, pool: { select: { years: true, serviceId: true } } },
        })
      : Promise.resolve([]),
    // Only credits: exchanges and renewals spend points already billed when they were credited.
    distributorLines
      ? db.pointsEntry.findMany({
          where: { accountId: { in: ids }, kind: "CREDIT", createdAt: around },
          select: { id: true, accountId: true, delta: true, reason: true, createdAt: true },
        })
      : Promise.resolve([]),
  ]);
  return { accounts, month, usage, services, packages, contracts, licences, orders, credits };
}

/** The priced lines of `month` for `accounts`, each sold to `buyerOf(account)` under `pricing`. */
export async function computeChargeLines(
  db: DbTx,
  options: { pricing: SellerPricing; accounts: ChargeAccount[]; buyerOf: (accountId: string) => string; month: string; now: Date; withPoolOrders: boolean },
): Promise<ChargeLine[]> {
  if (options.accounts.length === 0) return [];
  const inputs = await loadChargeInputs(db, options);
  return priceChargeLines(inputs, { pricing: options.pricing, buyerOf: options.buyerOf });
}

/**
 * Prices the inputs: pure arithmetic, no I/O. A line's amount is its exact quantity × unit price
 * rounded half up once; nothing here uses a float.
 */
export function priceChargeLines(inputs: ChargeInputs, options: { pricing: SellerPricing; buyerOf: (accountId: string) => string }): ChargeLine[] {
  const { pricing, buyerOf } = options;
  const { accounts, month, usage, services, packages, contracts, licences, orders, credits } = inputs;
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const days = daysInMonthOf(month);
  const monthEnd = addDaysIso(`${month}-01`, days - 1);

  const serviceById = new Map(services.map((service) => [service.id, service]));
  const packageById = new Map(packages.map((pkg) => [pkg.id, pkg]));
  const defaultPackageOf = (serviceId: string) =>
    packages.filter((pkg) => pkg.serviceId === serviceId).sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.sku.localeCompare(b.sku))[0]!;
  const packageBySku = new Map(packages.map((pkg) => [pkg.sku, pkg]));

  // The contract's live days in the month: registration to expiry or the local cancel day (billed in full).
  const liveDays = (contract: (typeof contracts)[number]): number => {
    const timezone = accountById.get(contract.accountId)!.billingTimezone;
    const first = maxIso(dbDateToIso(contract.registeredOn), `${month}-01`);
    const ends = [monthEnd, contract.expiresOn ? dbDateToIso(contract.expiresOn) : null, contract.canceledAt ? todayIn(timezone, contract.canceledAt) : null];
    const last = ends.filter((day): day is string => day !== null).sort()[0]!;
    return last < first ? 0 : dayNumber(last) - dayNumber(first) + 1;
  };
  const live = contracts.filter((contract) => liveDays(contract) > 0);
  // Per account, in registration order: lookups below stay linear in the number of accounts.
  const liveOf = groupBy(live, (contract) => contract.accountId);
  const contractsOf = groupBy(contracts, (contract) => contract.accountId);

  const lines: ChargeLine[] = [];
  const line = (
    accountId: string,
    fields: Omit<ChargeLine, "buyerId" | "usageAccountId" | "usageAccountName" | "quantityE4" | "amountMinor" | "note" | "correctsMonth"> & {
      note?: string;
      correctsMonth?: string | null;
      /** The amount's own numerator over the quantity's denominator (defaults to quantity × unit price). */
      amountNum?: bigint;
    },
  ) => {
    const account = accountById.get(accountId)!;
    const amountNum = fields.amountNum ?? fields.quantityNum * fields.unitPriceMinor;
    const { amountNum: _ignored, ...rest } = fields;
    void _ignored;
    lines.push({
      ...rest,
      buyerId: buyerOf(accountId),
      usageAccountId: accountId,
      usageAccountName: account.name,
      quantityE4: quantityE4(fields.quantityNum, fields.quantityDen),
      amountMinor: divideHalfUp(amountNum, fields.quantityDen),
      correctsMonth: fields.correctsMonth ?? null,
      note: fields.note ?? "",
    });
  };
  const priced = (accountId: string, sku: string, kind: PriceKind, forMonth: string, units?: number) => {
    const buyerId = buyerOf(accountId);
    const price = pricing.priceFor({ buyerId, sku, kind, month: forMonth, units });
    const book = pricing.bookOf(buyerId);
    return { price: price?.unitPriceMinor ?? 0n, note: price ? "" : `No price in ${book ? book.name : "any price book"}` };
  };

  // Contracts that are never charged, and the seat services' held packages, by account.
  for (const contract of live) {
    const service = serviceById.get(contract.serviceId)!;
    const pkg = packageById.get(contract.packageId)!;
    if (isNeverCharged(contract.type)) {
      line(contract.accountId, {
        key: `contract:${contract.id}`,
        serviceId: service.id,
        serviceName: service.name,
        sku: pkg.sku,
        kind: "NOT_CHARGED",
        description: `${contractLabel(contract.number)} ${pkg.name}`,
        quantityNum: BigInt(contract.quantity),
        quantityDen: 1n,
        unit: "unit",
        unitPriceMinor: 0n,
        note: `${CONTRACT_TYPE_LABEL[contract.type]}: never charged`,
      });
      continue;
    }
    // Subscriptions of services that are not per user: quantity × price × live days ÷ days.
    if (contract.type === "SUBSCRIPTION" && service.unit !== "USER") {
      const live = liveDays(contract);
      const { price, note } = priced(contract.accountId, pkg.sku, "SUBSCRIPTION_MONTH", month);
      line(contract.accountId, {
        key: `contract:${contract.id}`,
        serviceId: service.id,
        serviceName: service.name,
        sku: pkg.sku,
        kind: "SUBSCRIPTION",
        description: `${contractLabel(contract.number)} ${pkg.name}, ${contract.quantity} × ${live} of ${days} days`,
        quantityNum: BigInt(contract.quantity * live),
        quantityDen: BigInt(days),
        unit: "unit-month",
        unitPriceMinor: price,
        note,
      });
    }
  }

  // PAYG device-days of services that are not per user, at the package of the account's PAYG contract.
  for (const row of usage.paygDays) {
    const service = serviceById.get(row.serviceId)!;
    if (service.unit === "USER") continue;
    const contract = [...(liveOf.get(row.accountId) ?? [])].reverse().find((c) => c.serviceId === row.serviceId && c.type === "PAYG");
    const pkg = contract ? packageById.get(contract.packageId)! : defaultPackageOf(row.serviceId);
    const { price, note } = priced(row.accountId, pkg.sku, "PAYG_UNIT", month);
    line(row.accountId, {
      key: `payg:${service.id}`,
      serviceId: service.id,
      serviceName: service.name,
      sku: pkg.sku,
      kind: "PAYG",
      description: `${pkg.name}: ${row.deviceDays} device-days ÷ ${days} days`,
      quantityNum: BigInt(row.deviceDays),
      quantityDen: BigInt(days),
      unit: "device-month",
      unitPriceMinor: price,
      note,
    });
  }

  // Seats of per-user services, per package held through a charged contract.
  for (const row of usage.packageSeats) {
    if (row.billedSeats === 0) continue;
    const pkg = packageById.get(row.packageId)!;
    const service = serviceById.get(pkg.serviceId)!;
    const charged = (liveOf.get(row.accountId) ?? []).some((c) => c.serviceId === pkg.serviceId && !isNeverCharged(c.type));
    const { price, note } = charged ? priced(row.accountId, pkg.sku, "SEAT", month) : { price: 0n, note: "Held only by trial, evaluation or NFR contracts: never charged" };
    line(row.accountId, {
      key: `seats:${pkg.id}`,
      serviceId: service.id,
      serviceName: service.name,
      sku: pkg.sku,
      kind: charged ? "SEAT" : "NOT_CHARGED",
      description: `${pkg.name}: monthly-active seats`,
      quantityNum: BigInt(row.billedSeats),
      quantityDen: 1n,
      unit: "seat",
      unitPriceMinor: price,
      note,
    });
  }

  // Adjustments: corrections of earlier months, at the corrected month's price and length.
  for (const row of usage.adjustments) {
    const service = serviceById.get(row.serviceId)!;
    if (service.unit === "USER") continue;
    const contract = (contractsOf.get(row.accountId) ?? []).find((c) => c.serviceId === row.serviceId && c.type === "PAYG");
    const pkg = contract ? packageById.get(contract.packageId)! : defaultPackageOf(row.serviceId);
    const { price, note } = priced(row.accountId, pkg.sku, "PAYG_UNIT", row.correctsMonth);
    line(row.accountId, {
      key: `adjustment:${service.id}:${row.correctsMonth}`,
      serviceId: service.id,
      serviceName: service.name,
      sku: pkg.sku,
      kind: "ADJUSTMENT",
      description: `Adjustment of ${row.correctsMonth}: ${row.deviceDays > 0 ? "+" : ""}${row.deviceDays} device-days ÷ ${daysInMonthOf(row.correctsMonth)} days`,
      quantityNum: BigInt(row.deviceDays),
      quantityDen: BigInt(daysInMonthOf(row.correctsMonth)),
      unit: "device-month",
      unitPriceMinor: price,
      correctsMonth: row.correctsMonth,
      note,
    });
  }

  // Location licences: the year's price in the start month and each anniversary month (annual
  // payment), or a twelfth of it in every month the licence is in use (monthly payment).
  for (const licence of licences) {
    const startsOn = dbDateToIso(licence.startsOn!);
    const endsOn = dbDateToIso(licence.endsOn!);
    const rooms = licence.maxRooms !== null;
    const units = (rooms ? licence.maxRooms : licence.maxAccessPoints) ?? 0;
    const sku = rooms ? LOCATION_LICENCE_SKU.rooms : LOCATION_LICENCE_SKU.accessPoints;
    const pkg = packageBySku.get(sku);
    if (!pkg) continue;
    const annual = licence.payment === "ANNUAL";
    const monthsSinceStart = monthIndex(month) - monthIndex(startsOn.slice(0, 7));
    if (annual && (monthsSinceStart % 12 !== 0 || `${month}-01` > endsOn)) continue;
    const { price, note } = priced(licence.accountId, sku, "LICENCE_YEAR", month, units);
    line(licence.accountId, {
      key: `licence:${licence.id}`,
      serviceId: pkg.serviceId,
      serviceName: serviceById.get(pkg.serviceId)!.name,
      sku,
      kind: "LICENCE",
      description: `Licence ${licence.key.slice(0, 9)}… ${licence.location.name}, ${units} ${rooms ? "rooms" : "access points"}, ${annual ? `year ${monthsSinceStart / 12 + 1}` : "monthly"}`,
      quantityNum: 1n,
      quantityDen: annual ? 1n : 12n,
      unit: "licence-year",
      unitPriceMinor: price,
      note,
    });
  }

  // Annual pool blocks bought from the distributor in the month (the ordering account's local month).
  for (const order of orders) {
    const account = accountById.get(order.accountId)!;
    if (todayIn(account.billingTimezone, order.createdAt).slice(0, 7) !== month) continue;
    const service = serviceById.get(order.pool.serviceId)!;
    const pkg = defaultPackageOf(service.id);
    const book = pricing.bookOf(buyerOf(order.accountId));
    const sameCurrency = !book || book.currency === CURRENCY;
    line(order.accountId, {
      key: `pool-order:${order.id}`,
      serviceId: service.id,
      serviceName: service.name,
      sku: pkg.sku,
      kind: "POOL_ORDER",
      description: `Annual pool block: ${order.quantity} licences × ${order.pool.years} year${order.pool.years === 1 ? "" : "s"}`,
      quantityNum: BigInt(order.quantity),
      quantityDen: 1n,
      unit: "licence",
      unitPriceMinor: sameCurrency ? BigInt(order.unitPriceCents * order.pool.years) : 0n,
      amountNum: sameCurrency ? order.totalCents : 0n,
      note: sameCurrency ? "" : `Priced in ${CURRENCY} by the pool's price tiers`,
    });
  }

  // Points credited in the month (the partner's local month, as pool orders), at the book's price per
  // point. A credit is never negative today; if one were, it would bill as a refund line.
  for (const credit of credits) {
    const account = accountById.get(credit.accountId)!;
    if (todayIn(account.billingTimezone, credit.createdAt).slice(0, 7) !== month) continue;
    const { price, note } = priced(credit.accountId, POINTS_SKU, "POINT", month);
    line(credit.accountId, {
      key: `points-credit:${credit.id}`,
      serviceId: null,
      serviceName: POINTS_SERVICE_NAME,
      sku: POINTS_SKU,
      kind: "POINTS_CREDIT",
      description: `Points credit: ${credit.delta.toLocaleString("en")} points — ${credit.reason}`,
      quantityNum: BigInt(credit.delta),
      quantityDen: 1n,
      unit: "point",
      unitPriceMinor: price,
      note,
    });
  }

  return lines.sort(
    (a, b) =>
      a.buyerId.localeCompare(b.buyerId) ||
      a.usageAccountName.localeCompare(b.usageAccountName) ||
      a.serviceName.localeCompare(b.serviceName) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.sku.localeCompare(b.sku) ||
      a.description.localeCompare(b.description),
  );
}

const KIND_ORDER: ChargeKind[] = ["PAYG", "SEAT", "SUBSCRIPTION", "LICENCE", "POOL_ORDER", "POINTS_CREDIT", "ADJUSTMENT", "NOT_CHARGED"];


const isNeverCharged = (type: ContractType) => type === "NFR" || type === "TRIAL" || type === "EVALUATION";

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const maxIso = (a: string, b: string) => (a > b ? a : b);
const dayNumber = (isoDate: string) => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
