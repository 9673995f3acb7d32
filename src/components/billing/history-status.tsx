import { Badge } from "@/components/ui/badge";

/** Where a dated row stands in the seller's month (docs/money.md#price-books), in words. */
export interface HistoryView {
  status: "IN_FORCE" | "SCHEDULED" | "ENDED";
  /** "March 2027": the last month it applies to, when a later row follows. */
  until: string | null;
}

const STATUS = {
  IN_FORCE: { label: "In force", tone: "green" },
  SCHEDULED: { label: "Not yet in force", tone: "blue" },
  ENDED: { label: "Ended", tone: "slate" },
} as const;

export function HistoryStatus({ row }: { row: HistoryView }) {
  const status = STATUS[row.status];
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <Badge tone={status.tone}>{status.label}</Badge>
      {row.until && <span className="text-xs whitespace-nowrap text-slate-600">until {row.until}</span>}
    </span>
  );
}
