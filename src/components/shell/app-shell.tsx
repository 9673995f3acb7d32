import Link from "next/link";
import type { AccountKind, Role } from "@/generated/prisma/enums";
import { ACCOUNT_KIND_LABEL, ROLE_LABEL } from "@/lib/labels";
import type { AccountTreeEntry } from "@/server/accounts/list-reachable-accounts";
import { AccountSwitcher } from "./account-switcher";
import { SideNav, type NavFlags } from "./side-nav";
import { UserMenu } from "./user-menu";

export function AppShell({
  user,
  account,
  role,
  accounts,
  nav,
  children,
}: {
  user: { name: string; email: string };
  account: { id: string; name: string; kind: AccountKind };
  role: Role;
  /** The few accounts the switcher lists before a search (docs/accounts-and-roles.md#account-switcher). */
  accounts: { entries: AccountTreeEntry[]; more: boolean };
  nav: NavFlags;
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-800 bg-slate-900 text-white">
        <div className="flex h-14 items-center gap-3 px-4">
          <Link href={`/a/${account.id}`} className="flex shrink-0 items-center gap-2 font-semibold">
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded bg-brand-600 text-xs">
              ML
            </span>
            {/* Named by its words at every width: on phones they are for screen readers only (an aria-label would hide the visible text from the name). */}
            <span className="sr-only sm:not-sr-only">MSP License Portal</span>
          </Link>
          <AccountSwitcher current={account} accounts={accounts.entries} more={accounts.more} />
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-xs text-slate-300 md:inline">
              {ACCOUNT_KIND_LABEL[account.kind]} · {ROLE_LABEL[role]}
            </span>
            <UserMenu user={user} accountId={account.id} />
          </div>
        </div>
      </header>
      <div className="md:flex">
        <SideNav accountId={account.id} flags={nav} />
        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
