"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useSyncExternalStore } from "react";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type VisibilityState,
} from "@tanstack/react-table";
import { usePopover } from "./use-popover";

export type { ColumnDef };

/**
 * How much a column matters on a narrow screen (docs/screens.md, "Tables"):
 * - essential: always shown, not in the column selector (the first column is always essential);
 * - default: shown until the person hides it in the column selector;
 * - optional: hidden until the person shows it.
 * A column without a priority is essential.
 */
export type ColumnPriority = "essential" | "default" | "optional";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    priority?: ColumnPriority;
    /** The column's name in the column selector (when its header is not plain text). */
    label?: string;
  }
}

/** The id of a table's actions column: sticky at the right edge, never in the column selector. */
export const ACTIONS_COLUMN = "actions";

/** A person's choice of columns: remembered by the page (e.g. on the server) instead of this browser. */
export interface ColumnChoice {
  visible: string[];
  onChange: (visible: string[]) => void;
}

const STORAGE_PREFIX = "table-columns:";
const STORAGE_EVENT = "table-columns-change";

function readStored(key: string | undefined): string | null {
  if (!key || typeof window === "undefined") return null;
  try {
    return window.localStorage.getItem(STORAGE_PREFIX + key);
  } catch {
    return null;
  }
}

function subscribeStored(callback: () => void) {
  window.addEventListener("storage", callback);
  window.addEventListener(STORAGE_EVENT, callback);
  return () => {
    window.removeEventListener("storage", callback);
    window.removeEventListener(STORAGE_EVENT, callback);
  };
}

function parseStored(raw: string | null): string[] | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : null;
  } catch {
    return null;
  }
}

const columnId = <Row,>(column: ColumnDef<Row, unknown>) => column.id ?? "";
const headerText = <Row,>(column: ColumnDef<Row, unknown>) =>
  column.meta?.label ?? (typeof column.header === "string" ? column.header : columnId(column));

/**
 * A table whose sorting, filtering and paging happen on the server: TanStack
 * Table renders and manages column state; sort headers are links that rewrite
 * the URL so every view is shareable and survives a reload.
 *
 * It fits its frame (docs/screens.md, "Tables"): the first column stays put when the table
 * scrolls sideways, the actions column (id "actions", one menu per row) is sticky at the
 * right edge, and columns that are not essential can be hidden or shown in a "Columns"
 * selector — remembered in this browser under `storageKey`, or by the page through `columnChoice`.
 */
export function DataTable<Row>({
  data,
  columns,
  caption,
  sortable = [],
  storageKey,
  columnChoice,
  getRowId,
}: {
  data: Row[];
  columns: ColumnDef<Row, unknown>[];
  caption: string;
  sortable?: string[];
  storageKey?: string;
  columnChoice?: ColumnChoice;
  getRowId?: (row: Row) => string;
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const stored = useSyncExternalStore(
    subscribeStored,
    () => readStored(storageKey),
    () => null,
  );

  const hideable = columns.filter(
    (column, index) => index > 0 && columnId(column) !== ACTIONS_COLUMN && (column.meta?.priority ?? "essential") !== "essential",
  );
  const defaults = hideable.filter((column) => column.meta?.priority === "default").map(columnId);
  const chosen = columnChoice?.visible ?? parseStored(stored) ?? defaults;
  const hideableIds = new Set(hideable.map(columnId));
  const visibility: VisibilityState = Object.fromEntries(columns.map((column) => [columnId(column), !hideableIds.has(columnId(column)) || chosen.includes(columnId(column))]));

  const choose = (id: string, show: boolean) => {
    const next = show ? [...new Set([...chosen, id])] : chosen.filter((column) => column !== id);
    if (columnChoice) return columnChoice.onChange(next);
    if (!storageKey) return;
    try {
      window.localStorage.setItem(STORAGE_PREFIX + storageKey, JSON.stringify(next));
    } catch {
      // Private mode or a full storage: the choice lasts until the page is left.
    }
    window.dispatchEvent(new Event(STORAGE_EVENT));
  };

  // TanStack's table instance is deliberately not memoised (we use no React Compiler).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    state: { columnVisibility: visibility },
    getRowId,
  });
  const currentSort = searchParams.get("sort");
  const currentDir = searchParams.get("dir") === "desc" ? "desc" : "asc";

  const sortHref = (id: string) => {
    const next = new URLSearchParams(searchParams.toString());
    next.set("sort", id);
    next.set("dir", currentSort === id && currentDir === "asc" ? "desc" : "asc");
    // A new order starts at its first page: a cursor belongs to the order it was taken in
    // (docs/lists.md).
    for (const key of ["page", "after", "before"]) next.delete(key);
    return `${pathname}?${next.toString()}`;
  };

  const firstId = table.getVisibleLeafColumns()[0]?.id;
  const stickyClass = (id: string, head: boolean) =>
    id === firstId
      ? `sticky left-0 z-[1] ${head ? "bg-slate-50" : "bg-white group-hover:bg-slate-50"} shadow-[inset_-1px_0_0_var(--color-slate-200)]`
      : id === ACTIONS_COLUMN
        ? `sticky right-0 z-[1] w-px text-right ${head ? "bg-slate-50" : "bg-white group-hover:bg-slate-50"} shadow-[inset_1px_0_0_var(--color-slate-200)]`
        : "";

  return (
    <div className="space-y-2">
      {hideable.length > 0 && (columnChoice || storageKey) && (
        <ColumnSelector
          caption={caption}
          options={hideable.map((column) => ({ id: columnId(column), label: headerText(column) }))}
          chosen={chosen}
          onChoose={choose}
        />
      )}
      {/* Focusable, so a table that scrolls sideways on a phone can be scrolled from the keyboard (axe scrollable-region-focusable). */}
      <div className="relative max-w-full overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-table-frame="" tabIndex={0} role="region" aria-label={caption}>
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
                      className={`px-3 py-2.5 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-slate-600 ${stickyClass(id, true)}`}
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
              <tr key={row.id} className="group hover:bg-slate-50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`whitespace-nowrap px-3 py-2.5 align-middle text-slate-800 ${stickyClass(cell.column.id, false)}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The "Columns" button and its checkboxes (as the Gateways list has had for License type). */
function ColumnSelector({
  caption,
  options,
  chosen,
  onChoose,
}: {
  caption: string;
  options: { id: string; label: string }[];
  chosen: string[];
  onChoose: (id: string, show: boolean) => void;
}) {
  const { open, setOpen, containerRef } = usePopover();
  const panelId = `columns-${caption.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <div ref={containerRef} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-1 rounded-md bg-white px-2.5 py-1.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
      >
        <span aria-hidden="true">☰</span> Columns
      </button>
      <fieldset id={panelId} hidden={!open} className="absolute left-0 z-20 mt-1 w-56 rounded-md bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200">
        <legend className="sr-only">Visible columns</legend>
        {options.map(({ id, label }) => (
          <label key={id} className="flex items-center gap-2 py-0.5">
            <input type="checkbox" checked={chosen.includes(id)} onChange={(event) => onChoose(id, event.target.checked)} />
            {label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

