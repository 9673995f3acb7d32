import { AppShell } from "@/components/shell/app-shell";
import { listSwitcherAccounts } from "@/server/accounts/list-switcher-accounts";
import { getPortalContext } from "@/server/edge/portal-context";
import { canHaveChildren } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { countUnreadNotices } from "@/server/notifications/list-notices";
import { BADGE_CAP } from "@/lib/badge-count";

export default async function AccountLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  const context = await getPortalContext(accountId);
  const [accounts, unreadNotifications] = await Promise.all([
    listSwitcherAccounts(db, context.actor, context.account),
    countUnreadNotices(db, { actor: context.actor, accountPath: context.account.path, upTo: BADGE_CAP + 1 }),
  ]);
  return (
    <AppShell
      user={{ name: context.actor.name, email: context.actor.email }}
      account={{ id: context.account.id, name: context.account.name, kind: context.account.kind }}
      role={context.role}
      accounts={accounts}
      nav={{
        accounts: canHaveChildren(context.account.kind) && context.can("account:read"),
        contracts: context.account.kind !== "DISTRIBUTOR" && context.can("account:read"),
        plans: context.account.kind !== "DISTRIBUTOR" && context.can("account:read"),
        gateways: context.account.kind !== "DISTRIBUTOR" && context.can("account:read"),
        pools: context.can("account:read"),
        points: context.account.kind === "MSSP" && context.can("account:read"),
        devices: context.account.kind !== "DISTRIBUTOR" && context.can("account:read"),
        tenancy: context.account.kind === "CUSTOMER" && context.can("account:read"),
        locations: context.can("account:read"),
        licences: context.can("account:read"),
        usage: context.can("usage:read"),
        prices: canHaveChildren(context.account.kind) && context.can("prices:read"),
        statements: context.can("usage:read"),
        savings: context.account.kind !== "DISTRIBUTOR" && context.can("usage:read"),
        notifications: context.can("account:read"),
        unreadNotifications,
        jobs: context.account.depth === 0 && context.can("account:manage"),
        exports: context.can("export"),
        apiKeys: context.can("account:manage"),
        users: context.can("users:read"),
        audit: context.can("audit:read"),
        settings: context.can("account:read"),
      }}
    >
      {children}
    </AppShell>
  );
}
