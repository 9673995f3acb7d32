import { readTableFile, type ParsedRow } from "@/server/imports/read-table-file";

export type { ParsedRow } from "@/server/imports/read-table-file";

/**
 * Column headers people write, mapped to the fields of Add Contract. The
 * contract export's own headers are among them, so an exported file imports
 * again ("User Center ID" there is the contract's reference).
 */
const HEADER_ALIASES: Record<string, string> = {
  account: "account",
  "account id": "account",
  "account name": "account",
  "user center id": "subscriptionReference",
  service: "service",
  "service name": "service",
  type: "type",
  "contract type": "type",
  package: "packageSku",
  "package (sku)": "packageSku",
  sku: "packageSku",
  addons: "addOns",
  "add-ons": "addOns",
  quantity: "quantity",
  "quantity threshold": "quantity",
  "subscription reference": "subscriptionReference",
  "order reference": "subscriptionReference",
  reference: "subscriptionReference",
  "at expiry": "trialExpiryAction",
  "trial expiry action": "trialExpiryAction",
  "trial days": "trialDays",
};

export const IMPORT_COLUMNS = [
  "Account",
  "Service",
  "Contract type",
  "Package (SKU)",
  "AddOns",
  "Quantity",
  "Subscription reference",
  "At expiry",
  "Trial days",
] as const;

/**
 * Reads a CSV or .xlsx upload of contracts into rows keyed by field, with their
 * line numbers. Without an Account column every row is for the account imported into.
 */
export function parseContractFile(filename: string, bytes: Uint8Array): Promise<ParsedRow[]> {
  return readTableFile({ aliases: HEADER_ALIASES, required: ["service", "type"], columns: IMPORT_COLUMNS, noun: "contract" }, filename, bytes);
}
