--
-- BI companions (src/bi/bi.sql, src/forecast/forecast_model_ops.sql):
-- flat forms, row forms with time columns, the fraction convention for
-- interval levels, the NaN policy, and operators on forecast_model.
--
-- Expected values are hand calculations written in the comments (Wilson
-- intervals, WGS84 equatorial arcs, percentiles by position p (n - 1)).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
SET TimeZone = 'UTC';

-- SQLSTATE and message of an error, or 'ok'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Two lines promised 2 Jan: one delivered 1 Jan with 10 of 10 units, one
-- 3 Jan with 5 of 10.  OTIF 1/2; Wilson 95% (z = 1.959964, z^2 =
-- 3.841459): (2*1 + z^2 -/+ z sqrt(z^2 + 4*1*1/2)) / (2 (2 + z^2)) =
-- (5.841459 -/+ 4.737058) / 11.682918 = 0.094531, 0.905469.  Fill 15/20 =
-- 0.75; n = 20, s = 15: (30 + 3.841459 -/+ 1.959964 sqrt(3.841459 + 15))
-- / (2 * 23.841459) = (33.841459 -/+ 8.508633) / 47.682918 = 0.531299,
-- 0.888138.  Two rates in one SELECT keep their own names.
SELECT o.otif_rate, round(o.otif_lower::numeric, 6) AS otif_lower,
	   round(o.otif_upper::numeric, 6) AS otif_upper, o.otif_successes, o.otif_trials,
	   f.fill_rate, round(f.fill_lower::numeric, 6) AS fill_lower,
	   round(f.fill_upper::numeric, 6) AS fill_upper, f.fill_successes, f.fill_trials
FROM (SELECT logistics.otif_ci(p, d, qo, qs) AS otif, logistics.fill_rate_ci(qo, qs) AS fill
	  FROM (VALUES ('2024-01-02'::timestamptz, '2024-01-01'::timestamptz, 10::float8, 10::float8),
				   ('2024-01-02', '2024-01-03', 10, 5)) AS v(p, d, qo, qs)) AS s
CROSS JOIN LATERAL logistics.otif_flat(s.otif) AS o
CROSS JOIN LATERAL logistics.fill_rate_flat(s.fill) AS f;

-- the select-list form gives the same columns
SELECT (logistics.on_time_flat(logistics.on_time_rate_ci(p, d))).*
FROM (VALUES ('2024-01-02'::timestamptz, '2024-01-01'::timestamptz),
			 ('2024-01-02', '2024-01-03')) AS v(p, d);

-- every rate's flat form, on 3 of 4 (Wilson: 0.300642, 0.954413, as
-- doc/fulfillment.md's order_accuracy example)
SELECT f.fn, round(f.rate::numeric, 6) AS rate, round(f.lower::numeric, 6) AS lower,
	   round(f.upper::numeric, 6) AS upper, f.successes, f.trials
FROM (SELECT '(0.75,0.3006418425824019,0.9544127391902995,3,4)'::logistics.rate_ci AS r) AS x,
LATERAL (SELECT 'order_accuracy', * FROM logistics.order_accuracy_flat(x.r)
		 UNION ALL SELECT 'perfect_order', * FROM logistics.perfect_order_flat(x.r)
		 UNION ALL SELECT 'on_time', * FROM logistics.on_time_flat(x.r)
		 UNION ALL SELECT 'otif', * FROM logistics.otif_flat(x.r)
		 UNION ALL SELECT 'fill_rate', * FROM logistics.fill_rate_flat(x.r)
		 UNION ALL SELECT 'line_fill', * FROM logistics.line_fill_flat(x.r)
		 UNION ALL SELECT 'order_fill', * FROM logistics.order_fill_flat(x.r)
		 UNION ALL SELECT 'return', * FROM logistics.return_flat(x.r))
	AS f(fn, rate, lower, upper, successes, trials);

-- Route (0, 0) -> (0, 1), two stops, default cost model (0.35/km, 30/h,
-- 0.5/stop, 40 fixed, 35 km/h, 5 min/stop, 210 g/km).  One degree of the
-- WGS84 equator: 6378137 * pi / 180 = 111319.490793 m = 111.319491 km;
-- hours 111.319491 / 35 + 2 * 5 / 60 = 3.180557 + 0.166667 = 3.347224;
-- cost 40 + 0.35 * 111.319491 + 30 * 3.347224 + 0.5 * 2 = 180.378528;
-- CO2 0.210 * 111.319491 = 23.377093 kg.
SELECT round(distance_km::numeric, 6) AS distance_km, round(duration_h::numeric, 6) AS duration_h,
	   round(route_cost::numeric, 4) AS route_cost, round(co2_kg::numeric, 6) AS co2_kg, stops
FROM logistics.route_cost_flat(
	(SELECT logistics.route_cost(lat, lon, logistics.cost_model() ORDER BY seq)
	 FROM (VALUES (1, 0::float8, 0::float8), (2, 0, 1)) AS v(seq, lat, lon)));

SELECT * FROM logistics.cost_model_flat(logistics.cost_model());

-- Cycle times (date): 2, 4 and -1 days.  n 3, mean 5/3, min -1; sorted
-- -1, 2, 4: p50 at position 1 = 2, p90 at 1.8 = 2 + 0.8 * 2 = 3.6, p95 at
-- 1.9 = 3.8; max 4; one negative.
SELECT c.cycle_time_lines, round(c.cycle_time_days_mean::numeric, 6) AS mean,
	   c.cycle_time_days_min, c.cycle_time_days_p50, round(c.cycle_time_days_p90::numeric, 6) AS p90,
	   round(c.cycle_time_days_p95::numeric, 6) AS p95, c.cycle_time_days_max,
	   c.cycle_time_negative_lines
FROM logistics.cycle_time_flat(
	(SELECT logistics.cycle_time_summary(s, f)
	 FROM (VALUES ('2024-01-01'::date, '2024-01-03'::date), ('2024-01-01', '2024-01-05'),
				  ('2024-01-02', '2024-01-01')) AS v(s, f))) AS c;

-- the same percentiles as rows next to the fractions asked for
SELECT fraction, round(value::numeric, 6) AS value
FROM logistics.percentile_table('{0.5,0.9,0.95}',
	(SELECT logistics.cycle_time_percentile(s, f, '{0.5,0.9,0.95}'::float8[])
	 FROM (VALUES ('2024-01-01'::date, '2024-01-03'::date), ('2024-01-01', '2024-01-05'),
				  ('2024-01-02', '2024-01-01')) AS v(s, f)));
SELECT pg_temp.err($$SELECT * FROM logistics.percentile_table('{0.5,0.9}', '{2}')$$);

-- Lateness (delivered - promised): -1, 0 and 3 days, one line undelivered:
-- 4 lines, 3 delivered, 1 early, 1 on schedule, 1 late; mean 2/3, min -1,
-- p50 0, max 3; mean days late of late lines 3.
SELECT l.lateness_lines, l.lateness_delivered_lines, l.lateness_early_lines,
	   l.lateness_on_schedule_lines, l.lateness_late_lines,
	   round(l.lateness_mean_days::numeric, 6) AS mean, l.lateness_min_days,
	   l.lateness_p50_days, l.lateness_max_days, l.lateness_late_mean_days
FROM logistics.lateness_flat(
	(SELECT logistics.lateness_summary(p, d)
	 FROM (VALUES ('2024-01-02'::date, '2024-01-01'::date), ('2024-01-02', '2024-01-02'),
				  ('2024-01-02', '2024-01-05'), ('2024-01-02', NULL)) AS v(p, d))) AS l;

-- Accuracy of forecasts {2,2,2} for actuals {1,2,3}: errors 1, 0, -1; MAE
-- 2/3; RMSE sqrt(2/3) = 0.816497; MAPE (1 + 0 + 1/3) / 3 = 44.444444 %;
-- sMAPE (2/3 + 0 + 2/5) / 3 = 35.555556 %; WAPE 2/6 = 33.333333 %; bias 0;
-- no MASE without a scale.
SELECT forecast_pairs, round(mae::numeric, 6) AS mae, round(rmse::numeric, 6) AS rmse,
	   round(mape_pct::numeric, 6) AS mape_pct, round(smape_pct::numeric, 6) AS smape_pct,
	   round(wape_pct::numeric, 6) AS wape_pct, bias, mase
FROM logistics.accuracy_flat(logistics.accuracy('{1,2,3}'::float8[], '{2,2,2}'::float8[]));

-- fulfillment_kpis_flat: the counts renamed; the values those of the
-- composite (one line promised 2 Jan, delivered 1 Jan in full)
SELECT order_lines, delivered_lines, on_time_lines, otif_lines, late_lines, otif_rate
FROM logistics.fulfillment_kpis_flat(
	(SELECT logistics.fulfillment_kpis('2024-01-01', '2024-01-02', '2024-01-01', 10, 10, 0, true, true)));

-- Column names of the single-measure flat forms are unique across all of
-- them (so any of them can share a SELECT), and no BI companion returns an
-- interval, a bytea, JSON, an array or a composite column.
SELECT a.name, array_agg(p.proname ORDER BY p.proname) AS functions
FROM pg_proc AS p
CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) AS a(name, mode)
WHERE p.pronamespace = 'logistics'::regnamespace AND p.proname LIKE '%\_flat'
  AND p.proname NOT IN ('fulfillment_kpis_flat', 'fulfillment_rates_flat') AND a.mode = 'o'
  AND p.pronargs = 1 AND (SELECT typtype FROM pg_type WHERE oid = p.proargtypes[0]) = 'c'
GROUP BY a.name HAVING count(*) > 1;
SELECT p.proname, a.name, t.typname
FROM pg_proc AS p
CROSS JOIN LATERAL unnest(p.proallargtypes, p.proargnames, p.proargmodes) AS a(typ, name, mode)
JOIN pg_type AS t ON t.oid = a.typ
WHERE p.pronamespace = 'logistics'::regnamespace
  AND (p.proname LIKE '%\_flat' OR p.proname LIKE '%\_table' OR p.proname IN ('forecast_series', 'forecast_predict_series'))
  AND p.proname <> 'forecast_table'
  AND a.mode IN ('o', 't')
  AND (t.typname IN ('interval', 'bytea', 'json', 'jsonb') OR t.typcategory IN ('A', 'C'));
-- fulfillment_kpis_flat repeats the single-measure rates on purpose (the
-- same measures), but shares no name with the summaries a scorecard is
-- joined with for their extra fields (min, max, early lines, ...)
SELECT a.name
FROM pg_proc AS p
CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) AS a(name, mode)
WHERE p.pronamespace = 'logistics'::regnamespace AND a.mode = 'o'
  AND p.proname IN ('fulfillment_kpis_flat', 'lateness_flat', 'cycle_time_flat')
GROUP BY a.name HAVING count(*) > 1;
SELECT count(*) AS flat_forms FROM pg_proc
WHERE pronamespace = 'logistics'::regnamespace AND proname LIKE '%\_flat';

-- Forecasts with a time column.  naive on 1..6 monthly from 2024-01-01:
-- y[6] is June, so steps 1..3 are July, August, September, forecast 6;
-- the bounds are those of forecast_table at level 0.95.
SELECT s.ts, s.step, s.forecast, s.forecast_lower = t.lower AS same_lower,
	   s.forecast_upper = t.upper AS same_upper
FROM logistics.forecast_series('{1,2,3,4,5,6}', '2024-01-01', '1 month', 3, 'naive') AS s
JOIN logistics.forecast_table('{1,2,3,4,5,6}', 3, 'naive', 1, 0.95) AS t USING (step);
-- from a stored model: n = 6 observations, weekly from Monday 1 Jan:
-- step 1 starts 1 Jan + 6 weeks = 12 Feb
SELECT ts, step, forecast
FROM logistics.forecast_predict_series(logistics.forecast_fit('{1,2,3,4,5,6}', 'naive'),
									   '2024-01-01', '1 week', 2);
-- Buckets follow the UTC calendar whatever the session TimeZone, as
-- demand_series (issue 17).  In Berlin the series starts 28 March 00:00 CET
-- = 27 March 23:00 UTC; day buckets are 24 hours on the UTC calendar, so
-- step 1 (y has 3 days) starts 30 March 23:00 UTC and step 2, after the
-- change to summer time on 31 March, 31 March 23:00 UTC (1 April 01:00
-- CEST, not the local midnight).  The same instants in a UTC session.
SET TimeZone = 'Europe/Berlin';
CREATE TEMP TABLE fs_berlin AS
SELECT ts, step FROM logistics.forecast_series('{1,2,3}', '2024-03-28 00:00+01', '1 day', 2, 'naive');
SET TimeZone = 'UTC';
SELECT b.step, b.ts AS ts_utc, b.ts = u.ts AS same_in_utc_session
FROM fs_berlin AS b
JOIN logistics.forecast_series('{1,2,3}', '2024-03-28 00:00+01', '1 day', 2, 'naive') AS u USING (step)
ORDER BY step;
-- month buckets in New York (UTC-5, UTC-4 from 10 March 2024): a fitted
-- series of 6 months from 31 July 2023 00:00 UTC; step 1 starts at
-- 31 July + 6 months = 31 January 2024 00:00 UTC, step 2 at 29 February
-- (clamped) and step 3 at 31 March 00:00 UTC, i.e. 19:00 EST and 20:00 EDT
-- of the day before in New York.
SET TimeZone = 'America/New_York';
SELECT step, ts AT TIME ZONE 'UTC' AS ts_utc, ts
FROM logistics.forecast_predict_series(logistics.forecast_fit('{1,2,3,4,5,6}', 'naive'),
									   '2023-07-31 00:00+00', '1 month', 3)
ORDER BY step;
SET TimeZone = 'UTC';
-- NULL start: no rows; bucket not positive: 22023; level in percent: 22023
SELECT count(*) FROM logistics.forecast_series('{1,2,3}', NULL, '1 day', 2, 'naive');
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_series('{1,2,3}', '2024-01-01', '0 days', 2, 'naive')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_series('{1,2,3}', '2024-01-01', '1 day', 2, 'naive', 1, 95)$$);

-- Interval levels are fractions: 95 (0.1.0's percent) is an error whose
-- message says what to pass; 0 and 1 are outside (0, 1).
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_table('{1,2,3,4}', 2, 'naive', 1, 95)$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_predict(logistics.forecast_fit('{1,2,3,4}', 'naive'), 2, 80)$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_table('{1,2,3,4}', 2, 'naive', 1, 1)$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_table('{1,2,3,4}', 2, 'naive', 1, 0)$$);
-- naive on 1..4: residuals 1, 1, 1, sigma 1 (mean of squares), so the
-- 80% bound of step 1 is 4 - 1.281552 * 1 = 2.718448 and the default is 95%:
-- 4 - 1.959964 = 2.040036
SELECT step, round(lower::numeric, 6) AS lower80
FROM logistics.forecast_table('{1,2,3,4}', 1, 'naive', 1, 0.8);
SELECT step, round(lower::numeric, 6) AS lower95
FROM logistics.forecast_table('{1,2,3,4}', 1, 'naive');

-- Demand per bucket as rows.  Units 2 on 1 Jan 10:00, 5 on 3 Jan 09:00
-- and 1 on 3 Jan 23:00; daily buckets 1..3 Jan: 2, 0, 6 (the empty day is a
-- row with 0).
SELECT d.*
FROM (SELECT logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2024-01-04') AS s
	  FROM (VALUES ('2024-01-01 10:00'::timestamptz, 2::float8), ('2024-01-03 09:00', 5),
				   ('2024-01-03 23:00', 1)) AS v(ts, qty)) AS x
CROSS JOIN LATERAL logistics.demand_series_table(x.s, '2024-01-01', '1 day') AS d;
-- month buckets from the 31st clamp to the month's end, as demand_series
SELECT * FROM logistics.demand_series_table('{1,0,3}', '2024-01-31', '1 month');
-- In a New York session, month buckets from 31 January 00:00 UTC start on
-- 31 January, 29 February and 31 March at 00:00 UTC, the buckets of
-- demand_series: 2 units at 29 February 23:30 UTC are in the second, 1 unit
-- at 30 March 22:00 New York time (31 March 02:00 UTC) in the third.  On
-- the session calendar the labels would be 30 January 19:00 EST plus k
-- months: 29 February 19:00 EST = 1 March 00:00 UTC and 30 March 19:00 EDT
-- = 23:00 UTC, not the buckets demand_series cut.
SET TimeZone = 'America/New_York';
SELECT d.bucket_start AT TIME ZONE 'UTC' AS bucket_start_utc, d.qty
FROM (SELECT logistics.demand_series(ts, qty, '1 month', '2024-01-31 00:00+00', '2024-04-30 00:00+00') AS s
	  FROM (VALUES ('2024-03-30 22:00-04'::timestamptz, 1::float8), ('2024-02-29 23:30+00', 2)) AS v(ts, qty)) AS x
CROSS JOIN LATERAL logistics.demand_series_table(x.s, '2024-01-31 00:00+00', '1 month') AS d;
SET TimeZone = 'UTC';
SELECT pg_temp.err($$SELECT * FROM logistics.demand_series_table('{1}', '2024-01-01', '-1 day')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.demand_series_table('{{1,2},{3,4}}', '2024-01-01', '1 day')$$);

-- Residuals as rows.  naive on 10, 12, 11, 13: y_t - y_(t-1) = 2, -1, 2 at
-- t = 2, 3, 4; snaive with m = 2 on 1, 2, 4, 6: 4 - 1 = 3 at t = 3 and
-- 6 - 2 = 4 at t = 4; mstl: one residual per observation, those of the array.
SELECT * FROM logistics.forecast_residuals_table('{10,12,11,13}', 'naive');
SELECT * FROM logistics.forecast_residuals_table('{1,2,4,6}', 'snaive', 2);
SELECT count(*) AS n, min(t) AS first_t, max(t) AS last_t,
	   bool_and(r.residual = a.v) AS same_as_array
FROM logistics.forecast_residuals_table(ARRAY(SELECT 10 + sin(i) + i % 7 FROM generate_series(1, 60) i),
										'mstl', ARRAY[7, 14]) AS r
JOIN unnest(logistics.forecast_residuals(ARRAY(SELECT 10 + sin(i) + i % 7 FROM generate_series(1, 60) i),
										 'mstl', ARRAY[7, 14])) WITH ORDINALITY AS a(v, k) ON a.k = r.t;

-- A model as rows.  naive on 1..6: n = 6, one-step errors all 1, so mse
-- and sigma2 1; the state is the last value 6; no likelihood (JSON null:
-- both value columns NULL).
SELECT * FROM logistics.forecast_model_table(logistics.forecast_fit('{1,2,3,4,5,6}', 'naive'));
-- every scalar of the JSON is one row (counted by an SQL/JSON path), and
-- a value read by its path is the row's: for an ETS and an ARIMA model
SELECT m.meth,
	   (SELECT count(*) FROM logistics.forecast_model_table(m.model)) =
	   (SELECT count(*) FROM jsonb_path_query(logistics.forecast_model_json(m.model),
			'strict $.** ? (@.type() != "object" && @.type() != "array")')) AS one_row_per_scalar,
	   (SELECT model_value FROM logistics.forecast_model_table(m.model) WHERE model_key = 'sigma2') =
	   (logistics.forecast_model_json(m.model) ->> 'sigma2')::float8 AS sigma2_by_path
FROM (SELECT meth, logistics.forecast_fit('{10,20,30,15,12,23,33,17,13,25,36,19,15,27,39,21}', meth, 4) AS model
	  FROM unnest('{auto,arima}'::text[]) AS meth) AS m
ORDER BY 1;

-- Age buckets as rows.  As of 31 Dec 2024: receipts of 10 (1 day old),
-- 20 (46 days), 30 (91 days) and 40 (213 days); 75 issued, first in first
-- out: the 40, the 30 and 5 of the 20.  Left: 10 in 0-30 days, 15 in
-- 30-60, nothing older; the last bucket (90+) has no upper bound.
SELECT a.*
FROM (SELECT logistics.inventory_aging(ts, qty, '2024-12-31') AS aging
	  FROM (VALUES ('2024-12-30'::timestamptz, 10.0::float8), ('2024-12-01', -30),
				   ('2024-11-15', 20), ('2024-10-01', 30), ('2024-06-01', 40),
				   ('2024-07-01', -45)) AS m(ts, qty)) AS x
CROSS JOIN LATERAL logistics.inventory_aging_table(x.aging) AS a;
SELECT * FROM logistics.inventory_aging_table('{1,2,3}', '{7,50}');
SELECT pg_temp.err($$SELECT * FROM logistics.inventory_aging_table('{1,2}', '{7,50}')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.inventory_aging_table('{{1,2},{3,4}}', '{7}')$$);

-- Wagner-Whitin as rows.  Demand 90, 120, 80, 70, K = 500 per order,
-- h = 2 per unit and period: ordering 210 in period 1 and 150 in period 3
-- costs 2 * 500 + 2 * (120 + 70) = 1380, less than one order (500 + 2 *
-- (120 + 2 * 80 + 3 * 70) = 1480), 1 | 2-4 (1000 + 2 * (80 + 2 * 70) =
-- 1440), 1-3 | 4 (1000 + 2 * (120 + 2 * 80) = 1560) or more orders (>= 1500).
-- Ending inventory 120, 0, 70, 0.
SELECT * FROM logistics.wagner_whitin_table('{90,120,80,70}', 500, 2);
-- with unit costs the rows are those of the array form
SELECT bool_and(t.order_qty = a.q) AND count(*) = 4 AS same_as_array
FROM logistics.wagner_whitin_table('{90,120,80,70}', 500, 2, '{1,1.1,1.2,1.3}') AS t
JOIN unnest(logistics.wagner_whitin('{90,120,80,70}', 500, 2, '{1,1.1,1.2,1.3}'))
	 WITH ORDINALITY AS a(q, k) ON a.k = t.period;

-- Tours as rows.  In {{0,1,10},{10,0,1},{1,10,0}} 1 -> 2 -> 3 -> 1 costs 3,
-- the other way round 30.
SELECT * FROM logistics.tsp_tour_table('{{0,1,10},{10,0,1},{1,10,0}}');
-- Points: an open path from stop 3 to stop 2 visits 3, 1, 2 (the only
-- order of three stops with those ends); each row carries its point.
SELECT * FROM logistics.tsp_tour_table('{0,0,0.5}', '{0,1,2}', false, 3, 2);

-- vrp_routes_flat: the load array as columns.  One vehicle delivers (3, 1)
-- to job 101 and (3, 2) to job 102: it leaves with (6, 3), has (3, 2) after
-- 101 and (0, 0) after 102; two dimensions, so load_3 is NULL.
SELECT route_step, kind, job_id, load_1, load_2, load_3, load_dimensions
FROM logistics.vrp_routes_flat('{
  "vehicles": [{"id": 7, "start_index": 0, "end_index": 0, "capacity": [10, 4]}],
  "jobs": [{"id": 101, "location_index": 1, "delivery": [3, 1]},
		   {"id": 102, "location_index": 2, "delivery": [3, 2]}],
  "matrices": {"car": {"durations": [[0, 10, 20], [10, 0, 10], [20, 10, 0]]}}
}') ORDER BY route_step;

-- Ledger hashes as hex text: the digest's root is the bytea form's in hex,
-- and the hex audit path, decoded, verifies (RFC 9162 2.1.3.2); a hex
-- consistency proof from 2 to 3 rows verifies too.
CREATE TEMP TABLE bi_mv (mv_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL,
						 wh int NOT NULL, qty float8);
INSERT INTO bi_mv VALUES (1, '2026-03-02 06:10+00', 1, 120), (2, '2026-03-02 12:30+00', 1, -20),
						 (3, '2026-03-02 13:30+00', 1, -20);
SELECT logistics.ledger_enable('bi_mv', 'wh', recorded_at => 'moved_at');
SELECT f.chain_key, f.tree_size, f.root_hash_hex = encode(d.root_hash, 'hex') AS same_root,
	   length(f.root_hash_hex) AS hex_digits
FROM logistics.ledger_digest_flat('bi_mv') AS f JOIN logistics.ledger_digest('bi_mv') AS d USING (chain_key);
SELECT chain_key, rows_checked, ok, expected_hash_hex, stored_hash_hex
FROM logistics.ledger_verify_flat('bi_mv');
SELECT p.leaf_index, p.tree_size,
	   logistics.ledger_verify_inclusion(decode(p.leaf_hash_hex, 'hex'), p.leaf_index, p.tree_size,
			(SELECT array_agg(decode(h, 'hex') ORDER BY k)
			 FROM unnest(string_to_array(p.audit_path_hex, ' ')) WITH ORDINALITY AS a(h, k)),
			decode(p.root_hash_hex, 'hex')) AS verifies
FROM logistics.ledger_inclusion_proof_flat('bi_mv', '1', 2) AS p;
SELECT p.first_size, p.second_size,
	   logistics.ledger_verify_consistency(p.first_size, p.second_size,
			decode(p.first_root_hex, 'hex'), decode(p.second_root_hex, 'hex'),
			(SELECT array_agg(decode(h, 'hex') ORDER BY k)
			 FROM unnest(string_to_array(p.proof_hex, ' ')) WITH ORDINALITY AS a(h, k))) AS verifies
FROM logistics.ledger_consistency_proof_flat('bi_mv', '1', 2) AS p;
-- a changed row: the hashes that differ, in hex
SET session_replication_role = replica;
UPDATE bi_mv SET qty = -50 WHERE mv_id = 2;
RESET session_replication_role;
SELECT v.ok, v.broken_seq, length(v.expected_hash_hex) AS hex_digits,
	   v.expected_hash_hex <> v.stored_hash_hex AS differ,
	   v.stored_hash_hex = (SELECT encode(row_hash, 'hex') FROM bi_mv WHERE mv_id = 2) AS stored_is_row_hash
FROM logistics.ledger_verify_flat('bi_mv') AS v;

-- Distance matrix rows: three points on the equator at longitudes 0, 1, 2:
-- 111319.490793 m per degree (WGS84 a * pi / 180), so 1-2 and 2-3 are one
-- degree, 1-3 two; nine ordered pairs with a zero diagonal.
SELECT from_index, to_index, round(distance_m::numeric, 3) AS distance_m
FROM logistics.distance_matrix_table('{0,0,0}', '{0,1,2}');
SELECT count(*) AS pairs, bool_and(a.distance_m = b.distance_m) AS same_as_lat_lon
FROM logistics.distance_matrix_table(ARRAY[public.ST_SetSRID(public.ST_MakePoint(0, 0), 4326),
										   public.ST_SetSRID(public.ST_MakePoint(1, 0), 4326),
										   public.ST_SetSRID(public.ST_MakePoint(2, 0), 4326)]) AS a
JOIN logistics.distance_matrix_table('{0,0,0}', '{0,1,2}') AS b USING (from_index, to_index);
SELECT count(*) AS pairs
FROM logistics.distance_matrix_table(ARRAY[public.ST_MakePoint(0, 0)::public.geography,
										   public.ST_MakePoint(1, 0)::public.geography]);

-- NaN policy: an aggregate rejects NaN (22023) by default; is_finite in a
-- FILTER skips such rows and a count says how many.  Finite rows 10/10 and
-- 5/10: fill 15/20 = 0.75; skipped 2 (NaN and Infinity); the NULL row is
-- neither.
SELECT pg_temp.err($$SELECT logistics.fill_rate(o, s) FROM (VALUES (10::float8, 10::float8), ('NaN', 1)) AS v(o, s)$$);
SELECT logistics.fill_rate(o, s) FILTER (WHERE logistics.is_finite(o) AND logistics.is_finite(s)) AS fill_rate,
	   count(*) FILTER (WHERE NOT (logistics.is_finite(o) AND logistics.is_finite(s))) AS skipped_rows
FROM (VALUES (10::float8, 10::float8), (10, 5), ('NaN', 1), (4, 'Infinity'), (NULL, 3))
	AS v(o, s);
SELECT x, logistics.is_finite(x)
FROM unnest('{0,-1.5,NaN,Infinity,-Infinity,NULL,1e308}'::float8[]) AS x;

-- forecast_model in GROUP BY, DISTINCT and ORDER BY: four fits, two of
-- them the same naive fit, make three distinct models, with hashing and
-- with sorting alike.
CREATE TEMP TABLE fm AS
SELECT meth, logistics.forecast_fit('{1,2,3,4}', meth) AS model
FROM unnest('{naive,naive,ses,mean}'::text[]) AS meth;
SELECT count(*) AS groups, sum(n) AS models
FROM (SELECT model, count(*) AS n FROM fm GROUP BY model) AS g;
SET enable_hashagg = off;
SELECT count(*) AS groups FROM (SELECT model FROM fm GROUP BY model) AS g;
RESET enable_hashagg;
SELECT count(DISTINCT model) AS distinct_models FROM fm;
SELECT array_agg(meth ORDER BY model, meth) = array_agg(meth ORDER BY model::text COLLATE "C", meth)
	AS order_is_text_order FROM fm;
-- (the operators live in schema logistics: outside its search_path they
-- are written OPERATOR(logistics.=); GROUP BY and ORDER BY find them
-- through the default operator classes whatever the search_path)
SELECT a.meth, b.meth, a.model OPERATOR(logistics.=) b.model AS eq,
	   a.model OPERATOR(logistics.<>) b.model AS ne,
	   (a.model OPERATOR(logistics.<) b.model) = (b.model OPERATOR(logistics.>) a.model) AS lt_gt,
	   (a.model OPERATOR(logistics.<=) b.model) = NOT (a.model OPERATOR(logistics.>) b.model) AS le_not_gt
FROM fm AS a, fm AS b WHERE a.meth <= b.meth
ORDER BY 1, 2;
-- a text round trip gives an equal model with an equal hash
SELECT model OPERATOR(logistics.=) model::text::logistics.forecast_model AS round_trip,
	   logistics._forecast_model_hash(model) = logistics._forecast_model_hash(model::text::logistics.forecast_model) AS same_hash
FROM fm WHERE meth = 'ses';
SELECT opc.opcname, am.amname, opc.opcdefault
FROM pg_opclass AS opc JOIN pg_am AS am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'logistics.forecast_model'::regtype ORDER BY 2;

-- A percentage where a fraction is due is an error whose message says what
-- to pass (BI tools drop hints); other out-of-range values keep their
-- range message.
SELECT pg_temp.err($$SELECT logistics.reorder_point(95, 10, 2, 5)$$);
SELECT pg_temp.err($$SELECT logistics.safety_stock_fill_rate(98, 100, 1, 1, 1)$$);
SELECT pg_temp.err($$SELECT logistics.normal_quantile(97.5)$$);
SELECT pg_temp.err($$SELECT logistics.wilson_interval(3, 4, 90)$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(s, f, 90) FROM (VALUES ('2024-01-01'::date, '2024-01-03'::date)) AS v(s, f)$$);
SELECT pg_temp.err($$SELECT logistics.pinball_loss('{1}'::float8[], '{2}'::float8[], 90)$$);
SELECT pg_temp.err($$SELECT logistics.msis('{1}'::float8[], '{0}'::float8[], '{2}'::float8[], '{1,2,3}'::float8[], 1, 5)$$);
SELECT pg_temp.err($$SELECT logistics.eoq_backorder_cost(1, 1, 1, 1, 10, 50)$$);
SELECT pg_temp.err($$SELECT logistics.reorder_point(101, 10, 2, 5)$$);
SELECT pg_temp.err($$SELECT * FROM logistics.reconcile(ARRAY['t','a'], ARRAY[NULL,'t'], ARRAY[[1],[2]]::float8[], 'wls_var', ARRAY[[1,2],[1,3]]::float8[], level => 95)$$);

-- Argument builders (test/bi/forms.txt "input"): day_of_week_dummies and
-- fourier_terms feed forecast_table's xreg.  Regression on the weekday
-- with ARIMA(0,0,0) errors is least squares with an intercept, so with
-- the six weekday dummies, or with the three weekly Fourier pairs (k = 3
-- for period 7 spans every 7-periodic pattern too), each weekday's
-- forecast is the mean of its eight past values.  By hand: Mondays are
-- t = 1 + 7j (2026-01-05 is a Monday), t % 3 = 1,2,0,1,2,0,1,2, mean
-- 1.125, so 120 + 1.125 = 121.125; Saturdays t = 6 + 7j, t % 3 =
-- 0,1,2,0,1,2,0,1, mean 0.875, so 110.875.
CREATE TEMP TABLE cal_sales AS
SELECT t, date '2026-01-04' + t AS day,
	   (100 + 20 * (extract(isodow FROM date '2026-01-04' + t) = 1)::int
		+ 10 * (extract(isodow FROM date '2026-01-04' + t) = 6)::int + t % 3)::float8 AS qty
FROM generate_series(1, 56) t;
CREATE TEMP TABLE cal_future AS
SELECT t, date '2026-01-04' + t AS day FROM generate_series(57, 63) t;
SELECT to_char(f.day, 'Dy') AS weekday,
	   round(d.point::numeric, 6) AS dummies_forecast,
	   round(o.point::numeric, 6) AS fourier_forecast,
	   abs(d.point - m.mean) < 1e-9 AND abs(o.point - m.mean) < 1e-9 AS both_equal_mean
FROM cal_future f
JOIN logistics.forecast_table(
	(SELECT array_agg(qty ORDER BY t) FROM cal_sales), 7, 'arima(0,0,0)', 1, 0.95,
	(SELECT array_agg(logistics.day_of_week_dummies(day) ORDER BY t) FROM cal_sales),
	(SELECT array_agg(logistics.day_of_week_dummies(day) ORDER BY t) FROM cal_future)) d
	ON d.step = f.t - 56
JOIN logistics.forecast_table(
	(SELECT array_agg(qty ORDER BY t) FROM cal_sales), 7, 'arima(0,0,0)', 1, 0.95,
	(SELECT array_agg(logistics.fourier_terms(t, 7, 3) ORDER BY t) FROM cal_sales),
	(SELECT array_agg(logistics.fourier_terms(t, 7, 3) ORDER BY t) FROM cal_future)) o
	ON o.step = f.t - 56
JOIN (SELECT extract(isodow FROM day) AS dow, avg(qty) AS mean FROM cal_sales GROUP BY 1) m
	ON m.dow = extract(isodow FROM f.day)
ORDER BY f.day;
DROP TABLE cal_sales, cal_future;
