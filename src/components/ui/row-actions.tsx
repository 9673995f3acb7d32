"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";

/**
 * One actions menu per table row (docs/screens.md, "Tables"): a menu button named
 * "Actions for <row>" that opens a menu of the row's links and form buttons.
 *
 * Keyboard: Enter, Space or ↓ opens it on the first item (↑ on the last); ↑ ↓ Home End move;
 * Escape or Tab closes it and focus goes back to the button. A press outside closes it; on a
 * scroll or resize it follows its button, and closes once the button leaves the viewport.
 * The menu is drawn in a portal with fixed position, so neither the table's scroll box nor the sticky cells of the rows below it can clip or cover it.
 *
 * Form actions: the <form> (its hidden fields and its confirmation dialog) stays in the row,
 * outside the menu, and the menu's item is a submit button tied to it by `form=` — so the
 * confirmation dialog outlives the menu, which closes as soon as an item is chosen.
 */

const CloseContext = createContext<() => void>(() => {});

const itemClasses =
  "block w-full whitespace-nowrap px-3 py-1.5 text-left text-sm text-slate-800 outline-none hover:bg-slate-100 focus:bg-brand-50 focus:text-brand-800";

export function RowActions({ label, children, forms }: { label: string; children: React.ReactNode; forms?: React.ReactNode }) {
  const [open, setOpen] = useState<false | "first" | "last">(false);
  const [position, setPosition] = useState<{ top: number; bottom: number; right: number; placeAbove: boolean } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const id = useId();

  // Set once the opened menu has moved focus to its item, so re-placing it on a scroll does not move focus again.
  const focused = useRef(false);

  const close = useCallback((refocus: boolean) => {
    focused.current = false;
    setOpen(false);
    setPosition(null);
    if (refocus) buttonRef.current?.focus();
  }, []);

  const place = useCallback(() => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    setPosition({
      top: rect.bottom + 4,
      bottom: window.innerHeight - rect.top + 4,
      right: window.innerWidth - rect.right,
      placeAbove: window.innerHeight - rect.bottom < 220 && rect.top > 220,
    });
  }, []);

  // Once drawn, the menu's first (or last) item takes focus.
  useLayoutEffect(() => {
    if (!open || !position || focused.current) return;
    focused.current = true;
    const items = menuItems(menuRef.current);
    (open === "last" ? items.at(-1) : items[0])?.focus();
  }, [open, position]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    // A scroll or resize moves the menu with its button (a click on a row near the fold scrolls
    // the page as the menu opens); it closes only once the button has left the viewport.
    const onMove = (event: Event) => {
      if (menuRef.current?.contains(event.target as Node)) return;
      const rect = buttonRef.current?.getBoundingClientRect();
      const gone = !rect || rect.bottom < 0 || rect.top > window.innerHeight || rect.right < 0 || rect.left > window.innerWidth;
      if (gone) close(false);
      else place();
    };
    document.addEventListener("pointerdown", onPointer);
    window.addEventListener("scroll", onMove, true);
    window.addEventListener("resize", onMove);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      window.removeEventListener("scroll", onMove, true);
      window.removeEventListener("resize", onMove);
    };
  }, [open, close, place]);

  const openMenu = (at: "first" | "last") => {
    place();
    setOpen(at);
  };

  const onMenuKey = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const items = menuItems(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      event.preventDefault();
      close(true);
    }
  };

  // Closing waits for the click to finish, so a submit button still belongs to the page when its form submits.
  const closeAfterChoice = () => setTimeout(() => close(false), 0);

  return (
    <div className="flex justify-end">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={Boolean(open)}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : openMenu("first"))}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            openMenu("first");
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            openMenu("last");
          }
        }}
        className="inline-flex h-8 items-center gap-1 rounded-md px-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        Actions
        <span aria-hidden="true" className="text-xs text-slate-500">
          ▾
        </span>
      </button>
      {forms}
      {open &&
        position &&
        createPortal(
          <div
            ref={menuRef}
            id={id}
            role="menu"
            aria-label={label}
            onKeyDown={onMenuKey}
            style={{
              position: "fixed",
              top: position.placeAbove ? undefined : position.top,
              bottom: position.placeAbove ? position.bottom : undefined,
              right: position.right,
            }}
            className="z-50 min-w-40 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200"
          >
            <CloseContext value={closeAfterChoice}>{children}</CloseContext>
          </div>,
          document.body,
        )}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return menu ? Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')) : [];
}

/** A link in a row's actions menu. */
export function MenuLink({ href, children, ...props }: { href: string; children: React.ReactNode } & Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  const close = useContext(CloseContext);
  return (
    <Link href={href} role="menuitem" tabIndex={-1} className={itemClasses} onClick={close} {...props}>
      {children}
    </Link>
  );
}

/** A submit button in a row's actions menu, for the form (kept in the row) whose id is `form`. */
export function MenuSubmit({
  form,
  children,
  danger,
  ...props
}: { form: string; children: React.ReactNode; danger?: boolean } & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "form" | "type">) {
  const close = useContext(CloseContext);
  return (
    <button type="submit" form={form} role="menuitem" tabIndex={-1} className={`${itemClasses} ${danger ? "text-red-700" : ""}`} onClick={close} {...props}>
      {children}
    </button>
  );
}

/** A plain button in a row's actions menu (opens a dialog, toggles something on the page). */
export function MenuButton({ onSelect, children, ...props }: { onSelect: () => void; children: React.ReactNode } & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "type" | "onClick">) {
  const close = useContext(CloseContext);
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className={itemClasses}
      onClick={() => {
        close();
        onSelect();
      }}
      {...props}
    >
      {children}
    </button>
  );
}
