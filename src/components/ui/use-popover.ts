"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Open/closed state of a popover (menu, column selector, switcher) that closes the way people
 * expect (docs/screens.md, "Popovers"): a pointer press outside it, or Escape, which also hands
 * focus back to the control that opened it.
 */
export function usePopover<Container extends HTMLElement = HTMLDivElement>() {
  const [open, setOpen] = useState(false);
  const containerRef = useRef<Container>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      containerRef.current?.querySelector<HTMLElement>("[aria-expanded], summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return { open, setOpen, containerRef };
}
