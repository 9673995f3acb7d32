"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { usePopover } from "@/components/ui/use-popover";

export function UserMenu({ user, accountId }: { user: { name: string; email: string }; accountId: string }) {
  const { open, setOpen, containerRef } = usePopover<HTMLDetailsElement>();
  return (
    <details ref={containerRef} open={open} onToggle={(event) => setOpen(event.currentTarget.open)} className="relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-800">
        <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-full bg-slate-700 text-xs font-semibold">
          {user.name
            .split(/\s+/)
            .map((part) => part[0])
            .slice(0, 2)
            .join("")
            .toUpperCase()}
        </span>
        <span className="hidden max-w-40 truncate lg:inline">{user.name}</span>
        {/* Named by its content, not aria-label: the visible name stays part of the accessible name (WCAG 2.5.3). */}
        <span className="sr-only">User menu</span>
      </summary>
      <div className="absolute right-0 z-40 mt-2 w-64 rounded-md bg-white p-2 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200">
        <p className="truncate px-2 py-1 font-medium">{user.name}</p>
        <p className="truncate px-2 pb-2 text-xs text-slate-500">{user.email}</p>
        <Link href={`/a/${accountId}/profile`} className="block rounded px-2 py-1.5 hover:bg-slate-100">
          Change password
        </Link>
        <button
          type="button"
          onClick={() => signOut({ callbackUrl: "/sign-in" })}
          className="block w-full rounded px-2 py-1.5 text-left hover:bg-slate-100"
        >
          Sign out
        </button>
      </div>
    </details>
  );
}
