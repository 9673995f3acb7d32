"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type VisibilityState,
} from "@tanstack/react-table";

export type { ColumnDef };

/**
 * A table whose sorting, filtering and paging happen on the server: TanStack
 * Table renders and manages column state; sort headers are links that rewrite
 * the URL so every view is shareable and survives a reload.
 */
export function DataTable<Row>({
  data,
  columns,
  caption,
  sortable = [],
  columnVisibility,
  getRowId,
}: {
  data: Row[];
  columns: ColumnDef<Row, unknown>[];
  caption: string;
  sortable?: string[];
  columnVisibility?: VisibilityState;
  getRowId?: (row: Row) => string;
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // TanStack's table instance is deliberately not memoised (we use no React Compiler).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    state: { columnVisibility: columnVisibility ?? {} },
    getRowId,
  });
  const currentSort = searchParams.get("sort");
  const currentDir = searchParams.get("dir") === "desc" ? "desc" : "asc";

  const sortHref = (id: string) => {
    const next = new URLSearchParams(searchParams.toString());
    next.set("sort", id);
    next.set("dir", currentSort === id && currentDir === "asc" ? "desc" : "asc");
    next.delete("page");
    return `${pathname}?${next.toString()}`;
  };

  return (
    <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id;
                const isSorted = currentSort === id;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={isSorted ? (currentDir === "asc" ? "ascending" : "descending") : undefined}
                    className="px-3 py-2.5 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-slate-600"
                  >
                    {sortable.includes(id) ? (
                      <Link href={sortHref(id)} className="inline-flex items-center gap-1 hover:text-slate-900">
                        {label}
                        <span aria-hidden="true" className="text-slate-400">
                          {isSorted ? (currentDir === "asc" ? "▲" : "▼") : "↕"}
                        </span>
                      </Link>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="whitespace-nowrap px-3 py-2.5 align-middle text-slate-800">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
