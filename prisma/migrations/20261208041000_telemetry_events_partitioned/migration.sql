-- telemetry_events becomes a table partitioned by UTC day of "at", so the dedupe keys of days past
-- the telemetry horizon are dropped whole (docs/metering.md#bounded-dedupe-storage). A partitioned
-- table's primary key must hold the partition key: an event is now identified by (account, key, instant).
-- Partitions are created by the daily run (and by ingestion when one is missing); this migration
-- creates only those that hold existing rows, copies the rows, and drops the old table.

ALTER TABLE "telemetry_events" RENAME TO "telemetry_events_unpartitioned";
ALTER TABLE "telemetry_events_unpartitioned" RENAME CONSTRAINT "telemetry_events_pkey" TO "telemetry_events_unpartitioned_pkey";
ALTER TABLE "telemetry_events_unpartitioned" RENAME CONSTRAINT "telemetry_events_account_id_fkey" TO "telemetry_events_unpartitioned_account_id_fkey";
-- The BRIN on "at" served time-range deletes; dropping a day's partition replaces them.
DROP INDEX "telemetry_events_at_idx";

-- CreateTable
CREATE TABLE "telemetry_events" (
    "account_id" UUID NOT NULL,
    "event_key" TEXT NOT NULL,
    "device_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telemetry_events_pkey" PRIMARY KEY ("account_id","event_key","at")
) PARTITION BY RANGE ("at");

-- AddForeignKey
ALTER TABLE "telemetry_events" ADD CONSTRAINT "telemetry_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One partition per UTC day that holds rows, named as telemetry-partitions.ts names them.
DO $$
DECLARE
  d date;
BEGIN
  FOR d IN SELECT DISTINCT ("at" AT TIME ZONE 'UTC')::date FROM "telemetry_events_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "telemetry_events" FOR VALUES FROM (%L) TO (%L)',
                   'telemetry_events_p' || to_char(d, 'YYYYMMDD'),
                   to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00',
                   to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  END LOOP;
END
$$;

INSERT INTO "telemetry_events" ("account_id", "event_key", "device_id", "at", "received_at")
SELECT "account_id", "event_key", "device_id", "at", "received_at" FROM "telemetry_events_unpartitioned";

DROP TABLE "telemetry_events_unpartitioned";
