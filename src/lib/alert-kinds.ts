import type { AlertKind } from "@/generated/prisma/enums";

/** Every kind of alert, in the order the Alerts page lists them (docs/money.md#alerts). */
export const ALERT_KINDS = ["PAYG_OVER_QUANTITY", "FORECAST_OVER_BUDGET", "USAGE_SPIKE", "USAGE_DROP", "POOL_SHORT"] as const satisfies readonly AlertKind[];

export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  PAYG_OVER_QUANTITY: "PAYG usage over the contract's quantity",
  FORECAST_OVER_BUDGET: "Month-end forecast over budget",
  USAGE_SPIKE: "Usage spike",
  USAGE_DROP: "Usage drop",
  POOL_SHORT: "Monthly pool short at the next renewal",
};

export const ALERT_KIND_HELP: Record<AlertKind, string> = {
  PAYG_OVER_QUANTITY: "Once a month per contract, when a final day's PAYG devices pass the PAYG contract's quantity.",
  FORECAST_OVER_BUDGET: "Once a month, when the month-end forecast of this account's charges passes the budget.",
  USAGE_SPIKE: "Once per service and day, when a final day's active devices rise beyond the percentage and by at least the number of devices.",
  USAGE_DROP: "Once per service and day, when a final day's active devices fall beyond the percentage and by at least the number of devices.",
  POOL_SHORT: "Once per pool and renewal, when the next renewal on the 1st will be short, this many days ahead or fewer.",
};

/** What the threshold of a kind is, in words for its field; null when the kind has none. */
export const ALERT_THRESHOLD_LABEL: Record<AlertKind, string | null> = {
  PAYG_OVER_QUANTITY: null,
  FORECAST_OVER_BUDGET: "Budget",
  USAGE_SPIKE: "Rise beyond (%)",
  USAGE_DROP: "Fall beyond (%)",
  POOL_SHORT: "Days ahead",
};

export interface AlertRule {
  enabled: boolean;
  /** Budget in minor units (forecast), percent (spike, drop), days ahead (pool); null when unused or unset. */
  threshold: number | null;
  /** Spike and drop: the least number of devices that changed. */
  minDevices: number | null;
  recipients: string[];
}

/** Days before the 1st from which a short renewal is announced, unless the partner chose otherwise. */
export const POOL_SHORT_DEFAULT_DAYS = 7;

/**
 * What applies to an account without a setting of its own (docs/money.md#alerts): the PAYG and pool
 * alerts on; the budget off (no budget to compare with); spikes and drops off (office devices rise and
 * fall with every weekend), at 50 % and 10 devices once switched on.
 */
export const ALERT_DEFAULTS: Record<AlertKind, AlertRule> = {
  PAYG_OVER_QUANTITY: { enabled: true, threshold: null, minDevices: null, recipients: [] },
  FORECAST_OVER_BUDGET: { enabled: false, threshold: null, minDevices: null, recipients: [] },
  USAGE_SPIKE: { enabled: false, threshold: 50, minDevices: 10, recipients: [] },
  USAGE_DROP: { enabled: false, threshold: 50, minDevices: 10, recipients: [] },
  POOL_SHORT: { enabled: true, threshold: POOL_SHORT_DEFAULT_DAYS, minDevices: null, recipients: [] },
};
