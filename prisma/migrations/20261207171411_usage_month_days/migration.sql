-- CreateTable
CREATE TABLE "usage_month_days" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "payg_device_days" INTEGER NOT NULL,
    "metered_days" INTEGER NOT NULL,
    "billable_days" INTEGER NOT NULL,

    CONSTRAINT "usage_month_days_pkey" PRIMARY KEY ("account_id","service_id","month")
);

-- AddForeignKey
ALTER TABLE "usage_month_days" ADD CONSTRAINT "usage_month_days_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_month_days" ADD CONSTRAINT "usage_month_days_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- usage_month_days is derived from usage_daily and kept by the database in the transaction of
-- every statement that writes it (metering's one statement, a fixture, an account's cascade):
-- an inserted day adds its device-days and sets its billable bit; a day that goes or changes
-- rebuilds its (account, service, month) from the days left, as a bit cannot be subtracted
-- (docs/metering.md#month-to-date).
CREATE FUNCTION usage_month_days_rebuild(p_account uuid, p_service uuid, p_month date) RETURNS void LANGUAGE sql AS $$
  DELETE FROM usage_month_days WHERE account_id = p_account AND service_id = p_service AND month = p_month;
  INSERT INTO usage_month_days (account_id, service_id, month, payg_device_days, metered_days, billable_days)
  SELECT account_id, service_id, p_month, sum(payg_device_days)::int, count(*)::int,
         COALESCE(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE billable), 0)
  FROM usage_daily
  WHERE account_id = p_account AND service_id = p_service AND day >= p_month AND day < (p_month + interval '1 month')::date
  GROUP BY account_id, service_id;
$$;

CREATE FUNCTION usage_daily_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_month_days AS m (account_id, service_id, month, payg_device_days, metered_days, billable_days)
  SELECT account_id, service_id, date_trunc('month', day::timestamp)::date, sum(payg_device_days)::int, count(*)::int,
         COALESCE(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE billable), 0)
  FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, service_id, month) DO UPDATE
    SET payg_device_days = m.payg_device_days + EXCLUDED.payg_device_days,
        metered_days = m.metered_days + EXCLUDED.metered_days,
        billable_days = m.billable_days | EXCLUDED.billable_days;
  RETURN NULL;
END $$;

CREATE FUNCTION usage_daily_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair record;
BEGIN
  FOR pair IN
    SELECT DISTINCT account_id, service_id, date_trunc('month', day::timestamp)::date AS month FROM old_rows
    UNION
    SELECT DISTINCT account_id, service_id, date_trunc('month', day::timestamp)::date FROM new_rows
    ORDER BY 1, 2, 3
  LOOP
    PERFORM usage_month_days_rebuild(pair.account_id, pair.service_id, pair.month);
  END LOOP;
  RETURN NULL;
END $$;

CREATE FUNCTION usage_daily_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair record;
BEGIN
  FOR pair IN SELECT DISTINCT account_id, service_id, date_trunc('month', day::timestamp)::date AS month FROM old_rows ORDER BY 1, 2, 3 LOOP
    PERFORM usage_month_days_rebuild(pair.account_id, pair.service_id, pair.month);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER usage_daily_insert AFTER INSERT ON usage_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_daily_added();
CREATE TRIGGER usage_daily_update AFTER UPDATE ON usage_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_daily_changed();
CREATE TRIGGER usage_daily_delete AFTER DELETE ON usage_daily
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_daily_removed();

-- What is metered already.
INSERT INTO usage_month_days (account_id, service_id, month, payg_device_days, metered_days, billable_days)
SELECT account_id, service_id, date_trunc('month', day::timestamp)::date, sum(payg_device_days)::int, count(*)::int,
       COALESCE(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE billable), 0)
FROM usage_daily GROUP BY 1, 2, 3;
