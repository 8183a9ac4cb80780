-- Properties of the forecast-accuracy functions on pseudo-random data: the
-- aggregate and array forms agree, the composite agrees with the single
-- measures, the measures relate as their definitions say, demand_series
-- conserves the quantity in range, and volatility is declared truthfully.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
SELECT plan(16);

-- 40 series of 12 periods, values with zeros (hash-based, deterministic)
CREATE TEMP TABLE r AS
SELECT s, t,
	   (abs(hashint4(s * 1000 + t)) % 50)::float8 * (CASE WHEN t % 4 = 0 THEN 0 ELSE 1 END) AS y,
	   (abs(hashint4(s * 7919 + t)) % 40)::float8 / 2 AS f,
	   (abs(hashint4(s * 31 + t)) % 10)::float8 AS w
FROM generate_series(1, 40) s, generate_series(1, 12) t;
CREATE TEMP TABLE ra AS
SELECT s, array_agg(y ORDER BY t) AS y, array_agg(f ORDER BY t) AS f,
	   array_agg(f - w ORDER BY t) AS lo, array_agg(f + w ORDER BY t) AS hi,
	   array_agg(y + t ORDER BY t) AS train
FROM r GROUP BY s;

-- x and y equal to 1e-12 relative, or both NULL
CREATE FUNCTION pg_temp.near(x float8, y float8) RETURNS boolean LANGUAGE sql AS
$$ SELECT (x IS NULL AND y IS NULL) OR abs(x - y) <= 1e-12 * greatest(abs(x), abs(y), 1e-300) $$;

SELECT is_empty($$
	SELECT s FROM r JOIN ra USING (s) GROUP BY s, ra.y, ra.f
	HAVING NOT (pg_temp.near(logistics.mae(r.y, r.f), logistics.mae(ra.y, ra.f))
		AND pg_temp.near(logistics.rmse(r.y, r.f), logistics.rmse(ra.y, ra.f))
		AND pg_temp.near(logistics.mape(r.y, r.f), logistics.mape(ra.y, ra.f))
		AND pg_temp.near(logistics.smape(r.y, r.f), logistics.smape(ra.y, ra.f))
		AND pg_temp.near(logistics.wape(r.y, r.f), logistics.wape(ra.y, ra.f))
		AND pg_temp.near(logistics.bias(r.y, r.f), logistics.bias(ra.y, ra.f))
		AND pg_temp.near(logistics.pinball_loss(r.y, r.f, 0.3), logistics.pinball_loss(ra.y, ra.f, 0.3)))$$,
	'aggregates over rows equal the array functions');

SELECT is_empty($$
	SELECT s FROM r GROUP BY s
	HAVING NOT (pg_temp.near((logistics.accuracy(y, f)).mae, logistics.mae(y, f))
		AND pg_temp.near((logistics.accuracy(y, f)).rmse, logistics.rmse(y, f))
		AND pg_temp.near((logistics.accuracy(y, f)).mape, logistics.mape(y, f))
		AND pg_temp.near((logistics.accuracy(y, f)).smape, logistics.smape(y, f))
		AND pg_temp.near((logistics.accuracy(y, f)).wape, logistics.wape(y, f))
		AND pg_temp.near((logistics.accuracy(y, f)).bias, logistics.bias(y, f))
		AND (logistics.accuracy(y, f)).n = count(*))$$,
	'the accuracy composite equals the single measures');

SELECT is_empty($$
	SELECT s FROM r GROUP BY s
	HAVING NOT (pg_temp.near(logistics.mae(y, f), avg(abs(f - y)))
		AND pg_temp.near(logistics.rmse(y, f), sqrt(avg((f - y) ^ 2)))
		AND pg_temp.near(logistics.bias(y, f), avg(f - y))
		AND pg_temp.near(logistics.mape(y, f), 100 * avg(abs(f - y) / y) FILTER (WHERE y <> 0))
		AND pg_temp.near(logistics.wape(y, f), 100 * sum(abs(f - y)) / nullif(sum(y), 0)))$$,
	'MAE, RMSE, bias, MAPE, WAPE equal their SQL definitions');

SELECT is_empty($$
	SELECT s FROM r GROUP BY s
	HAVING NOT pg_temp.near(logistics.pinball_loss(y, f, 0.5), logistics.mae(y, f) / 2)$$,
	'pinball loss at the median is half the MAE');

SELECT is_empty($$
	SELECT s FROM r GROUP BY s
	HAVING NOT pg_temp.near(logistics.pinball_loss(y, f, 0.2) - logistics.pinball_loss(y, f, 0.8),
							0.6 * logistics.bias(y, f))$$,
	'pinball(q) - pinball(1 - q) = (1 - 2q) * bias');

SELECT is_empty($$
	SELECT s FROM ra
	WHERE NOT pg_temp.near(logistics.mase(y, f, train, 3), logistics.mae(y, f) / logistics.mase_scale(train, 3))
	   OR NOT pg_temp.near((logistics.accuracy(y, f, train, 3)).mase, logistics.mase(y, f, train, 3))$$,
	'MASE is MAE / mase_scale, in both forms');

SELECT is_empty($$
	SELECT s FROM ra
	WHERE NOT pg_temp.near(logistics.msis(y, lo, hi, train, 2, 0.1) * logistics.mase_scale(train, 2),
						   (SELECT avg((h - l) + 20 * greatest(l - a, 0) + 20 * greatest(a - h, 0))
							FROM unnest(y, lo, hi) u(a, l, h)))
	   OR NOT pg_temp.near(logistics.coverage(y, lo, hi),
						   (SELECT avg((a BETWEEN l AND h)::int) FROM unnest(y, lo, hi) u(a, l, h)))$$,
	'MSIS and coverage equal their SQL definitions');

SELECT is(
	(SELECT logistics.msis(y, f - 1000, f + 1000, 1, 0.05) FROM r), 2000::float8,
	'MSIS with scale 1 of intervals that cover everything is their width');

-- demand_series: in-range quantity is conserved, bucket counts are right
CREATE TEMP TABLE o AS
SELECT '2024-01-01 00:00+00'::timestamptz + (abs(hashint4(i)) % (800 * 24)) * interval '1 hour' AS ts,
	   (i % 5)::float8 AS qty
FROM generate_series(1, 5000) i;
SET LOCAL TimeZone = 'Europe/Berlin';
SELECT is_empty($$
	SELECT b FROM (VALUES ('1 hour'::interval), ('1 day'), ('7 days'), ('1 month'), ('3 months'), ('1 year')) v(b)
	WHERE (SELECT sum(x) FROM unnest((SELECT logistics.demand_series(ts, qty, b, '2024-02-10', '2025-12-01') FROM o)) x)
		  <> (SELECT sum(qty) FROM o WHERE ts >= '2024-02-10' AND ts < '2025-12-01')$$,
	'demand_series keeps exactly the quantity in [from_ts, to_ts)');
SELECT is(
	(SELECT array_agg(array_length((SELECT logistics.demand_series(ts, qty, b, '2024-02-10', '2025-12-01') FROM o), 1)
					  ORDER BY n)
	 FROM (VALUES (1, '1 day'::interval), (2, '7 days'), (3, '1 month'), (4, '3 months'), (5, '1 year')) v(n, b)),
	-- 2024-02-10 .. 2025-12-01: 660 days, 94.3 weeks, 21 months and 21 days, 7 quarters and 21 days, 1.8 years
	ARRAY[660, 95, 22, 8, 2],
	'demand_series bucket counts');

-- demand_class follows demand_profile and the cut-offs
SELECT is_empty($$
	SELECT s FROM ra, logistics.demand_profile(ra.y) p
	WHERE logistics.demand_class(ra.y) IS DISTINCT FROM
		  CASE WHEN p.nonzero = 0 THEN NULL
			   WHEN p.adi < 1.32 AND p.cv2 < 0.49 THEN 'smooth'
			   WHEN p.adi < 1.32 THEN 'erratic'
			   WHEN p.cv2 < 0.49 THEN 'intermittent'
			   ELSE 'lumpy' END
	   OR p.class IS DISTINCT FROM logistics.demand_class(ra.y)
	   OR p.adi <> 12.0 / (SELECT count(*) FROM unnest(ra.y) v WHERE v > 0)$$,
	'demand_class agrees with demand_profile and ADI = n / non-zero periods');

SELECT is_empty($$
	SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.pronamespace = 'logistics'::regnamespace
	  AND p.proname IN ('mae', 'rmse', 'mape', 'smape', 'wape', 'bias', 'mase', 'mase_scale',
						'pinball_loss', 'coverage', 'msis', 'accuracy', 'demand_class', 'demand_profile')
	  AND p.prokind = 'f' AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')$$,
	'array measures and the demand class are IMMUTABLE STRICT PARALLEL SAFE');

SELECT is(
	(SELECT provolatile::text FROM pg_proc WHERE oid = 'logistics._demand_series_state_trans'::regproc),
	'i', 'demand_series follows the UTC calendar, not TimeZone: its transition function is IMMUTABLE');

-- The same series in any session time zone (issue 17: Citus workers do not
-- get the session TimeZone).  Day buckets across the 2024-03-10 change of
-- America/New_York, month buckets from a 31st; by hand in UTC: orders at
-- 23:30 UTC each day from Mar 8 to Mar 12, one per UTC day (buckets in New
-- York time would start at 23:00 UTC after the change and give
-- {1,1,0,1,1,1}), and the month counts of the reference page (29, 31, 30,
-- 31, 1 days from Jan 31; 30 in the first bucket in New York time).
SET TimeZone = 'America/New_York';
SELECT is(
	(SELECT logistics.demand_series(ts, 1, '1 day', '2024-03-08 00:00+00', '2024-03-13 00:00+00')
	 FROM unnest('{2024-03-08 23:30+00, 2024-03-09 23:30+00, 2024-03-10 23:30+00, 2024-03-11 23:30+00, 2024-03-12 23:30+00}'::timestamptz[]) ts),
	'{1,1,1,1,1}'::float8[], 'demand_series day buckets are UTC days in a New York session');
SELECT is(
	(SELECT logistics.demand_series(ts, 1, '1 month', '2024-01-31 00:00+00', '2024-06-01 00:00+00')
	 FROM generate_series('2024-01-31 12:00+00'::timestamptz, '2024-05-31 12:00+00', '1 day') ts),
	'{29,31,30,31,1}'::float8[], 'demand_series month buckets follow the UTC calendar in a New York session');
RESET TimeZone;

SELECT is(
	(SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	 WHERE p.pronamespace = 'logistics'::regnamespace
	   AND p.proname IN ('mae', 'rmse', 'mape', 'smape', 'wape', 'bias', 'mase',
						 'pinball_loss', 'coverage', 'msis', 'accuracy', 'demand_series')
	   AND a.aggcombinefn <> 0
	   -- real state types Citus ships as text (issue 17)
	   AND a.aggtranstype = CASE WHEN p.proname = 'demand_series'
								 THEN 'logistics.demand_series_state'::regtype
								 ELSE 'logistics.accuracy_state'::regtype END),
	13, 'the 13 accuracy and demand_series aggregates are splittable (real state types: accuracy_state, demand_series_state)');

SELECT * FROM finish();
ROLLBACK;
