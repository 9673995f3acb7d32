import { SectionTabs } from "@/components/ui/section-tabs";

const TABS = [
  { href: "", label: "Annual pools" },
  { href: "/monthly", label: "Monthly pool" },
  { href: "/reconciliation", label: "Reconciliation" },
] as const;

/** The partner's pool pages. */
export function PoolTabs({ accountId, current }: { accountId: string; current: "" | "/monthly" | "/reconciliation" }) {
  const base = `/a/${accountId}/pools`;
  return <SectionTabs label="Licence pool pages" tabs={TABS.map((tab) => ({ href: `${base}${tab.href}`, label: tab.label }))} current={`${base}${current}`} />;
}

/** A small table with the portal's look, for the pool pages' fixed lists. */
export function SimpleTable({ caption, headers, children }: { caption: string; headers: string[]; children: React.ReactNode }) {
  return (
    // Focusable and named, so keyboard users can scroll a table wider than a phone; relative, so
    // visually hidden labels inside cells stay inside the scrolled frame.
    <div role="region" aria-label={caption} tabIndex={0} className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="px-3 py-2.5">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const cell = "px-3 py-2.5 align-top";
