"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { fetchMatches } from "@/components/ui/fetch-matches";
import { usePopover } from "@/components/ui/use-popover";
import { usePathname, useRouter } from "next/navigation";
import type { AccountKind } from "@/generated/prisma/enums";
import { ACCOUNT_KIND_LABEL, ACCOUNT_STATUS_LABEL } from "@/lib/labels";
import type { AccountTreeEntry } from "@/server/accounts/list-reachable-accounts";

/** Sections every account has; other sections fall back to the dashboard when switching. */
const PORTABLE_SECTIONS = ["users", "audit", "settings", "profile", "api-keys", "webhooks"];

/** How long typing must pause before the server is asked. */
const DEBOUNCE_MS = 200;

/** The server's answer for the text typed (`query` is what it answers). */
type Found = { query: string; accounts: AccountTreeEntry[] } | { query: string; error: string };

/** The server's matches for `q` among every account in reach. */
async function searchAccounts(accountId: string, q: string, signal?: AbortSignal): Promise<AccountTreeEntry[]> {
  return fetchMatches<AccountTreeEntry>(`/a/${accountId}/accounts/search?q=${encodeURIComponent(q)}`, "accounts", signal);
}

/**
 * Moves through every account the caller reaches, keeping the current section
 * where the target account has it. The URL carries the account being viewed.
 * The page brings only a few accounts (docs/accounts-and-roles.md#account-switcher);
 * typing searches every reachable account on the server.
 */
export function AccountSwitcher({
  current,
  accounts,
  more,
}: {
  current: { id: string; name: string; kind: AccountKind };
  accounts: AccountTreeEntry[];
  /** Some reachable accounts are not in `accounts`: say that searching finds them. */
  more: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [query, setQuery] = useState("");
  const { open, setOpen, containerRef } = usePopover();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    searchRef.current?.focus();
  }, [open]);
  const [found, setFound] = useState<Found | null>(null);
  const q = query.trim();

  useEffect(() => {
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchAccounts(current.id, q, controller.signal)
        .then((accounts) => setFound({ query: q, accounts }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setFound({ query: q, error: error instanceof Error && error.message ? error.message : "Search failed. Try again." });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [current.id, q]);

  // Until the server answers, the accounts already here that match are shown.
  const answered = q && found?.query === q ? found : null;
  const filtered = useMemo(() => {
    if (!q) return accounts;
    if (answered && "accounts" in answered) return answered.accounts;
    const lower = q.toLowerCase();
    return accounts.filter((account) => account.name.toLowerCase().includes(lower));
  }, [accounts, q, answered]);
  const searching = Boolean(q) && !answered;
  const failed = answered && "error" in answered ? answered.error : null;

  const section = pathname.split("/")[3];
  const go = (id: string) => {
    setOpen(false);
    setQuery("");
    router.push(section && PORTABLE_SECTIONS.includes(section) ? `/a/${id}/${section}` : `/a/${id}`);
  };

  return (
    <div ref={containerRef} className="relative min-w-0">
      <button
        type="button"
        className="flex max-w-[14rem] items-center gap-2 rounded-md bg-slate-800 px-3 py-1.5 text-sm hover:bg-slate-700 sm:max-w-xs"
        aria-label={`Switch account (current: ${current.name})`}
        aria-expanded={open}
        aria-controls="account-switcher-panel"
        onClick={() => setOpen((value) => !value)}
      >
        <span className="truncate">{current.name}</span>
        <span aria-hidden="true" className="text-slate-400">
          ▾
        </span>
      </button>
      <div id="account-switcher-panel" hidden={!open} className="absolute left-0 z-40 mt-2 w-[min(24rem,calc(100vw-4.5rem))] rounded-md bg-white p-2 text-slate-800 shadow-lg ring-1 ring-slate-200">
        <label htmlFor="account-switcher-search" className="sr-only">
          Search accounts
        </label>
        <input
          id="account-switcher-search"
          ref={searchRef}
          type="search"
          placeholder="Search accounts…"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            // Enter picks the first match; typed before the server answered, it waits for the answer.
            if (filtered[0]) go(filtered[0].id);
            else if (searching) {
              void searchAccounts(current.id, q).then(
                (accounts) => accounts[0] && go(accounts[0].id),
                () => undefined,
              );
            }
          }}
          className="mb-2 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        />
        <ul aria-label="Accounts you can reach" className="max-h-80 overflow-y-auto">
          {filtered.map((account) => (
            <li key={account.id}>
              <button
                type="button"
                onClick={() => go(account.id)}
                aria-current={account.id === current.id ? "true" : undefined}
                className="flex w-full items-center justify-between gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 aria-[current=true]:bg-brand-50 aria-[current=true]:font-semibold"
                style={{ paddingLeft: `${0.5 + (query ? 0 : account.level) * 1}rem` }}
              >
                <span className="truncate">{account.name}</span>
                <span className="shrink-0 text-xs text-slate-600">
                  {ACCOUNT_KIND_LABEL[account.kind]}
                  {account.status !== "ACTIVE" ? ` · ${ACCOUNT_STATUS_LABEL[account.status]}` : ""}
                </span>
              </button>
            </li>
          ))}
          {filtered.length === 0 && !failed && (
            <li className="px-2 py-2 text-sm text-slate-500">{searching ? "Searching…" : "No account matches."}</li>
          )}
          {failed && (
            <li role="alert" className="px-2 py-2 text-sm text-red-700">
              {failed}
            </li>
          )}
          {!q && more && <li className="px-2 py-2 text-xs text-slate-500">Type a name to find the other accounts.</li>}
        </ul>
      </div>
    </div>
  );
}
