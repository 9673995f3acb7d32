-- DropIndex
DROP INDEX "telemetry_events_at_idx";

-- CreateTable
CREATE TABLE "telemetry_pending" (
    "account_id" UUID NOT NULL,
    "event_key" TEXT NOT NULL,
    "device_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL
);

-- CreateIndex
CREATE INDEX "telemetry_events_at_idx" ON "telemetry_events" USING BRIN ("at");
-- A queue: every row is deleted within seconds of being written. Vacuum it by
-- a fixed number of dead rows, not a share of a table that is nearly always empty.
ALTER TABLE "telemetry_pending" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000);
