import Link from "next/link";
import { cn } from "@/lib/cn";

/** A row of links between the pages of one section (the pool pages, the price book pages), the current one marked. */
export function SectionTabs({ label, tabs, current }: { label: string; tabs: readonly { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label={label} className="mb-6 flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            tab.href === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
