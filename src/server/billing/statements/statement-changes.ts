import type { StatementDocumentLine } from "./statement-document";

export type ChangedLine = Pick<StatementDocumentLine, "usageAccountName" | "serviceName" | "sku" | "description" | "correctsMonth"> & {
  draftAmountMinor: bigint | null;
  finalAmountMinor: bigint | null;
};

export interface StatementChanges {
  added: ChangedLine[];
  removed: ChangedLine[];
  changed: ChangedLine[];
}

/**
 * What changed between a final statement's last draft and its final lines (docs/money.md#statements):
 * lines are paired by usage account and line key (what the line is for, whatever its quantity), in
 * order when a key repeats; a final line without a draft one was added, a draft line without a final
 * one removed, a pair whose amounts differ changed.
 */
export function statementChanges(draft: readonly StatementDocumentLine[], final: readonly StatementDocumentLine[]): StatementChanges {
  const keyOf = (line: StatementDocumentLine) => `${line.usageAccountId}|${line.lineKey}`;
  const waiting = new Map<string, StatementDocumentLine[]>();
  for (const line of draft) waiting.set(keyOf(line), [...(waiting.get(keyOf(line)) ?? []), line]);
  const changes: StatementChanges = { added: [], removed: [], changed: [] };
  const view = (line: StatementDocumentLine, draftAmountMinor: bigint | null, finalAmountMinor: bigint | null): ChangedLine => ({
    usageAccountName: line.usageAccountName,
    serviceName: line.serviceName,
    sku: line.sku,
    description: line.description,
    correctsMonth: line.correctsMonth,
    draftAmountMinor,
    finalAmountMinor,
  });
  for (const line of final) {
    const before = waiting.get(keyOf(line))?.shift();
    if (!before) changes.added.push(view(line, null, line.amountMinor));
    else if (before.amountMinor !== line.amountMinor) changes.changed.push(view(line, before.amountMinor, line.amountMinor));
  }
  for (const left of waiting.values()) for (const line of left) changes.removed.push(view(line, line.amountMinor, null));
  return changes;
}
