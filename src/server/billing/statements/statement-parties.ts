import "server-only";
import type { DbTx } from "@/server/db";
import type { StatementParty } from "./statement-document";

export interface PartyInfo extends StatementParty {
  /** The seller's statement number prefix: its billing profile's, else the initials of its name. */
  prefix: string;
}

/** "Bluewave Security" → "BS"; "ACME" → "A"; a name without letters or digits → "ST". */
export function initialsOf(name: string): string {
  const initials = name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => [...word][0]!)
    .join("")
    .toUpperCase();
  return initials || "ST";
}

/**
 * Name, address and number prefix of each account as statements print them (docs/money.md#statements):
 * its billing profile's legal name and address, else the account's name and no address. One query.
 */
export async function loadParties(db: DbTx, accountIds: string[]): Promise<Map<string, PartyInfo>> {
  const accounts = await db.account.findMany({
    where: { id: { in: [...new Set(accountIds)] } },
    select: { id: true, name: true, billingProfile: { select: { legalName: true, address: true, statementPrefix: true } } },
  });
  return new Map(
    accounts.map((account) => {
      const profile = account.billingProfile;
      return [
        account.id,
        {
          name: profile?.legalName.trim() || account.name,
          address: profile?.address.trim() ?? "",
          prefix: profile?.statementPrefix.trim().toUpperCase() || initialsOf(account.name),
        },
      ];
    }),
  );
}
