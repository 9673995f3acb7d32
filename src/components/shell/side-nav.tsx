"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { badgeCount } from "@/lib/badge-count";
import { cn } from "@/lib/cn";

export interface NavFlags {
  accounts: boolean;
  contracts: boolean;
  plans: boolean;
  pools: boolean;
  points: boolean;
  gateways: boolean;
  devices: boolean;
  /** A customer's tenancy: End users, User groups, Subscriptions. */
  tenancy: boolean;
  locations: boolean;
  licences: boolean;
  usage: boolean;
  /** Sellers (distributors, MSSPs): their price books (docs/money.md#price-books). */
  prices: boolean;
  statements: boolean;
  /** Licence-choice advice (docs/money.md#advice). */
  savings: boolean;
  notifications: boolean;
  /** Unread notifications of the account and below, for the caller. */
  unreadNotifications: number;
  jobs: boolean;
  /** The caller's own exports written in the background (docs/exports.md#export-jobs). */
  exports: boolean;
  apiKeys: boolean;
  users: boolean;
  audit: boolean;
  settings: boolean;
}

/** Only links the caller may open are shown; the server enforces the same rule. */
export function SideNav({ accountId, flags }: { accountId: string; flags: NavFlags }) {
  const pathname = usePathname();
  const base = `/a/${accountId}`;
  const items = [
    { href: base, label: "Dashboard", show: true, exact: true },
    { href: `${base}/accounts`, label: "Manage Accounts", show: flags.accounts },
    { href: `${base}/contracts`, label: "Services & Contracts", show: flags.contracts },
    { href: `${base}/plans`, label: "Plans", show: flags.plans },
    { href: `${base}/gateways`, label: "Gateways", show: flags.gateways },
    { href: `${base}/pools`, label: "Licence pools", show: flags.pools },
    { href: `${base}/points`, label: "Points", show: flags.points },
    { href: `${base}/devices`, label: "Devices", show: flags.devices },
    { href: `${base}/end-users`, label: "End users", show: flags.tenancy },
    { href: `${base}/groups`, label: "User groups", show: flags.tenancy },
    { href: `${base}/subscriptions`, label: "Subscriptions", show: flags.tenancy },
    { href: `${base}/locations`, label: "Locations", show: flags.locations },
    { href: `${base}/licences`, label: "Licenses", show: flags.licences },
    { href: `${base}/usage`, label: "Usage report", show: flags.usage },
    { href: `${base}/statements`, label: "Statements", show: flags.statements },
    { href: `${base}/prices`, label: "Price books", show: flags.prices },
    { href: `${base}/savings`, label: "Savings", show: flags.savings },
    { href: `${base}/notifications`, label: "Notifications", show: flags.notifications, count: flags.unreadNotifications },
    { href: `${base}/users`, label: "Users", show: flags.users },
    { href: `${base}/audit`, label: "Audit log", show: flags.audit },
    { href: `${base}/api-keys`, label: "API keys", show: flags.apiKeys },
    { href: `${base}/webhooks`, label: "Webhooks", show: flags.apiKeys },
    { href: `${base}/jobs`, label: "Jobs", show: flags.jobs },
    { href: `${base}/exports`, label: "Exports", show: flags.exports },
    { href: `${base}/settings`, label: "Settings", show: flags.settings },
  ].filter((item) => item.show) as { href: string; label: string; show: boolean; exact?: boolean; count?: number }[];

  return (
    <nav
      aria-label="Account sections"
      className="border-b border-slate-200 bg-white md:min-h-[calc(100vh-3.5rem)] md:w-56 md:shrink-0 md:border-b-0 md:border-r"
    >
      {/* relative: the visually hidden "unread" text is positioned inside this scroll frame, not at the page's far right on phones. */}
      <ul className="relative flex gap-1 overflow-x-auto px-2 py-2 md:flex-col md:px-3 md:py-4">
        {items.map((item) => {
          const active = item.exact ? pathname === item.href : pathname.startsWith(item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
                  active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
                )}
              >
                {item.label}
                {item.count ? (
                  <span className="ml-2 rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold text-white">
                    {" "}
                    {badgeCount(item.count)}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
