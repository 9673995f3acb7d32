/**
 * The same sticky edges for a table a page writes by hand (docs/screens.md, "Tables"):
 * put `stickyFirstCell` on each row's first cell and `stickyActionsCell` on its actions cell;
 * the row needs the `group` class, the header cells `bg-slate-50`.
 */
export const stickyFirstCell = "sticky left-0 z-[1] bg-white group-hover:bg-slate-50 shadow-[inset_-1px_0_0_var(--color-slate-200)]";
export const stickyActionsCell = "sticky right-0 z-[1] w-px bg-white text-right group-hover:bg-slate-50 shadow-[inset_1px_0_0_var(--color-slate-200)]";

/** A cell of free text (names someone typed) that wraps within a bounded width instead of widening the table. */
export const wrapCell = "block max-w-56 whitespace-normal break-words";

/**
 * Compact cells for a long report table, set once on the <table> instead of on each cell: a
 * roll-up page of 50 accounts has ~2,000 cells, and a class on each one is sent twice (in the
 * HTML and again in the page's React payload) — about 80 KB of a page budgeted at 300 KB
 * (docs/performance.md).
 */
export const compactCellsTable = "[&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1";
