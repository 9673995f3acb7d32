-- CreateTable
CREATE TABLE "usage_seats" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "seat_id" UUID NOT NULL,
    "first_day" DATE NOT NULL,
    "run_id" UUID,

    CONSTRAINT "usage_seats_pkey" PRIMARY KEY ("account_id","service_id","month","seat_id")
);

-- CreateTable
CREATE TABLE "usage_seat_counts" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "seats" INTEGER NOT NULL,

    CONSTRAINT "usage_seat_counts_pkey" PRIMARY KEY ("account_id","service_id","month")
);

-- AddForeignKey
ALTER TABLE "usage_seats" ADD CONSTRAINT "usage_seats_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_seat_counts" ADD CONSTRAINT "usage_seat_counts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_seat_counts" ADD CONSTRAINT "usage_seat_counts_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill: the seats of every billable day metered before this store existed,
-- by the same rule metering now applies as it meters each day (meter-days.ts).
INSERT INTO "usage_seats" ("account_id", "service_id", "month", "seat_id", "first_day", "run_id")
SELECT u."account_id", u."service_id", date_trunc('month', u."day")::date, COALESCE(act."end_user_id", act."device_id"), min(u."day"), NULL
FROM "usage_daily" u
JOIN "services" sv ON sv."id" = u."service_id"
JOIN "device_daily_activity" act ON act."account_id" = u."account_id" AND act."day" = u."day"
WHERE u."billable"
  AND ((act."kind" = 'GATEWAY' AND sv."unit" = 'GATEWAY')
    OR (act."kind" = 'ENDPOINT' AND sv."unit" IN ('DEVICE', 'USER'))
    OR (act."kind" = 'USER_SEAT' AND sv."unit" = 'USER')
    OR (act."kind" = 'ACCESS_POINT' AND sv."unit" IN ('ACCESS_POINT', 'ROOM')))
GROUP BY 1, 2, 3, 4;

INSERT INTO "usage_seat_counts" ("account_id", "service_id", "month", "seats")
SELECT "account_id", "service_id", "month", count(*)::int FROM "usage_seats" GROUP BY 1, 2, 3;
