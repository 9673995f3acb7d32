import Link from "next/link";
import { cn } from "@/lib/cn";
import { STATEMENT_DIRECTION_LABEL } from "@/lib/statement-labels";
import type { StatementDirection } from "@/server/billing/statements/list-statements";

/** Issued / Received: shown only to an account that has both sides (an MSSP below a distributor). */
export function StatementTabs({ accountId, directions, current }: { accountId: string; directions: readonly StatementDirection[]; current: StatementDirection }) {
  if (directions.length < 2) return null;
  return (
    <nav aria-label="Statement direction" className="mb-4 flex gap-1 border-b border-slate-200">
      {directions.map((direction) => (
        <Link
          key={direction}
          href={`/a/${accountId}/statements?direction=${direction}`}
          aria-current={direction === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            direction === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {STATEMENT_DIRECTION_LABEL[direction]}
        </Link>
      ))}
    </nav>
  );
}
