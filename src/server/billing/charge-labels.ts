/** What a charge line is for (docs/money.md#what-is-charged); screens show CHARGE_KIND_LABEL. */
export type ChargeKind = "PAYG" | "SEAT" | "SUBSCRIPTION" | "LICENCE" | "ADJUSTMENT" | "POOL_ORDER" | "POINTS_CREDIT" | "NOT_CHARGED";

export const CHARGE_KIND_LABEL: Record<ChargeKind, string> = {
  PAYG: "Pay-As-You-Go",
  SEAT: "Monthly-active seats",
  SUBSCRIPTION: "Subscription",
  LICENCE: "Location licence",
  ADJUSTMENT: "Adjustment",
  POOL_ORDER: "Annual pool order",
  POINTS_CREDIT: "Points credit",
  NOT_CHARGED: "Not charged",
};
