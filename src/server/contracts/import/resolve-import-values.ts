import "server-only";
import { CONTRACT_TYPE_LABEL } from "@/lib/labels";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { ContractType } from "@/generated/prisma/enums";
import type { DbTx } from "@/server/db";
import { equalsTextIgnoringCase } from "@/server/db/text-filters";
import { reachableAccountWhere, type Actor } from "@/server/auth/reach";

/*
 * An import row names things the way people (and our own contract export) write
 * them: labels or codes, names or ids, in any case. Each value resolves to
 * exactly one thing or the row fails naming the field and what it accepts.
 * Rules: docs/input-validation.md ("Bulk contract import").
 */

/** Letters and digits only, lower case: "Pay-As-You-Go", "pay as you go" and "PAYGO"… compare alike. */
const key = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, "");

const fail = (field: string, message: string) => new AppError("INVALID", `${field}: ${message}`);

const TYPE_CHOICES = Object.entries(CONTRACT_TYPE_LABEL) as [ContractType, string][];

/** A contract type by its label ("Not For Resale") or its code ("NFR"). */
export function resolveContractType(value: string): ContractType {
  const found = TYPE_CHOICES.find(([code, label]) => key(code) === key(value) || key(label) === key(value));
  if (found) return found[0];
  const accepted = TYPE_CHOICES.map(([code, label]) => `${label} (${code})`).join(", ");
  throw fail("Contract type", value ? `unknown type "${value}". Use one of: ${accepted}.` : `give the contract type: ${accepted}.`);
}

const EXPIRY_CHOICES = [
  { code: "CONVERT", labels: ["convert", "convert to subscription"] },
  { code: "EXPIRE", labels: ["expire"] },
] as const;

/** What a trial does at its end: CONVERT / EXPIRE or the words the contract list shows. Empty stays empty. */
export function resolveTrialExpiryAction(value: string): string {
  if (!value) return value;
  const found = EXPIRY_CHOICES.find((choice) => key(choice.code) === key(value) || choice.labels.some((label) => key(label) === key(value)));
  if (!found) throw fail("At expiry", `unknown value "${value}". Use Convert (CONVERT) or Expire (EXPIRE).`);
  return found.code;
}

export interface CatalogueEntry {
  id: string;
  code: string;
  name: string;
}

/** A service by its id, code or name, ignoring case. Returns its code. */
export function resolveServiceReference(services: readonly CatalogueEntry[], value: string): string {
  const accepted = services.map((service) => `${service.name} (${service.code})`).join(", ");
  if (!value) throw fail("Service", `give the service's name or code: ${accepted}.`);
  const matches = services.filter((service) => service.id === value || key(service.code) === key(value) || service.name.toLowerCase() === value.toLowerCase());
  if (matches.length === 1) return matches[0]!.code;
  if (matches.length > 1) {
    throw fail("Service", `"${value}" matches ${matches.map((service) => service.name).join(" and ")}; use the service's code.`);
  }
  throw fail("Service", `unknown service "${value}". Use a name or code: ${accepted}.`);
}

/**
 * The account a row is for, among the caller's reachable accounts: its id, its
 * User Center ID or its name, ignoring case. Out of reach reads exactly like missing.
 */
export async function resolveImportAccount(tx: DbTx, actor: Actor, value: string) {
  const accepted = "the account's name, its id or its User Center ID";
  if (!value) throw fail("Account", `give ${accepted}.`);
  const matches = await tx.account.findMany({
    where: {
      AND: [
        reachableAccountWhere(actor.grants),
        { OR: [...(isUuid(value) ? [{ id: value }] : []), { userCenterId: equalsTextIgnoringCase(value) }, { name: equalsTextIgnoringCase(value) }] },
      ],
    },
    select: { id: true, name: true, userCenterId: true },
    orderBy: { name: "asc" },
    take: 10,
  });
  // An id or a User Center ID names one account; only names can repeat.
  const exact =
    matches.find((account) => account.id === value.toLowerCase()) ??
    matches.find((account) => account.userCenterId !== null && account.userCenterId.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw fail("Account", `"${value}" is the name of ${matches.length} accounts; use ${accepted.replace("the account's name, ", "")} instead.`);
  }
  throw new AppError("NOT_FOUND", `Account: "${value}" was not found. Use ${accepted}.`);
}
