"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ALERT_KIND_LABEL, ALERT_KINDS } from "@/lib/alert-kinds";
import { idSchema } from "@/lib/ids";
import { text } from "@/lib/input-schemas";
import { updateAlertSetting } from "@/server/billing/alerts/update-alert-setting";
import { db } from "@/server/db";
import { portalAction } from "@/server/edge/portal-action";

const schema = z.object({
  accountId: idSchema,
  kind: z.enum(ALERT_KINDS, { error: "Choose a kind of alert." }),
  enabled: z.literal("on").optional(),
  threshold: text().max(40, "Keep it under 40 characters.").optional().default(""),
  minDevices: text().max(40, "Keep it under 40 characters.").optional().default(""),
  recipients: text().max(6_000, "Keep the list under 6,000 characters.").optional().default(""),
});

/** Saves one kind of alert of the account (docs/money.md#alerts); the checks and the audit are the domain's. */
export const updateAlertSettingAction = portalAction(schema, async ({ accountId, kind, enabled, threshold, minDevices, recipients }, actor) => {
  await updateAlertSetting(db, { actor, accountId, input: { kind, enabled: enabled === "on", threshold, minDevices, recipients } });
  revalidatePath(`/a/${accountId}/settings/alerts`);
  return { status: "ok", message: `${ALERT_KIND_LABEL[kind]}: saved.`, at: Date.now() };
});
