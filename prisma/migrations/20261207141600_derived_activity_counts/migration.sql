-- CreateTable
CREATE TABLE "device_day_counts" (
    "account_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "devices" INTEGER NOT NULL,
    "payg_devices" INTEGER NOT NULL,

    CONSTRAINT "device_day_counts_pkey" PRIMARY KEY ("account_id","day","kind")
);

-- CreateTable
CREATE TABLE "month_active_seats" (
    "account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "unit" "ServiceUnit" NOT NULL,
    "seat_id" UUID NOT NULL,
    "days" INTEGER NOT NULL,

    CONSTRAINT "month_active_seats_pkey" PRIMARY KEY ("account_id","month","unit","seat_id")
);

-- CreateTable
CREATE TABLE "month_active_devices" (
    "account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "device_id" UUID NOT NULL,
    "seat_id" UUID NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "days" INTEGER NOT NULL,

    CONSTRAINT "month_active_devices_pkey" PRIMARY KEY ("account_id","month","device_id","seat_id")
);

-- AddForeignKey
ALTER TABLE "device_day_counts" ADD CONSTRAINT "device_day_counts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "month_active_seats" ADD CONSTRAINT "month_active_seats_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "month_active_devices" ADD CONSTRAINT "month_active_devices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The three tables are derived from device_daily_activity and kept by the database itself, in
-- the transaction of every statement that writes it (the telemetry fold, seeds, fixtures, an
-- account's cascade): set-based, from the statement's transition tables, so they change exactly
-- when and as often as the rows they are derived from (docs/metering.md#daily-counts).
--
-- The device kinds a service unit counts, as KINDS_OF_UNIT (src/server/usage/device-service-match.ts)
-- says; tests/integration/metering/derived-activity.test.ts checks the two agree.
CREATE FUNCTION month_seat_units(kind "DeviceKind") RETURNS SETOF "ServiceUnit" LANGUAGE sql IMMUTABLE AS $$
  SELECT u::"ServiceUnit" FROM unnest(CASE kind::text
    WHEN 'GATEWAY' THEN ARRAY['GATEWAY']
    WHEN 'ENDPOINT' THEN ARRAY['DEVICE', 'USER']
    WHEN 'USER_SEAT' THEN ARRAY['USER']
    WHEN 'ACCESS_POINT' THEN ARRAY['ACCESS_POINT', 'ROOM'] END) AS u
$$;

-- device_day_counts: a row counts +1 in its (account, day, kind) when it appears and -1 when it
-- goes; an UPDATE counts its old rows out and its new rows in (a gateway turning PAYG moves one
-- into payg_devices). The month tables: a new row sets its day's bit (OR: idempotent).
CREATE FUNCTION device_daily_activity_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO device_day_counts AS c (account_id, day, kind, devices, payg_devices)
    SELECT account_id, day, kind, count(*)::int, (count(*) FILTER (WHERE payg))::int
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (account_id, day, kind) DO UPDATE
      SET devices = c.devices + EXCLUDED.devices, payg_devices = c.payg_devices + EXCLUDED.payg_devices;
    INSERT INTO month_active_devices AS m (account_id, month, device_id, seat_id, kind, days)
    SELECT account_id, date_trunc('month', day::timestamp)::date, device_id, COALESCE(end_user_id, device_id), min(kind::text)::"DeviceKind",
           bit_or(1 << (extract(day FROM day)::int - 1))
    FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (account_id, month, device_id, seat_id) DO UPDATE
      SET days = m.days | EXCLUDED.days WHERE m.days | EXCLUDED.days <> m.days;
    INSERT INTO month_active_seats AS s (account_id, month, unit, seat_id, days)
    SELECT r.account_id, date_trunc('month', r.day::timestamp)::date, u.unit, COALESCE(r.end_user_id, r.device_id),
           bit_or(1 << (extract(day FROM r.day)::int - 1))
    FROM new_rows r CROSS JOIN LATERAL month_seat_units(r.kind) AS u(unit)
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (account_id, month, unit, seat_id) DO UPDATE
      SET days = s.days | EXCLUDED.days WHERE s.days | EXCLUDED.days <> s.days;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO device_day_counts AS c (account_id, day, kind, devices, payg_devices)
    SELECT account_id, day, kind, sum(n)::int, sum(p)::int
    FROM (SELECT account_id, day, kind, 1 AS n, payg::int AS p FROM new_rows
          UNION ALL
          SELECT account_id, day, kind, -1, -(payg::int) FROM old_rows) d
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(p) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (account_id, day, kind) DO UPDATE
      SET devices = c.devices + EXCLUDED.devices, payg_devices = c.payg_devices + EXCLUDED.payg_devices;
  ELSE
    -- Only rows that are there: an account's delete cascades to its counts as well.
    UPDATE device_day_counts c SET devices = c.devices - d.n, payg_devices = c.payg_devices - d.p
    FROM (SELECT account_id, day, kind, count(*)::int AS n, (count(*) FILTER (WHERE payg))::int AS p
          FROM old_rows GROUP BY 1, 2, 3) d
    WHERE c.account_id = d.account_id AND c.day = d.day AND c.kind = d.kind;
  END IF;
  RETURN NULL;
END $$;

-- A row that goes, or changes account, day, device, kind or end user (which the fold never does:
-- it widens first/last seen, events and PAYG): the month tables of its (account, month) are
-- rebuilt from the activity left, as a day's bit cannot be cleared by subtraction.
CREATE FUNCTION month_active_rebuild(p_account uuid, p_month date) RETURNS void LANGUAGE sql AS $$
  DELETE FROM month_active_devices WHERE account_id = p_account AND month = p_month;
  DELETE FROM month_active_seats WHERE account_id = p_account AND month = p_month;
  INSERT INTO month_active_devices (account_id, month, device_id, seat_id, kind, days)
  SELECT account_id, p_month, device_id, COALESCE(end_user_id, device_id), min(kind::text)::"DeviceKind",
         bit_or(1 << (extract(day FROM day)::int - 1))
  FROM device_daily_activity
  WHERE account_id = p_account AND day >= p_month AND day < (p_month + interval '1 month')::date
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
  INSERT INTO month_active_seats (account_id, month, unit, seat_id, days)
  SELECT r.account_id, p_month, u.unit, COALESCE(r.end_user_id, r.device_id), bit_or(1 << (extract(day FROM r.day)::int - 1))
  FROM device_daily_activity r CROSS JOIN LATERAL month_seat_units(r.kind) AS u(unit)
  WHERE r.account_id = p_account AND r.day >= p_month AND r.day < (p_month + interval '1 month')::date
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
$$;

CREATE FUNCTION month_active_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM month_active_rebuild(OLD.account_id, date_trunc('month', OLD.day::timestamp)::date);
  PERFORM month_active_rebuild(NEW.account_id, date_trunc('month', NEW.day::timestamp)::date);
  RETURN NULL;
END $$;

CREATE FUNCTION month_active_rows_gone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  gone record;
BEGIN
  FOR gone IN SELECT DISTINCT account_id, date_trunc('month', day::timestamp)::date AS month FROM old_rows ORDER BY 1, 2 LOOP
    PERFORM month_active_rebuild(gone.account_id, gone.month);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER device_daily_activity_insert AFTER INSERT ON device_daily_activity
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION device_daily_activity_derive();
CREATE TRIGGER device_daily_activity_update AFTER UPDATE ON device_daily_activity
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION device_daily_activity_derive();
CREATE TRIGGER device_daily_activity_delete AFTER DELETE ON device_daily_activity
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION device_daily_activity_derive();
-- Per row, and only for a row whose seat or day changed: the WHEN test costs the fold nothing.
CREATE TRIGGER month_active_update AFTER UPDATE OF account_id, day, device_id, kind, end_user_id ON device_daily_activity
  FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.day IS DISTINCT FROM NEW.day
                     OR OLD.device_id IS DISTINCT FROM NEW.device_id OR OLD.kind IS DISTINCT FROM NEW.kind
                     OR OLD.end_user_id IS DISTINCT FROM NEW.end_user_id)
  EXECUTE FUNCTION month_active_row_moved();
CREATE TRIGGER month_active_delete AFTER DELETE ON device_daily_activity
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION month_active_rows_gone();

CREATE FUNCTION device_daily_activity_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM device_day_counts;
  DELETE FROM month_active_devices;
  DELETE FROM month_active_seats;
  RETURN NULL;
END $$;
CREATE TRIGGER device_daily_activity_truncate AFTER TRUNCATE ON device_daily_activity
  FOR EACH STATEMENT EXECUTE FUNCTION device_daily_activity_truncate();

-- The activity already recorded.
INSERT INTO device_day_counts (account_id, day, kind, devices, payg_devices)
SELECT account_id, day, kind, count(*)::int, (count(*) FILTER (WHERE payg))::int
FROM device_daily_activity GROUP BY 1, 2, 3;
INSERT INTO month_active_devices (account_id, month, device_id, seat_id, kind, days)
SELECT account_id, date_trunc('month', day::timestamp)::date, device_id, COALESCE(end_user_id, device_id), min(kind::text)::"DeviceKind",
       bit_or(1 << (extract(day FROM day)::int - 1))
FROM device_daily_activity GROUP BY 1, 2, 3, 4;
INSERT INTO month_active_seats (account_id, month, unit, seat_id, days)
SELECT r.account_id, date_trunc('month', r.day::timestamp)::date, u.unit, COALESCE(r.end_user_id, r.device_id), bit_or(1 << (extract(day FROM r.day)::int - 1))
FROM device_daily_activity r CROSS JOIN LATERAL month_seat_units(r.kind) AS u(unit)
GROUP BY 1, 2, 3, 4;
