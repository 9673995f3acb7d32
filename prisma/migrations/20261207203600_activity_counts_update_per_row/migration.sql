-- device_day_counts follows an UPDATE of the activity row by row, and only for a row whose
-- (account, day, kind) or PAYG changed (docs/metering.md#daily-counts). The statement-level
-- trigger it replaces made PostgreSQL copy every updated row, before and after, into transition
-- tables: the telemetry fold updates thousands of device-days per statement (first/last seen,
-- events) and changes the count of almost none. A row trigger's WHEN is tested as each row is
-- updated, and only the rows it lets through are queued, so the fold's updates cost nothing here.
DROP TRIGGER device_daily_activity_update ON device_daily_activity;

CREATE FUNCTION device_day_counts_row_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO device_day_counts AS c (account_id, day, kind, devices, payg_devices)
  SELECT account_id, day, kind, sum(n)::int, sum(p)::int
  FROM (VALUES (OLD.account_id, OLD.day, OLD.kind, -1, -(OLD.payg::int)),
               (NEW.account_id, NEW.day, NEW.kind, 1, NEW.payg::int)) AS d(account_id, day, kind, n, p)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (account_id, day, kind) DO UPDATE
    SET devices = c.devices + EXCLUDED.devices, payg_devices = c.payg_devices + EXCLUDED.payg_devices;
  RETURN NULL;
END $$;

CREATE TRIGGER device_day_counts_update AFTER UPDATE OF account_id, day, kind, payg ON device_daily_activity
  FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.day IS DISTINCT FROM NEW.day
                     OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.payg IS DISTINCT FROM NEW.payg)
  EXECUTE FUNCTION device_day_counts_row_moved();

-- The statement trigger keeps inserts and deletes (their transition tables hold only the rows
-- that appear or go); its UPDATE branch is the row trigger above now.
CREATE OR REPLACE FUNCTION device_daily_activity_derive() RETURNS trigger LANGUAGE plpgsql AS $$
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
  ELSIF TG_OP = 'DELETE' THEN
    -- Only rows that are there: an account's delete cascades to its counts as well.
    UPDATE device_day_counts c SET devices = c.devices - d.n, payg_devices = c.payg_devices - d.p
    FROM (SELECT account_id, day, kind, count(*)::int AS n, (count(*) FILTER (WHERE payg))::int AS p
          FROM old_rows GROUP BY 1, 2, 3) d
    WHERE c.account_id = d.account_id AND c.day = d.day AND c.kind = d.kind;
  END IF;
  RETURN NULL;
END $$;
