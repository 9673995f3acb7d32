-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('GATEWAY', 'ENDPOINT', 'USER_SEAT', 'ACCESS_POINT');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "end_users" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "end_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "name" TEXT,
    "end_user_id" UUID,
    "gateway_id" UUID,
    "registered_by" TEXT NOT NULL DEFAULT 'telemetry',
    "first_seen_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_events" (
    "account_id" UUID NOT NULL,
    "event_key" TEXT NOT NULL,
    "device_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telemetry_events_pkey" PRIMARY KEY ("account_id","event_key")
);

-- CreateTable
CREATE TABLE "device_daily_activity" (
    "account_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "device_id" UUID NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "end_user_id" UUID,
    "payg" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "device_daily_activity_pkey" PRIMARY KEY ("account_id","day","device_id")
);

-- CreateTable
CREATE TABLE "usage_daily" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "active_devices" INTEGER NOT NULL,
    "payg_device_days" INTEGER NOT NULL,
    "billable" BOOLEAN NOT NULL DEFAULT true,
    "payg" BOOLEAN NOT NULL DEFAULT false,
    "run_id" UUID,
    "metered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_daily_pkey" PRIMARY KEY ("account_id","service_id","day")
);

-- CreateTable
CREATE TABLE "usage_monthly" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "days_in_month" INTEGER NOT NULL,
    "payg_device_days" INTEGER NOT NULL,
    "monthly_active_seats" INTEGER NOT NULL,
    "correction_days" INTEGER NOT NULL DEFAULT 0,
    "run_id" UUID,
    "rolled_up_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_monthly_pkey" PRIMARY KEY ("account_id","service_id","month")
);

-- CreateTable
CREATE TABLE "usage_corrections" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "device_id" UUID NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "event_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_corrections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metering_watermarks" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "last_day" DATE NOT NULL,

    CONSTRAINT "metering_watermarks_pkey" PRIMARY KEY ("account_id","service_id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "progress" JSONB,
    "counts" JSONB,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "end_users_account_id_external_id_key" ON "end_users"("account_id", "external_id");

-- CreateIndex
CREATE INDEX "devices_account_id_kind_idx" ON "devices"("account_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "devices_account_id_external_id_key" ON "devices"("account_id", "external_id");

-- CreateIndex
CREATE INDEX "telemetry_events_at_idx" ON "telemetry_events"("at");

-- CreateIndex
CREATE INDEX "device_daily_activity_day_idx" ON "device_daily_activity"("day");

-- CreateIndex
CREATE INDEX "usage_daily_day_idx" ON "usage_daily"("day");

-- CreateIndex
CREATE UNIQUE INDEX "usage_corrections_account_id_service_id_day_device_id_key" ON "usage_corrections"("account_id", "service_id", "day", "device_id");

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_period_key" ON "job_runs"("job", "period");

-- AddForeignKey
ALTER TABLE "end_users" ADD CONSTRAINT "end_users_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_end_user_id_fkey" FOREIGN KEY ("end_user_id") REFERENCES "end_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_gateway_id_fkey" FOREIGN KEY ("gateway_id") REFERENCES "gateways"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_events" ADD CONSTRAINT "telemetry_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_daily_activity" ADD CONSTRAINT "device_daily_activity_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly" ADD CONSTRAINT "usage_monthly_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly" ADD CONSTRAINT "usage_monthly_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_corrections" ADD CONSTRAINT "usage_corrections_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_corrections" ADD CONSTRAINT "usage_corrections_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metering_watermarks" ADD CONSTRAINT "metering_watermarks_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
