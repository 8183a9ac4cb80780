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
SELECT l.lateness_lines, l.lateness_delivered_lines, l.early_lines, l.on_schedule_lines,
	   l.late_lines, round(l.lateness_days_mean::numeric, 6) AS mean, l.lateness_days_min,
	   l.lateness_days_p50, l.lateness_days_max, l.days_late_mean
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
-- interval, an array or a composite column.
SELECT a.name, array_agg(p.proname ORDER BY p.proname) AS functions
FROM pg_proc AS p
CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) AS a(name, mode)
WHERE p.pronamespace = 'logistics'::regnamespace AND p.proname LIKE '%\_flat'
  AND p.proname <> 'fulfillment_kpis_flat' AND a.mode = 'o'
GROUP BY a.name HAVING count(*) > 1;
SELECT p.proname, a.name, t.typname
FROM pg_proc AS p
CROSS JOIN LATERAL unnest(p.proallargtypes, p.proargnames, p.proargmodes) AS a(typ, name, mode)
JOIN pg_type AS t ON t.oid = a.typ
WHERE p.pronamespace = 'logistics'::regnamespace
  AND (p.proname LIKE '%\_flat' OR p.proname IN ('forecast_series', 'forecast_predict_series',
	   'demand_series_table', 'percentile_table', 'distance_matrix_table'))
  AND a.mode IN ('o', 't')
  AND (t.typname = 'interval' OR t.typcategory IN ('A', 'C'));
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
-- day buckets keep the local clock across a DST change (Berlin, 31 March
-- 2024): the series ends 30 March, step 1 is 31 March 00:00 CET, step 2
-- 1 April 00:00 CEST
SET TimeZone = 'Europe/Berlin';
SELECT ts, step FROM logistics.forecast_series('{1,2,3}', '2024-03-28', '1 day', 2, 'naive');
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
SELECT pg_temp.err($$SELECT * FROM logistics.demand_series_table('{1}', '2024-01-01', '-1 day')$$);
SELECT pg_temp.err($$SELECT * FROM logistics.demand_series_table('{{1,2},{3,4}}', '2024-01-01', '1 day')$$);

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
