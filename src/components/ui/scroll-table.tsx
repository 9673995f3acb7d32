import type { ReactNode } from "react";

/**
 * A plain table in a frame that scrolls sideways when it must: the frame is a focusable region
 * named by the caption, so keyboard users can scroll it too (docs/screens.md, accessibility).
 * For short, unsorted lists; DataTable is the list with column choice and sticky row actions.
 */
export function ScrollTable({ caption, headers, children }: { caption: string; headers: ReactNode[]; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs font-semibold uppercase text-slate-600">
          <tr>
            {headers.map((header, index) => (
              <th key={index} scope="col" className="px-2 py-2">
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
