-- CreateTable
CREATE TABLE "month_seat_counts" (
    "account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "unit" "ServiceUnit" NOT NULL,
    "seats" INTEGER NOT NULL,

    CONSTRAINT "month_seat_counts_pkey" PRIMARY KEY ("account_id","month","unit")
);

-- AddForeignKey
ALTER TABLE "month_seat_counts" ADD CONSTRAINT "month_seat_counts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- month_seat_counts is kept with month_active_seats by the activity triggers, in the same
-- statement (docs/metering.md#month-to-date): the seat upsert returns the rows it added (a fresh
-- row has xmax 0; a row it updated carries the updating transaction's id), and each (account,
-- month, unit) count rises by those. A concurrent writer that meets the same new seat waits for
-- the first and then updates (or skips) it: the seat is counted once. Rebuilds recount.
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

CREATE OR REPLACE FUNCTION month_active_rebuild(p_account uuid, p_month date) RETURNS void LANGUAGE sql AS $$
  DELETE FROM month_active_devices WHERE account_id = p_account AND month = p_month;
  DELETE FROM month_active_seats WHERE account_id = p_account AND month = p_month;
  DELETE FROM month_seat_counts WHERE account_id = p_account AND month = p_month;
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
  INSERT INTO month_seat_counts (account_id, month, unit, seats)
  SELECT account_id, month, unit, count(*)::int FROM month_active_seats
  WHERE account_id = p_account AND month = p_month GROUP BY 1, 2, 3;
$$;

CREATE OR REPLACE FUNCTION device_daily_activity_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM device_day_counts;
  DELETE FROM month_active_devices;
  DELETE FROM month_active_seats;
  DELETE FROM month_seat_counts;
  RETURN NULL;
END $$;

-- The seats already recorded.
INSERT INTO month_seat_counts (account_id, month, unit, seats)
SELECT account_id, month, unit, count(*)::int FROM month_active_seats GROUP BY 1, 2, 3;
