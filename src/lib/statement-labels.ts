import type { StatementStatus } from "@/generated/prisma/enums";

/** Statement statuses in words (docs/money.md#statements). */
export const STATEMENT_STATUS_LABEL: Record<StatementStatus, string> = { DRAFT: "Draft", FINAL: "Final" };
export const STATEMENT_STATUS_TONE = { DRAFT: "amber", FINAL: "green" } as const satisfies Record<StatementStatus, string>;

/** The two sides of the Statements list. */
export const STATEMENT_DIRECTION_LABEL = { issued: "Issued to buyers", received: "Received from seller" } as const;
