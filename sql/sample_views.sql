--
-- The ready-made views over the sample company (scripts/data/30-views.sql,
-- doc/bi.md).  Runs after sample_data (pg_regress runs the tests in order
-- in one database), which loaded the sample schema.
-- Expected values are recomputed here with plain SQL (counts, sums,
-- textbook formulas), not read back from the views' own code path.
-- pg_regress runs with TimeZone PST8PDT: the views, weeks cut in UTC, must
-- not depend on it, and the checks below compute in UTC.
--
-- A small company (12 SKUs, 5,000 order lines; the history is always the
-- 731 days of 2024-2025), so that the checks run in seconds.
SET client_min_messages = warning;
SELECT sample.generate(12, 5000, 1) \gset ignored_
RESET client_min_messages;
\set ECHO none
\i scripts/data/30-views.sql
\set ECHO all
SET extra_float_digits = 0;

-- No column a BI tool cannot show: no interval, array or composite type.
SELECT c.relname, a.attname, t.typname
FROM pg_class AS c
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type AS t ON t.oid = a.atttypid
WHERE c.relnamespace = 'sample'::regnamespace AND c.relkind IN ('v', 'm')
  AND (t.typname = 'interval' OR t.typcategory IN ('A', 'C'));
SELECT c.relname, c.relkind, count(*) AS columns,
	   count(DISTINCT a.attname) = count(*) AS unique_names
FROM pg_class AS c
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'sample'::regnamespace AND c.relkind IN ('v', 'm')
GROUP BY 1, 2 ORDER BY 1;

-- KPI scorecard: every one of the 5,000 lines in exactly one row; weeks
-- start on Monday 00:00 UTC; OTIF, fill rate and lateness recounted from
-- the lines (on time: delivered <= promised; in full: shipped >= ordered;
-- fill: sum(min(shipped, ordered)) / sum(ordered)).
SELECT sum(order_lines) AS lines, count(*) AS rows,
	   bool_and(extract(isodow FROM week_start AT TIME ZONE 'UTC') = 1
				AND (week_start AT TIME ZONE 'UTC')::time = '00:00') AS mondays
FROM sample.kpi_scorecard_weekly;
WITH r AS (
	SELECT warehouse_id, date_trunc('week', promised_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week_start,
		   count(*) AS lines,
		   count(*) FILTER (WHERE delivered_at <= promised_at AND qty_shipped >= qty_ordered) AS otif,
		   sum(least(qty_shipped, qty_ordered)) / sum(qty_ordered) AS fill,
		   count(*) FILTER (WHERE delivered_at > promised_at) AS late
	FROM sample.order_line GROUP BY 1, 2
)
SELECT count(*) AS weeks,
	   count(*) FILTER (WHERE v.order_lines = r.lines AND v.otif_lines = r.otif
						AND v.otif_rate = r.otif::float8 / r.lines
						AND abs(v.fill_rate - r.fill) < 1e-12 AND v.late_lines = r.late) AS agree
FROM r JOIN sample.kpi_scorecard_weekly AS v USING (warehouse_id, week_start);

-- Inventory health: one row per SKU-location; demand per day over all 731
-- days with zero-sales days counted (recomputed by a join to every day);
-- reorder point = mean L + z sqrt(L sd^2 + mean^2 sd_L^2) with z =
-- 1.6448536269514722 (95%), safety stock the second term (Silver, Pyke,
-- Thomas 2017, ch. 6).
WITH days AS (
	SELECT l.warehouse_id, l.sku_id, l.lead_time_days AS lt, l.lead_time_sd_days AS lt_sd,
		   avg(coalesce(d.qty, 0)) AS mean, stddev_samp(coalesce(d.qty, 0)) AS sd
	FROM sample.sku_location AS l
	CROSS JOIN generate_series(date '2024-01-01', date '2025-12-31', '1 day') AS g(day)
	LEFT JOIN sample.daily_sales AS d
		ON d.warehouse_id = l.warehouse_id AND d.sku_id = l.sku_id AND d.day = g.day
	GROUP BY 1, 2, 3, 4
)
SELECT count(*) AS sku_locations,
	   count(*) FILTER (WHERE abs(v.demand_units_per_day - d.mean) < 1e-9
						AND abs(v.demand_sd_units_per_day - d.sd) < 1e-9) AS same_demand,
	   count(*) FILTER (WHERE abs(v.safety_stock_units
								 - 1.6448536269514722 * sqrt(d.lt * d.sd ^ 2 + d.mean ^ 2 * d.lt_sd ^ 2)) < 1e-6
						AND abs(v.reorder_point_units - d.mean * d.lt
								- 1.6448536269514722 * sqrt(d.lt * d.sd ^ 2 + d.mean ^ 2 * d.lt_sd ^ 2)) < 1e-6)
		   AS same_policy
FROM days AS d JOIN sample.inventory_health AS v USING (warehouse_id, sku_id);
-- on hand and stock-outs against the snapshots
SELECT count(*) FILTER (WHERE v.on_hand_units = s.on_hand) AS same_on_hand,
	   count(*) FILTER (WHERE v.stockout_day_rate_90d = (SELECT count(*) FILTER (WHERE x.on_hand <= 0)::float8 / 90
														 FROM sample.stock_snapshot AS x
														 WHERE x.warehouse_id = v.warehouse_id AND x.sku_id = v.sku_id
														   AND x.snapshot_at >= '2025-10-03 00:00+00')) AS same_stockouts
FROM sample.inventory_health AS v
JOIN sample.stock_snapshot AS s
	ON s.warehouse_id = v.warehouse_id AND s.sku_id = v.sku_id AND s.snapshot_at = '2025-12-31 00:00+00';

-- Forecast vs actual: 16 weekly rows per SKU-location (12 history, 4
-- forecast); every actual is the units sold in [week_start, + 7 days);
-- forecast weeks are December 1, 8, 15 and 22, 2025.
SELECT count(*) AS rows, count(DISTINCT (warehouse_id, sku_id)) AS sku_locations,
	   count(*) FILTER (WHERE forecast_units IS NOT NULL) AS forecast_rows,
	   min(week_start) FILTER (WHERE weeks_ahead = 1) AT TIME ZONE 'UTC' AS first_forecast_week,
	   max(week_start) AT TIME ZONE 'UTC' AS last_week,
	   bool_and(forecast_lower_units <= forecast_units AND forecast_units <= forecast_upper_units)
		   AS ordered_bounds
FROM sample.forecast_vs_actual;
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE v.actual_units = coalesce((SELECT sum(d.qty) FROM sample.daily_sales AS d
														  WHERE d.warehouse_id = v.warehouse_id AND d.sku_id = v.sku_id
															AND d.day >= (v.week_start AT TIME ZONE 'UTC')::date
															AND d.day < (v.week_start AT TIME ZONE 'UTC')::date + 7), 0))
		   AS same_actual
FROM sample.forecast_vs_actual AS v;

-- Route plan: one row per route; stops as stored; the distance is the sum
-- of geodesic_distance over the legs warehouse -> stops in seq order ->
-- warehouse (another code path than the route_cost aggregate).
WITH legs AS (
	SELECT r.route_id,
		   sum(logistics.geodesic_distance(p.lat, p.lon, p.next_lat, p.next_lon)) / 1000 AS km,
		   count(*) - 1 AS stops
	FROM sample.delivery_route AS r
	JOIN sample.warehouse AS w USING (warehouse_id)
	CROSS JOIN LATERAL (
		SELECT q.lat, q.lon, lead(q.lat) OVER (ORDER BY q.k) AS next_lat,
			   lead(q.lon) OVER (ORDER BY q.k) AS next_lon
		FROM (SELECT 0 AS k, w.lat, w.lon
			  UNION ALL SELECT s.seq, s.lat, s.lon FROM sample.delivery_stop AS s WHERE s.route_id = r.route_id
			  UNION ALL SELECT 2147483647, w.lat, w.lon) AS q) AS p
	WHERE p.next_lat IS NOT NULL
	GROUP BY r.route_id
)
SELECT count(*) AS routes,
	   count(*) FILTER (WHERE abs(v.distance_km - l.km) < 1e-6 AND v.stops = l.stops) AS same_distance_and_stops,
	   count(*) FILTER (WHERE abs(v.co2_kg - 0.21 * v.distance_km) < 1e-9
						AND abs(v.duration_h - (v.distance_km / 35 + v.stops * 5 / 60.0)) < 1e-9)
		   AS same_co2_and_hours
FROM legs AS l JOIN sample.route_plan AS v USING (route_id);

-- The read-only role of doc/bi.md and the README, with exactly the grants
-- shown there: before them a call fails with the message the README quotes
-- (42501); after them the views and the functions (flat forms, PostGIS
-- overloads) work, and the role can still change nothing.  PostGIS is in
-- public here, so public stands for the docs' "postgis" schema.
CREATE ROLE regress_bi_reader NOLOGIN;
SET ROLE regress_bi_reader;
DO $$
BEGIN
	PERFORM logistics.eoq(1200, 50, 2);
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE '%: %', SQLSTATE, SQLERRM;
END $$;
RESET ROLE;
GRANT USAGE ON SCHEMA logistics TO regress_bi_reader;
GRANT USAGE ON SCHEMA public TO regress_bi_reader;
GRANT USAGE ON SCHEMA sample TO regress_bi_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sample TO regress_bi_reader;
SET ROLE regress_bi_reader;
SELECT (SELECT count(*) > 0 FROM sample.kpi_scorecard_weekly) AS scorecard,
	   (SELECT count(*) > 0 FROM sample.inventory_health) AS inventory_health,
	   (SELECT count(*) > 0 FROM sample.forecast_vs_actual) AS forecast_vs_actual,
	   (SELECT count(*) > 0 FROM sample.route_plan) AS route_plan;
-- eoq(1200, 50, 2) = sqrt(2 * 1200 * 50 / 2) = sqrt(60000) = 244.949
SELECT round(logistics.eoq(1200, 50, 2)::numeric, 3) AS eoq,
	   f.otif_rate, f.otif_trials
FROM (SELECT logistics.otif_ci(d, d, q, q) AS r
	  FROM (VALUES ('2026-01-01'::timestamptz, 3.0::float8)) AS v(d, q)) AS x,
	 logistics.otif_flat(x.r) AS f;
-- Warsaw to Paris on the ellipsoid: PostGIS's ST_Distance (its own
-- geodesic code) says 1369662.344 m
SELECT round(logistics.geodesic_distance('POINT(21.0 52.2)'::geography,
										 'POINT(2.35 48.85)'::geography)::numeric, 3) AS warsaw_paris_m;
DO $$
BEGIN
	DELETE FROM sample.order_line;
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE '%: %', SQLSTATE, SQLERRM;
END $$;
RESET ROLE;
REVOKE ALL ON ALL TABLES IN SCHEMA sample FROM regress_bi_reader;
REVOKE ALL ON SCHEMA logistics, public, sample FROM regress_bi_reader;
DROP ROLE regress_bi_reader;
