import { formatDateTimeWithZone } from "./dates";
import { fieldLabel, valueLabel } from "./labels";
import { formatCents } from "./money";

/**
 * An audit event's before/after as a list of changed fields a person can read
 * (docs/screens.md, "Audit log"): field label → old value → new value, with money
 * formatted, timestamps in the account's zone and codes in words — never JSON.
 */
export interface FieldChange {
  /** The recorded key ("unitPriceCents"), for React keys and tests. */
  field: string;
  label: string;
  /** "—" when the field had no value before (a creation) … */
  before: string;
  /** … or has none after (a removal). */
  after: string;
}

const MONEY_KEY = /cents$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const NONE = "—";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A money field's label without its unit ("unitPriceCents" → "Unit price"). */
function changeLabel(key: string): string {
  return fieldLabel(MONEY_KEY.test(key) && key.length > 5 ? key.replace(MONEY_KEY, "") : key);
}

/** One recorded value in words. */
export function formatAuditValue(key: string, value: unknown, timezone: string): string {
  if (value === null || value === undefined || value === "") return NONE;
  if (MONEY_KEY.test(key) && (typeof value === "number" || (typeof value === "string" && /^-?\d+$/.test(value)))) {
    return formatCents(BigInt(value));
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "string" && TIMESTAMP.test(value)) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    // The zone is named so the time reads right next to the list's UTC "When".
    return formatDateTimeWithZone(date, timezone);
  }
  if (Array.isArray(value)) return value.length === 0 ? NONE : value.map((item) => formatAuditValue(key, item, timezone)).join(", ");
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([inner, innerValue]) => `${changeLabel(inner)}: ${formatAuditValue(inner, innerValue, timezone)}`)
      .join("; ");
  }
  return valueLabel(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields an event changed. With records on both sides, only the fields whose value
 * differs (in the order they were recorded, after's first); with one side only (a creation
 * or a removal), every field of that side against "—". A value that is not a record is one
 * change labelled "Value".
 */
export function auditChanges(before: unknown, after: unknown, timezone = "UTC"): FieldChange[] {
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  if (!hasBefore && !hasAfter) return [];
  if ((hasBefore && !isRecord(before)) || (hasAfter && !isRecord(after))) {
    if (same(before, after)) return [];
    return [{ field: "value", label: "Value", before: formatAuditValue("value", before, timezone), after: formatAuditValue("value", after, timezone) }];
  }
  const old = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(next), ...Object.keys(old)])];
  const changed = hasBefore && hasAfter ? keys.filter((key) => !same(old[key], next[key])) : keys;
  return changed.map((key) => ({
    field: key,
    label: changeLabel(key),
    before: formatAuditValue(key, old[key], timezone),
    after: formatAuditValue(key, next[key], timezone),
  }));
}
