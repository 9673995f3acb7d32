import type { AccountKind, AccountStatus, Role } from "@/generated/prisma/enums";

export const ACCOUNT_KIND_LABEL: Record<AccountKind, string> = {
  DISTRIBUTOR: "Distributor",
  MSSP: "Partner – MSSP",
  CUSTOMER: "Customer",
};

export const ACCOUNT_STATUS_LABEL: Record<AccountStatus, string> = {
  ACTIVE: "Active",
  IN_TRIAL: "In trial",
  INACTIVE: "Inactive",
};

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: "Admin",
  VIEWER: "Viewer",
  BILLING: "Billing",
};

export const ROLE_DESCRIPTION: Record<Role, string> = {
  ADMIN: "Full control of this account and every account below it",
  VIEWER: "Read-only on this account and below",
  BILLING: "Reads usage and exports, nothing else",
};

export const STATUS_TONE: Record<AccountStatus, "green" | "amber" | "slate"> = {
  ACTIVE: "green",
  IN_TRIAL: "amber",
  INACTIVE: "slate",
};
