import { WEBHOOK_DISABLED_REASON_LABEL } from "@/lib/webhook-events";

/** How an endpoint's state reads on the list and its page. */
export function endpointStatus(endpoint: { enabled: boolean; disabledReason: string | null; failingSince: Date | null }): {
  label: string;
  tone: "green" | "amber" | "red" | "slate";
} {
  if (!endpoint.enabled) {
    return endpoint.disabledReason === "FAILING"
      ? { label: WEBHOOK_DISABLED_REASON_LABEL.FAILING!, tone: "red" }
      : { label: WEBHOOK_DISABLED_REASON_LABEL.MANUAL!, tone: "slate" };
  }
  return endpoint.failingSince ? { label: "On, failing", tone: "amber" } : { label: "On", tone: "green" };
}
