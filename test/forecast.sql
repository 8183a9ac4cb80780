-- Properties of the forecasting functions: markings, interval ordering and
-- nesting, scale equivariance, stored models equal to direct calls, and the
-- same results from parallel workers as from a serial scan.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;

SELECT plan(10);

-- test series: 60 series of 3 kinds (smooth with a trend, quarterly
-- seasonal, intermittent), lengths 13 to 40, deterministic
CREATE TABLE fc_series AS
SELECT i, CASE i % 3 WHEN 0 THEN 1 WHEN 1 THEN 4 ELSE 1 END AS m,
	   array(SELECT CASE i % 3
						WHEN 0 THEN 50 + 0.5 * j + ((i * 31 + j * 17) % 11)
						WHEN 1 THEN (20 + (ARRAY[5, -3, 8, -10])[1 + j % 4]) * (1 + 0.01 * j)
									+ ((i * 7 + j * 13) % 5)
						ELSE CASE WHEN (i * 11 + j * 7) % 5 = 0 THEN 1 + (i + j) % 4 ELSE 0 END
					END::float8
			 FROM generate_series(1, 13 + i % 28) AS j) AS y
FROM generate_series(1, 60) AS i;

CREATE TEMP TABLE methods (method text);
INSERT INTO methods VALUES ('naive'), ('snaive'), ('naive2'), ('mean'), ('ses'), ('holt'),
	('damped'), ('comb'), ('theta'), ('auto'), ('ets:ANN'), ('croston'), ('sba'), ('tsb'),
	('adida');


SELECT is_empty(
	$$SELECT p.oid::regprocedure::text FROM pg_proc p
	  WHERE p.pronamespace = 'logistics'::regnamespace
		AND p.proname LIKE 'forecast%'
		AND NOT ((p.provolatile = 'i' OR
				  (p.provolatile = 's' AND 'timestamptz'::regtype = ANY (p.proargtypes::oid[])))
				 AND p.proparallel = 's' AND
				 (p.proisstrict OR 'jsonb'::regtype = ANY (p.proargtypes::oid[])))$$,
	'every forecasting function is IMMUTABLE (STABLE when it adds intervals to a timestamptz), PARALLEL SAFE and STRICT (those with params: NULL params means none)');

SELECT is_empty(
	$$SELECT s.i, m.method, f.step FROM fc_series s, methods m,
			 logistics.forecast_table(s.y, 6, m.method, s.m, 0.95) f
	  WHERE f.lower IS NOT NULL AND NOT (f.lower <= f.point AND f.point <= f.upper)$$,
	'lower <= point <= upper for every method with intervals');

SELECT is_empty(
	$$SELECT s.i, m.method, a.step
	  FROM fc_series s, methods m,
		   logistics.forecast_table(s.y, 6, m.method, s.m, 0.8) a
		   JOIN logistics.forecast_table(s.y, 6, m.method, s.m, 0.95) b USING (step)
	  WHERE a.lower IS NOT NULL
		AND NOT (b.lower <= a.lower AND a.upper <= b.upper AND a.point = b.point)$$,
	'80% intervals lie inside 95% intervals, same points');

SELECT is_empty(
	$$SELECT s.i, m.method, f.step FROM fc_series s, methods m,
			 logistics.forecast_table(s.y, 6, m.method, s.m, 0.95) f
	  WHERE f.lower IS NOT NULL AND m.method IN ('naive', 'snaive', 'mean')
		AND f.step > 1 AND f.upper - f.lower < (
			SELECT g.upper - g.lower FROM logistics.forecast_table(s.y, 6, m.method, s.m, 0.95) g
			WHERE g.step = 1) - 1e-9$$,
	'intervals of naive, snaive and mean do not narrow with the horizon');

-- (naive2 and theta multiply by the seasonal index: their width follows the
-- season)

-- scaling the data scales the forecasts (methods without estimated
-- parameters, and croston/tsb with fixed ones)
SELECT is_empty(
	$$SELECT s.i, m.method FROM fc_series s,
		   (VALUES ('naive'), ('snaive'), ('naive2'), ('mean')) m(method),
		   LATERAL (SELECT array_agg(v * 3.5) AS y3 FROM unnest(s.y) v) t
	  WHERE EXISTS (SELECT 1 FROM unnest(logistics.forecast(s.y, 5, m.method, s.m),
										  logistics.forecast(t.y3, 5, m.method, s.m)) u(a, b)
					WHERE abs(3.5 * a - b) > 1e-9 * (1 + abs(b)))$$,
	'naive, snaive, naive2 and mean are scale equivariant');

SELECT is_empty(
	$$SELECT s.i, m.method FROM fc_series s,
		   (VALUES ('croston'), ('sba'), ('tsb')) m(method),
		   LATERAL (SELECT array_agg(v * 2) AS y2 FROM unnest(s.y) v) t
	  WHERE s.i % 3 = 2 AND EXISTS (
			SELECT 1 FROM unnest(
				logistics.forecast(s.y, 3, m.method, 1, '{"alpha": 0.2, "beta": 0.2}'::jsonb - CASE WHEN m.method = 'tsb' THEN '' ELSE 'beta' END),
				logistics.forecast(t.y2, 3, m.method, 1, '{"alpha": 0.2, "beta": 0.2}'::jsonb - CASE WHEN m.method = 'tsb' THEN '' ELSE 'beta' END)) u(a, b)
			WHERE abs(2 * a - b) > 1e-9 * (1 + abs(b)))$$,
	'croston, sba and tsb with fixed parameters are scale equivariant');

SELECT is_empty(
	$$SELECT s.i, m.method FROM fc_series s, methods m
	  WHERE logistics.forecast_predict_array(
				logistics.forecast_fit(s.y, m.method, s.m)::text::logistics.forecast_model, 7)
			IS DISTINCT FROM logistics.forecast(s.y, 7, m.method, s.m)$$,
	'a model stored as text and read back forecasts what forecast() gives');

SELECT is_empty(
	$$SELECT m.method, c FROM methods m, (VALUES (0.0), (12.5)) v(c),
		   logistics.forecast(array_fill(v.c::float8, ARRAY[20]), 3, m.method, 4) f
	  WHERE m.method <> 'sba' OR v.c = 0	-- SBA deflates by (1 - alpha/2)
	  GROUP BY m.method, c
	  HAVING bool_or(abs(f[1] - c) > 1e-6 OR abs(f[3] - c) > 1e-6)$$,
	'a constant series is forecast as that constant');

-- parallel workers give the same forecasts as a serial scan
ALTER TABLE fc_series SET (parallel_workers = 2);
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
	r text;
	o text := '';
BEGIN
	FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		o := o || r || E'\n';
	END LOOP;
	RETURN o;
END $f$;
CREATE TEMP TABLE q (sql text);
INSERT INTO q VALUES ($$
	SELECT count(*) FILTER (WHERE p.f IS DISTINCT FROM s.f) AS differ, count(*) AS n
	FROM (SELECT x.i, m.method, logistics.forecast(x.y, 5, m.method, x.m) AS f
		  FROM fc_series x
		  CROSS JOIN (VALUES ('naive'), ('snaive'), ('naive2'), ('mean'), ('ses'), ('holt'),
							 ('damped'), ('comb'), ('theta'), ('auto'), ('croston'), ('sba'),
							 ('tsb'), ('adida')) AS m(method)) p
	JOIN serial_fc s USING (i, method)$$);
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_fc AS
SELECT x.i, m.method, logistics.forecast(x.y, 5, m.method, x.m) AS f
FROM fc_series x, methods m;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;

SELECT matches((SELECT pg_temp.plan(sql) FROM q),
			   'Gather.*Parallel Seq Scan on fc_series',
			   'the forecasts are computed by parallel workers');
SELECT results_eq(
	(SELECT sql FROM q),
	$$VALUES (0::bigint, 840::bigint)$$,
	'parallel workers give the same forecasts as a serial scan (60 series x 14 methods)');

SELECT * FROM finish();
ROLLBACK;
