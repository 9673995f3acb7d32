-- The usage report's monthly seats read from this index alone, never from the table's rows
-- (docs/metering.md#report-indexes): days is a key column, as the schema cannot say INCLUDE.

-- CreateIndex
CREATE INDEX "month_active_seats_account_id_month_unit_days_idx" ON "month_active_seats"("account_id", "month", "unit", "days");
