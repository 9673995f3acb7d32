import "server-only";
import { z } from "zod";
import type { AlertKind } from "@/generated/prisma/enums";
import { ALERT_DEFAULTS, ALERT_KINDS, type AlertRule } from "@/lib/alert-kinds";
import { invalid, type FieldErrors } from "@/lib/errors";
import { formatMoney, parseMoney } from "@/lib/money";
import type { Db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { assertCan } from "@/server/auth/permissions";
import type { Actor } from "@/server/auth/reach";
import { accountBookOf } from "./account-book";

/** What the settings form sends, as text (docs/money.md#alerts). */
export interface AlertSettingInput {
  kind: AlertKind;
  enabled: boolean;
  threshold: string;
  minDevices: string;
  recipients: string;
}

export const MAX_ALERT_RECIPIENTS = 20;
const MAX_INT = 2_147_483_647;
const email = z.email();

/** A whole number from text within [min, max], or the field's error. */
function wholeNumber(text: string, min: number, max: number, what: string): { value: number } | { error: string } {
  const trimmed = text.trim().replaceAll(",", "");
  if (!/^\d+$/.test(trimmed)) return { error: `Enter ${what} as a whole number.` };
  const value = Number(trimmed);
  if (value < min || value > max) return { error: `Enter ${what} from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.` };
  return { value };
}

/** Emails separated by commas, semicolons, spaces or lines: each valid, none twice, at most 20. */
export function parseRecipients(text: string): { value: string[] } | { error: string } {
  const list = [...new Set(text.split(/[\s,;]+/).map((item) => item.trim().toLowerCase()).filter(Boolean))];
  const bad = list.filter((item) => item.length > 254 || !email.safeParse(item).success);
  if (bad.length) return { error: `Not an email address: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? "…" : ""}.` };
  if (list.length > MAX_ALERT_RECIPIENTS) return { error: `List at most ${MAX_ALERT_RECIPIENTS} addresses.` };
  return { value: list };
}

/**
 * Saves one kind of alert of an account, for its admins (and admins above it); the others read it.
 * Thresholds are positive whole numbers (a budget in the account's book currency, a percentage
 * from 1 to 1,000, days ahead from 1 to 31), devices at least 1, recipients valid emails. A refusal
 * names each field and writes nothing; a change is audited.
 */
export async function updateAlertSetting(db: Db, options: { actor: Actor; accountId: string; input: AlertSettingInput }) {
  const { actor, input } = options;
  return db.$transaction(async (tx) => {
    const { account } = await getAccountInReach(tx, actor, options.accountId);
    assertCan(actor, "account:manage", account);
    if (!(ALERT_KINDS as readonly string[]).includes(input.kind)) throw invalid("Choose a kind of alert.", { kind: ["Choose a kind of alert."] });

    const errors: FieldErrors = {};
    const rule: AlertRule = { enabled: input.enabled, threshold: null, minDevices: null, recipients: [] };
    const recipients = parseRecipients(input.recipients);
    if ("error" in recipients) errors.recipients = [recipients.error];
    else rule.recipients = recipients.value;

    if (input.kind === "FORECAST_OVER_BUDGET") {
      const book = await accountBookOf(tx, account);
      if (input.threshold.trim() === "") {
        if (input.enabled) errors.threshold = ["Enter the budget to be alerted about."];
      } else if (!book) {
        errors.threshold = ["This account has no price book yet: a budget needs its currency."];
      } else {
        const parsed = parseMoney(input.threshold, book.currency);
        if (!parsed.ok || parsed.minor <= 0n || parsed.minor > BigInt(MAX_INT)) {
          errors.threshold = [`Enter a budget above 0 in ${book.currency}, e.g. 1500.00 (at most ${formatMoney(MAX_INT, book.currency)}).`];
        } else rule.threshold = Number(parsed.minor);
      }
    } else if (input.kind === "USAGE_SPIKE" || input.kind === "USAGE_DROP") {
      const percent = wholeNumber(input.threshold, 1, 1000, "the percentage");
      if ("error" in percent) errors.threshold = [percent.error];
      else rule.threshold = percent.value;
      const devices = wholeNumber(input.minDevices, 1, 1_000_000, "the number of devices");
      if ("error" in devices) errors.minDevices = [devices.error];
      else rule.minDevices = devices.value;
    } else if (input.kind === "POOL_SHORT") {
      const days = wholeNumber(input.threshold, 1, 31, "the days ahead");
      if ("error" in days) errors.threshold = [days.error];
      else rule.threshold = days.value;
    }
    if (Object.keys(errors).length > 0) throw invalid("Check the highlighted fields.", errors);

    const before = await tx.alertSetting.findUnique({ where: { accountId_kind: { accountId: account.id, kind: input.kind } } });
    const saved = await tx.alertSetting.upsert({
      where: { accountId_kind: { accountId: account.id, kind: input.kind } },
      create: { accountId: account.id, kind: input.kind, ...rule, updatedBy: actor.email },
      update: { ...rule, updatedBy: actor.email },
    });
    const shape = (row: AlertRule) => ({ kind: input.kind, enabled: row.enabled, threshold: row.threshold, minDevices: row.minDevices, recipients: row.recipients });
    await recordAuditEvent(tx, actor, {
      accountId: account.id,
      action: "alerts.setting_changed",
      objectType: "alert_setting",
      objectId: `${account.id}:${input.kind}`,
      before: shape(before ?? ALERT_DEFAULTS[input.kind]),
      after: shape(saved),
    });
    return saved;
  });
}
