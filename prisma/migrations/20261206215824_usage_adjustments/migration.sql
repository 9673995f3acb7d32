-- AlterTable
ALTER TABLE "usage_corrections" ADD COLUMN     "billed_month" DATE,
ADD COLUMN     "device_external_id" TEXT;

-- AlterTable
ALTER TABLE "usage_monthly" ADD COLUMN     "adjustment_days" INTEGER NOT NULL DEFAULT 0;

-- Backfill: a correction that existed when its month was rolled up was counted there;
-- one recorded after that roll-up stays unbilled and becomes an adjustment of the next one.
UPDATE "usage_corrections" c SET "billed_month" = m."month"
FROM "usage_monthly" m
WHERE m."account_id" = c."account_id" AND m."service_id" = c."service_id"
  AND m."month" = date_trunc('month', c."day"::timestamp)::date AND c."created_at" <= m."rolled_up_at";

UPDATE "usage_corrections" c SET "device_external_id" = d."external_id"
FROM "devices" d WHERE d."id" = c."device_id";
