import type { AdviceSubject, AdviceSuggestion } from "@/generated/prisma/enums";
import { formatMoney } from "./money";
import { formatCount, noun, type Noun } from "./plural";

/** The Savings page's words for each suggestion (docs/money.md#advice). */
export const ADVICE_SUGGESTION_LABEL: Record<AdviceSuggestion, string> = {
  SUBSCRIPTION: "1-year subscription",
  SMALLER_QUANTITY: "Smaller quantity",
  PAYG: "Pay-As-You-Go",
};

/** What each kind of subject is called when counted: "2 gateways", "1 PAYG service", "1 contract". */
export const ADVICE_SUBJECT_NOUN: Record<AdviceSubject, Noun> = {
  GATEWAY: noun("gateway"),
  SERVICE: noun("PAYG service"),
  CONTRACT: noun("contract"),
};

/** "4 gateways, 1 PAYG service and 1 contract". */
export function countSubjects(counts: { subjectType: AdviceSubject; count: number }[]): string {
  const parts = counts.map(({ subjectType, count }) => formatCount(count, ADVICE_SUBJECT_NOUN[subjectType]));
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

export interface AdviceFacts {
  subjectType: AdviceSubject;
  /** The gateway's name, the contract's label or the account's name (services). */
  subjectName: string;
  serviceName: string;
  suggestion: AdviceSuggestion;
  suggestedQuantity: number | null;
  days: number;
  windowDays: number;
  deviceDays: number;
  peakUnits: number;
  quantity: number | null;
  savingMinor: bigint;
  currency: string;
}

const devices = noun("device");

/** The suggestion in words: "Subscription of 7 units", "Lower to 12 units", "Pay-As-You-Go". */
export function suggestionText(facts: Pick<AdviceFacts, "suggestion" | "suggestedQuantity">): string {
  if (facts.suggestion === "SMALLER_QUANTITY") return `Lower to ${formatCount(facts.suggestedQuantity ?? 0, noun("unit"))}`;
  if (facts.suggestion === "SUBSCRIPTION") return `1-year subscription of ${formatCount(facts.suggestedQuantity ?? 0, noun("unit"))}`;
  return ADVICE_SUGGESTION_LABEL.PAYG;
}

/**
 * The advice as one sentence, e.g. "CP-1234 ran PAYG on 341 of the last 365 days — a 1-year
 * subscription would have cost EUR 212.00 less."
 */
export function adviceSentence(facts: AdviceFacts): string {
  const saving = formatMoney(facts.savingMinor, facts.currency);
  const last = `the last ${facts.windowDays} days`;
  if (facts.subjectType === "GATEWAY") {
    return `${facts.subjectName} ran PAYG on ${facts.days} of ${last} — a 1-year subscription would have cost ${saving} less.`;
  }
  if (facts.subjectType === "SERVICE") {
    return (
      `${facts.subjectName} ran ${facts.serviceName} on PAYG on ${facts.days} of ${last}, at most ${formatCount(facts.peakUnits, devices)} a day — ` +
      `a 1-year subscription of ${formatCount(facts.suggestedQuantity ?? facts.peakUnits, noun("unit"))} would have cost ${saving} less.`
    );
  }
  // A contract is compared over the days it was live.
  const live = facts.days < facts.windowDays ? `its ${facts.days} live days of ${last}` : last;
  if (facts.suggestion === "PAYG") {
    return `${facts.subjectName} (${formatCount(facts.quantity ?? 0, noun("unit"))}) had ${formatCount(facts.deviceDays, noun("device-day"))} in ${live} — Pay-As-You-Go would have cost ${saving} less.`;
  }
  return (
    `${facts.subjectName} had at most ${formatCount(facts.peakUnits, devices)} active a day for its ${formatCount(facts.quantity ?? 0, noun("unit"))} in ${live} — ` +
    `${formatCount(facts.suggestedQuantity ?? 0, noun("unit"))} would have cost ${saving} less.`
  );
}
