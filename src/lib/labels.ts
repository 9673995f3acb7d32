import type { DeviceKind, AccountKind, AccountStatus, ContractStatus, ContractType, LicencePayment, LicenceType, LocationLicenceStatus, LocationSector, PriceKind, Role } from "@/generated/prisma/enums";

/**
 * Every word the portal shows for a stored code, in one place: pages, exports and the licence PDF
 * read their labels here, so a screen or a file never shows an enum code (docs/screens.md, "Labels").
 */

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

export const CONTRACT_TYPE_LABEL: Record<ContractType, string> = {
  PAYG: "Pay-As-You-Go",
  NFR: "Not For Resale",
  SUBSCRIPTION: "Subscription",
  TRIAL: "Trial",
  EVALUATION: "Evaluation",
};

export const CONTRACT_STATUS_LABEL: Record<ContractStatus, string> = {
  ACTIVE: "Active",
  ABOUT_TO_EXPIRE: "About to expire",
  EXPIRED: "Expired",
  CANCELED: "Canceled",
};

export const CONTRACT_STATUS_TONE: Record<ContractStatus, "green" | "amber" | "red" | "slate"> = {
  ACTIVE: "green",
  ABOUT_TO_EXPIRE: "amber",
  EXPIRED: "red",
  CANCELED: "slate",
};

export const SERVICE_STATUS_LABEL = { ACTIVE: "Active", REQUIRES_ACTIVATION: "Requires activation" } as const;

/** The seed's own wording for the licence statuses (docs/location-licences.md#licence-statuses). */
export const LICENCE_STATUS_LABEL: Record<LocationLicenceStatus, string> = {
  PENDING_PROVISION: "Pending Provision",
  PENDING_START: "Pending Start",
  IN_USE: "In Use",
  ACCESS_DENIED: "Access denied",
  CONTRACT_FINALIZED: "Contract finalized",
};

export const LICENCE_STATUS_DESCRIPTION: Record<LocationLicenceStatus, string> = {
  PENDING_PROVISION: "Generated license, pending assignment to an organization.",
  PENDING_START: "Provisioned license, pending to start its use. It is considered to be in use when there are 5 device connections.",
  IN_USE: "The license is in use, then the contract period is valid.",
  ACCESS_DENIED: "Access denied to the system, where the service is unavailable. Usually forced by some contractual cause.",
  CONTRACT_FINALIZED: "The license contract has been terminated and the service is no longer available.",
};

export const LICENCE_STATUS_TONE: Record<LocationLicenceStatus, "green" | "amber" | "red" | "slate" | "blue"> = {
  PENDING_PROVISION: "slate",
  PENDING_START: "blue",
  IN_USE: "green",
  ACCESS_DENIED: "red",
  CONTRACT_FINALIZED: "amber",
};

export const LICENCE_STATUSES = Object.keys(LICENCE_STATUS_LABEL) as LocationLicenceStatus[];

export const SECTOR_LABEL: Record<LocationSector, string> = {
  HOSPITALITY: "Hospitality",
  RETAIL: "Retail",
  EDUCATION: "Education",
  HEALTHCARE: "Healthcare",
  OFFICE: "Office",
  PUBLIC_VENUE: "Public venue",
  OTHER: "Other",
};

export const SECTORS = Object.keys(SECTOR_LABEL) as LocationSector[];

export const PAYMENT_LABEL: Record<LicencePayment, string> = { MONTHLY: "Monthly", ANNUAL: "Annual" };

/** Advanced modules a location licence can enable (codes stored on the licence). */
export const LICENCE_MODULES = {
  GUEST: "Octopus Guest",
  CAPTIVE_PORTAL: "Captive portal",
  ANALYTICS: "Analytics",
  MARKETING: "Marketing campaigns",
  SOCIAL_LOGIN: "Social login",
  PMS: "PMS integration",
} as const;

export type LicenceModule = keyof typeof LICENCE_MODULES;
export const LICENCE_MODULE_CODES = Object.keys(LICENCE_MODULES) as LicenceModule[];

export function moduleNames(codes: readonly string[]): string {
  return codes.map((code) => LICENCE_MODULES[code as LicenceModule] ?? code).join(", ");
}

/** Connections a location needs before its licence starts counting (docs/location-licences.md#start-at-five-connections). */
export const CONNECTIONS_TO_START = 5;

export const START_WARNING =
  "Once the license has been provisioned, care must be taken when performing laboratory tests as the license starts counting once there are 5 connections in the Location.";

export const LICENCE_TYPE_LABEL: Record<LicenceType, string> = {
  SUBSCRIPTION: "Subscription",
  PAYG: "Pay-As-You-Go",
};

/** What a price is per (docs/money.md#price-books): the "Price per" of a price book. */
export const PRICE_KIND_LABEL: Record<PriceKind, string> = {
  PAYG_UNIT: "billable unit (device-month)",
  SEAT: "monthly-active seat",
  SUBSCRIPTION_MONTH: "unit-month",
  LICENCE_YEAR: "licence-year",
  POINT: "point",
};

export const GATEWAY_STATUS_LABEL = { ONLINE: "Online", OFFLINE: "Offline", NEVER_SEEN: "Never seen" } as const;

/** What each audit event says happened, in words (the code stays in the database and the API). */
/**
 * The catalogue of audit actions: every action the product writes, with its words. Writers
 * take an `AuditAction`, so an action is added here before it can be recorded, and the audit
 * log's Action filter offers this list instead of reading the events (docs/lists.md#audit-log).
 */
export const AUDIT_ACTION_LABEL = {
  "account.created": "Account created",
  "account.inactivated": "Account inactivated",
  "account.reactivated": "Account reactivated",
  "account.trial_activated": "Trial ended: account activated",
  "account.trial_auto_activated": "Trial ended: account activated automatically",
  "account.updated": "Account updated",
  "alerts.setting_changed": "Alert setting changed",
  "api_key.created": "API key created",
  "billing_profile.updated": "Billing profile changed",
  "buyer.price_book_changed": "Buyer's price book changed",
  "api_key.revoked": "API key revoked",
  "contract.added": "Contract added",
  "contract.addon_canceled": "Contract AddOn canceled",
  "contract.archived": "Contract archived",
  "contract.canceled": "Contract canceled",
  "contract.edited": "Contract edited",
  "contract.trial_converted": "Trial converted to subscription",
  "contract.user_center_synced": "Contracts synced from User Center",
  "contract_import.committed": "Contracts imported",
  "device.paired": "Device paired to end user",
  "device.registered": "Device registered",
  "device.unpaired": "Device unpaired",
  "end_user.created": "End user created",
  "end_user.updated": "End user updated",
  "end_user_import.committed": "End users imported",
  "gateway.locked": "Gateway locked to its plan",
  "gateway.moved": "Gateway moved",
  "gateway.registered": "Gateway registered",
  "gateway.removed": "Gateway removed",
  "gateway.unlocked": "Gateway unlocked from its plan",
  "gateway.updated": "Gateway updated",
  "licence.access_denied": "License access denied",
  "licence.access_restored": "License access restored",
  "licence.finalized": "License finalized",
  "licence.generated": "License generated",
  "licence.provisioned": "License provisioned",
  "licence.started": "License started",
  "location.access_point_removed": "Access point removed from location",
  "location.access_points_assigned": "Access points assigned to location",
  "location.created": "Location created",
  "location.updated": "Location updated",
  "membership.added": "User added",
  "membership.removed": "User removed",
  "membership.role_changed": "User role changed",
  "notifications.recipient_added": "Notification recipient added",
  "notifications.recipient_removed": "Notification recipient removed",
  "plan.created": "Plan created",
  "plan.deleted": "Plan deleted",
  "plan.license_type_changed": "Plan license type changed",
  "plan.renamed": "Plan renamed",
  "plan.shared": "Plan shared",
  "plan.unshared": "Plan unshared",
  "points.credited": "Points credited",
  "price.added": "Price added",
  "price.removed": "Price removed",
  "price_book.created": "Price book added",
  "price_book.made_default": "Default price book changed",
  "price_override.added": "Buyer's price override added",
  "price_override.removed": "Buyer's price override removed",
  "points.exchanged": "Points exchanged",
  "pool.auto_exchange_set": "Automatic exchange changed",
  "pool.block_bought": "Licence block bought",
  "pool.licences_assigned": "Licences assigned",
  "pool.licences_recovered": "Licences recovered",
  "pool.monthly_assigned": "Monthly licences assigned",
  "pool.monthly_not_renewed_inactive": "Monthly licences not renewed: account inactive",
  "pool.monthly_renewal_short": "Monthly renewal short of points",
  "pool.monthly_renewed": "Monthly licences renewed",
  "pool.price_tier_added": "Price tier added",
  "pool.price_tier_changed": "Price tier changed",
  "pool.price_tier_removed": "Price tier removed",
  "pool.renewal_priority_set": "Renewal priority changed",
  "records.purged": "Inactive records purged",
  "service.activated": "Service activated",
  "subscription.attached_to_group": "Subscription added to group",
  "subscription.detached_from_group": "Subscription removed from group",
  "user.password_changed": "Password changed",
  "user.signed_out_everywhere": "Signed out everywhere",
  "user_group.created": "Group created",
  "user_group.deleted": "Group deleted",
  "user_group.member_removed": "Group member removed",
  "user_group.members_added": "Group members added",
  "user_group.updated": "Group updated",
  "webhook_endpoint.created": "Webhook endpoint added",
  "webhook_endpoint.deleted": "Webhook endpoint deleted",
  "webhook_endpoint.disabled": "Webhook endpoint switched off",
  "webhook_endpoint.enabled": "Webhook endpoint switched on",
  "webhook_endpoint.secret_rolled": "Webhook signing secret rolled",
  "webhook_endpoint.updated": "Webhook endpoint edited",
  "webhook_delivery.resent": "Webhook event resent",
  "webhook_endpoint.test_sent": "Webhook test event sent",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABEL;

/** The Action filter's options: every catalogued action, in words, alphabetically. */
export const AUDIT_ACTION_OPTIONS: readonly { value: AuditAction; label: string }[] = (
  Object.entries(AUDIT_ACTION_LABEL) as [AuditAction, string][]
)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label, "en"));

/** An audit action in words; an action added without a label still reads as words, never as a code. */
export function auditActionLabel(action: string): string {
  const known = (AUDIT_ACTION_LABEL as Record<string, string>)[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Words for any enum-like code (RULE_REASON, PENDING_PROVISION…) that has no entry in a map above:
 * the last resort so a new code never reaches a screen raw.
 */
export function codeLabel(code: string): string {
  const words = code.toLowerCase().replace(/_+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How a person recognises a location wherever one is picked or printed ("ID Location"): never its internal id. */
export function locationLabel(location: { name: string; sector: LocationSector; accountName: string }): string {
  return `${location.name} — ${location.accountName} (${SECTOR_LABEL[location.sector]})`;
}

export const DEVICE_KIND_LABEL: Record<DeviceKind, string> = {
  GATEWAY: "Gateway",
  ENDPOINT: "Endpoint",
  USER_SEAT: "User seat",
  ACCESS_POINT: "Access point",
};

/** A device kind as read from the database (text in raw queries) in words. */
export function deviceKindLabel(kind: string): string {
  return DEVICE_KIND_LABEL[kind as DeviceKind] ?? codeLabel(kind);
}

/** Every stored code a change record can hold, to its words (codes shared by two enums read the same). */
const VALUE_LABEL: Record<string, string> = {
  ...ACCOUNT_KIND_LABEL,
  ...ACCOUNT_STATUS_LABEL,
  ...ROLE_LABEL,
  ...CONTRACT_TYPE_LABEL,
  ...CONTRACT_STATUS_LABEL,
  ...LICENCE_STATUS_LABEL,
  ...SECTOR_LABEL,
  ...PAYMENT_LABEL,
  ...LICENCE_TYPE_LABEL,
  ...LICENCE_MODULES,
  ...DEVICE_KIND_LABEL,
  ...PRICE_KIND_LABEL,
};

const ENUM_LIKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** One recorded value in words: enum codes become their labels, lists are joined. */
export function valueLabel(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueLabel).join(", ");
  if (typeof value === "string") return VALUE_LABEL[value] ?? (ENUM_LIKE.test(value) && value.length > 2 ? codeLabel(value) : value);
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A change record's field name in words ("maxAccessPoints" → "Max access points"). */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_.]+/g, " ").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
