"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { formatCents } from "@/lib/money";
import { portalAction } from "@/server/edge/portal-action";
import { db } from "@/server/db";
import { assignAnnualLicences } from "@/server/pools/assign-annual-licences";
import { buyLicenceBlock } from "@/server/pools/buy-licence-block";
import { recoverIdleLicences } from "@/server/pools/get-reconciliation";
import { assignMonthlyLicences, exchangePoints, setAutoExchange, setRenewalPriority } from "@/server/pools/monthly-pool";
import {
  assignAnnualSchema,
  assignMonthlySchema,
  buyBlockSchema,
  exchangeSchema,
  priceTierSchema,
  prioritySchema,
  recoverSchema,
} from "@/server/pools/pool-input";
import { removePriceTier, setPriceTier } from "@/server/pools/price-tiers";
import { recoverLicences } from "@/server/pools/recover-licences";

const account = z.object({ accountId: idSchema });
const refresh = (accountId: string) => {
  revalidatePath(`/a/${accountId}/pools`, "layout");
  revalidatePath(`/a/${accountId}/points`);
};
const done = (accountId: string, message: string) => {
  refresh(accountId);
  return { status: "ok" as const, message, at: Date.now() };
};

export const setPriceTierAction = portalAction(account.extend(priceTierSchema.shape), async ({ accountId, service, minQuantity, unitPrice }, actor) => {
  await setPriceTier(db, { actor, accountId, service, minQuantity, unitPriceCents: unitPrice });
  return done(accountId, `Price tier saved: from ${minQuantity} licences at ${formatCents(unitPrice)} per licence and year.`);
});

export const removePriceTierAction = portalAction(account.extend({ tierId: idSchema }), async ({ accountId, tierId }, actor) => {
  await removePriceTier(db, { actor, tierId });
  return done(accountId, "Price tier removed.");
});

export const buyBlockAction = portalAction(account.extend(buyBlockSchema.shape), async ({ accountId, ...input }, actor) => {
  const result = await buyLicenceBlock(db, { actor, partnerId: accountId, input });
  return done(accountId, `Bought ${input.quantity} licences for ${formatCents(result.quote.totalCents)}. ${result.available} available in the pool.`);
});

export const assignAnnualAction = portalAction(account.extend(assignAnnualSchema.shape), async ({ accountId, ...input }, actor) => {
  const assignment = await assignAnnualLicences(db, { actor, partnerId: accountId, ...input });
  return done(accountId, `${assignment.quantity} licence(s) assigned; the term runs until ${assignment.endsOn.toISOString().slice(0, 10)}.`);
});

export const recoverAction = portalAction(account.extend(recoverSchema.shape), async ({ accountId, assignmentId, quantity }, actor) => {
  const result = await recoverLicences(db, { actor, partnerId: accountId, assignmentId, quantity });
  refresh(accountId);
  // The row's form may disappear once nothing is left to recover: the page says what happened.
  redirect(`/a/${accountId}/pools?recovered=${result.recovered}&remaining=${result.remaining}`);
});

export const recoverIdleAction = portalAction(account.extend({ clientAccountId: idSchema, serviceId: idSchema }), async ({ accountId, clientAccountId, serviceId }, actor) => {
  const recovered = await recoverIdleLicences(db, { actor, partnerId: accountId, clientAccountId, serviceId });
  refresh(accountId);
  redirect(`/a/${accountId}/pools/reconciliation?recovered=${recovered}`);
});

export const exchangeAction = portalAction(account.extend(exchangeSchema.shape), async ({ accountId, ...input }, actor) => {
  const { quote, balance } = await exchangePoints(db, { actor, partnerId: accountId, input });
  return done(accountId, `Exchanged ${quote.points} points for ${quote.licences} licence(s). Balance: ${balance} points.`);
});

export const assignMonthlyAction = portalAction(account.extend(assignMonthlySchema.shape), async ({ accountId, ...input }, actor) => {
  const assignment = await assignMonthlyLicences(db, { actor, partnerId: accountId, ...input });
  return done(accountId, `${input.devices} device(s) protected; the client now has ${assignment.devices} on monthly licences.`);
});

export const setPriorityAction = portalAction(account.extend(prioritySchema.shape), async ({ accountId, assignmentId, priority }, actor) => {
  await setRenewalPriority(db, { actor, partnerId: accountId, assignmentId, priority });
  return done(accountId, priority === null ? "Priority cleared: renewed by age of assignment." : `Renewal priority set to ${priority}.`);
});

export const setAutoExchangeAction = portalAction(account.extend({ poolId: idSchema, enabled: z.enum(["on", "off"]) }), async ({ accountId, poolId, enabled }, actor) => {
  await setAutoExchange(db, { actor, partnerId: accountId, poolId, enabled: enabled === "on" });
  return done(accountId, enabled === "on" ? "Points will be exchanged automatically at renewal." : "Automatic exchange at renewal is off.");
});
