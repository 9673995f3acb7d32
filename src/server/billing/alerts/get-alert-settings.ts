import "server-only";
import type { AlertKind } from "@/generated/prisma/enums";
import { ALERT_DEFAULTS, ALERT_KINDS, type AlertRule } from "@/lib/alert-kinds";
import type { DbTx } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { assertCan, can } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import type { BookRef } from "../seller-pricing";
import { accountBookOf } from "./account-book";

export interface AlertSettingsView {
  account: { id: string; name: string; billingTimezone: string };
  canManage: boolean;
  /** The book the account pays from: its currency is the budget's. */
  book: BookRef | null;
  rules: { kind: AlertKind; rule: AlertRule; isDefault: boolean; updatedBy: string | null }[];
  recent: { id: string; kind: AlertKind; period: string; message: string; createdAt: Date }[];
}

/** Which alerts an account of this kind can have: usage alerts need usage, the pool alert a partner's pools. */
export function alertKindsFor(account: { kind: string; parentId: string | null }): AlertKind[] {
  if (account.kind === "DISTRIBUTOR") return [];
  return ALERT_KINDS.filter((kind) => kind !== "POOL_SHORT" || account.kind === "MSSP").filter((kind) => kind !== "FORECAST_OVER_BUDGET" || account.parentId !== null);
}

/** The Alerts page: each kind's setting (or its default), and the account's latest alerts. Anyone who reads the account reads them. */
export async function getAlertSettings(db: DbTx, options: { actor: Actor; accountId: string }): Promise<AlertSettingsView> {
  const { account } = await getAccountInReach(db, options.actor, options.accountId);
  assertCan(options.actor, "account:read", account);
  const [settings, recent, book] = await Promise.all([
    db.alertSetting.findMany({ where: { accountId: account.id } }),
    db.alert.findMany({ where: { accountId: account.id }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 20, select: { id: true, kind: true, period: true, message: true, createdAt: true } }),
    accountBookOf(db, account),
  ]);
  const saved = new Map(settings.map((setting) => [setting.kind, setting]));
  return {
    account: { id: account.id, name: account.name, billingTimezone: account.billingTimezone },
    canManage: can(options.actor, "account:manage", account),
    book,
    rules: alertKindsFor(account).map((kind) => {
      const row = saved.get(kind);
      return row
        ? { kind, rule: { enabled: row.enabled, threshold: row.threshold, minDevices: row.minDevices, recipients: row.recipients }, isDefault: false, updatedBy: row.updatedBy }
        : { kind, rule: ALERT_DEFAULTS[kind], isDefault: true, updatedBy: null };
    }),
    recent,
  };
}
