-- CreateTable
CREATE TABLE "account_status_periods" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "status" "AccountStatus" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "account_status_periods_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_status_periods_account_id_started_at_idx" ON "account_status_periods"("account_id", "started_at" DESC);

-- AddForeignKey
ALTER TABLE "account_status_periods" ADD CONSTRAINT "account_status_periods_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one open period per account, and a period never ends before it starts
-- (Prisma models neither NULLS NOT DISTINCT nor CHECKs). Each change ends the open
-- period where the next starts, so periods do not overlap.
CREATE UNIQUE INDEX "account_status_periods_account_id_ended_at_key" ON "account_status_periods"("account_id", "ended_at") NULLS NOT DISTINCT;
ALTER TABLE "account_status_periods" ADD CONSTRAINT "account_status_periods_order_check" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at");

-- Back-fill: one period per status change in the audit trail, from the change to the next
-- one (the same mapping as STATUS_CHANGE_ACTIONS in src/server/accounts/account-status-periods.ts).
-- Ids follow (created_at, id) of the events, so ties break as they did on audit_events.
INSERT INTO "account_status_periods" ("account_id", "status", "started_at", "ended_at")
SELECT e."account_id",
       (CASE WHEN e."action" = 'account.inactivated' THEN 'INACTIVE' ELSE 'ACTIVE' END)::"AccountStatus",
       e."created_at",
       lead(e."created_at") OVER (PARTITION BY e."account_id" ORDER BY e."created_at", e."id")
FROM "audit_events" e
WHERE e."action" IN ('account.inactivated', 'account.reactivated', 'account.trial_activated', 'account.trial_auto_activated')
ORDER BY e."account_id", e."created_at", e."id";
