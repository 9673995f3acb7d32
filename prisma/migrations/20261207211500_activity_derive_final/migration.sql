-- The activity's statement trigger function as both earlier migrations mean it: seat counts kept
-- with the seats they add (20261207203929_month_seat_counts) and no UPDATE branch, since updates are
-- followed row by row (20261207203600_activity_counts_update_per_row). Written once more here so the
-- result does not depend on the order in which a database applied those two
-- (docs/metering.md#daily-counts).
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
    WITH seated AS (
      INSERT INTO month_active_seats AS s (account_id, month, unit, seat_id, days)
      SELECT r.account_id, date_trunc('month', r.day::timestamp)::date, u.unit, COALESCE(r.end_user_id, r.device_id),
             bit_or(1 << (extract(day FROM r.day)::int - 1))
      FROM new_rows r CROSS JOIN LATERAL month_seat_units(r.kind) AS u(unit)
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (account_id, month, unit, seat_id) DO UPDATE
        SET days = s.days | EXCLUDED.days WHERE s.days | EXCLUDED.days <> s.days
      RETURNING s.account_id, s.month, s.unit, s.xmax = 0 AS added
    )
    INSERT INTO month_seat_counts AS n (account_id, month, unit, seats)
    SELECT account_id, month, unit, count(*)::int FROM seated WHERE added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (account_id, month, unit) DO UPDATE SET seats = n.seats + EXCLUDED.seats;
  ELSIF TG_OP = 'DELETE' THEN
    -- Only rows that are there: an account's delete cascades to its counts as well.
    UPDATE device_day_counts c SET devices = c.devices - d.n, payg_devices = c.payg_devices - d.p
    FROM (SELECT account_id, day, kind, count(*)::int AS n, (count(*) FILTER (WHERE payg))::int AS p
          FROM old_rows GROUP BY 1, 2, 3) d
    WHERE c.account_id = d.account_id AND c.day = d.day AND c.kind = d.kind;
  END IF;
  RETURN NULL;
END $$;
