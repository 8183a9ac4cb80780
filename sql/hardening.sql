--
-- Hardening (issue 10): inputs found by fuzzing that crashed, raised an
-- internal error or gave a wrong or non-finite number.  Each statement
-- shows its SQLSTATE and message, or its result.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;

-- SQLSTATE and message of a statement, or its first value as text
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
BEGIN
	EXECUTE q INTO r;
	RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

--
-- Item 6: forecast_fit returns models that read back.  A perfect fit has an
-- unbounded likelihood: its criteria are null.  Forecasts by hand: a
-- constant series forecasts itself; 1..12 by Holt forecasts 13, 14; the
-- mean of {1,1,2,1} * 1e300 is 1.25e300.
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{5,5,5,5,5,5,5,5,5,5,5,5}', 'ses', 1), 2)$$),
  ($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{1,2,3,4,5,6,7,8,9,10,11,12}', 'auto', 1), 2)$$),
  ($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{1,2,3,4,5,6,7,8,9,10,11,12}', 'holt', 1), 2)$$),
  ($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{1e300,1e300,2e300,1e300}', 'mean', 1), 2)$$),
  ($$SELECT logistics.forecast_predict_array(logistics.forecast_fit('{1e300,-1e300,1e300,-1e300,1e300,-1e300}', 'naive', 3), 2)$$),
  ($$SELECT logistics.forecast_model_json(logistics.forecast_fit('{5,5,5,5,5,5,5,5,5,5,5,5}', 'ses', 1))->>'loglik'$$),
  ($$SELECT logistics.forecast('{5,5,5,5,5,5,5,5,5,5,5,5}', 2, 'ses', 1)$$)
) t(q);

-- every method on a short seasonal series: the model survives text output
-- and input
SELECT m, logistics.forecast_fit(
	'{12,15,11,18,14,16,13,17,15,19,14,18,16,20,15,21,14,19,17,22}', m, 4)::text
	::logistics.forecast_model IS NOT NULL AS round_trip
FROM unnest(ARRAY['ses', 'holt', 'damped', 'auto', 'theta', 'comb', 'croston',
				  'sba', 'tsb', 'adida', 'naive', 'snaive', 'naive2', 'mean']) m;

--
-- Item 7: forecast_model text input checks the parameters as the fitting
-- code would (phi = 3 forecast 24.9, 34.0, 61.0, ...).
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT replace(replace(logistics.forecast_fit('{12,15,11,18,14,16,13,17,15,19,14,18}', 'damped', 1)::text,
		'"phi": 0.', '"phi": 3.'), '"phi":0.', '"phi":3.')::logistics.forecast_model$$),
  ($$SELECT regexp_replace(logistics.forecast_fit('{12,15,11,18,14,16,13,17,15,19,14,18}', 'ses', 1)::text,
		'"beta": 0,', '"beta": 0.5,', 'g')::logistics.forecast_model$$),
  ($$SELECT regexp_replace(logistics.forecast_fit('{12,15,11,18,14,16,13,17,15,19,14,18}', 'ses', 1)::text,
		'"alpha": [0-9.e-]+', '"alpha": 7', 'g')::logistics.forecast_model$$)
) t(q);

--
-- Item 7: the array states of route_length and route_cost, reachable from
-- SQL through their final and combine functions, are checked.
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics._route_length_final('{2,1000,0,0,0,5}')$$),
  ($$SELECT logistics._route_length_final('{2,10,0,11,0,-5}')$$),
  ($$SELECT logistics._route_length_final('{1,10,0,10,0,5}')$$),
  ($$SELECT logistics._route_length_final('{2,0,0,0,1,1e30}')$$),
  ($$SELECT logistics._route_length_final('{0,0,0,0,0,7}')$$),
  ($$SELECT logistics._route_length_final('{2,0,0,0,1,111319.49}')$$),
  ($$SELECT logistics._route_length_combine('{1,10,0,10,0,0}', '{1,95,0,95,0,0}')$$),
  ($$SELECT logistics._route_cost_final('{1,10,0,10,0,0,2,1,1,1,1,1,1,1}')$$),
  ($$SELECT logistics._route_cost_final('{1,10,0,10,0,0,1,1,1,1,1,-35,1,1}')$$),
  ($$SELECT logistics._route_cost_final('{2,10,0,10,1,1e5,1,0.35,30,0.5,40,1e-300,5,210}')$$),
  ($$SELECT logistics._route_cost_final('{2,10,0,10,1,1e5,1,1e308,1e308,1e308,1e308,35,5,210}')$$)
) t(q);

--
-- Item 10: NaN or infinity from finite arguments is an error (22003).
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics.days_of_supply(100, 5e-324)$$),
  ($$SELECT logistics.inventory_turnover(100, 5e-324)$$),
  ($$SELECT logistics.newsvendor(100, 0, 0.5, 1e-300)$$),
  ($$SELECT logistics.newsvendor(100, 25, 1e200, 0.5)$$),
  -- critical fractile 1 - 5e-201: z = 30.2285080807 (mpmath), 100 + 25 z = 855.7127020
  ($$SELECT round(logistics.newsvendor(100, 25, 1e200, 0.5)::numeric, 6)$$),
  ($$SELECT logistics.newsvendor_cost(100, 1e308, 2, 0.5)$$),
  ($$SELECT logistics.reorder_point(5e-324, 100, 20, 1e308, 1)$$),
  ($$SELECT logistics.safety_stock(0.99, 1e200, 1e200, 1e200, 1e200)$$),
  ($$SELECT logistics.ss_policy_poisson(1e-300, 2, 10, 50)::text$$),
  ($$SELECT logistics.normal_loss_inverse(1e308)$$),
  ($$SELECT logistics.normal_loss2(-1e308)$$)
) t(q);

--
-- Item 11: the Wilson interval, upper bound in the direct form.
-- mpmath, 50 digits: 5 of 1e15 at 95% is [2.13570113757345e-15,
-- 1.17057576831206e-14]; 3 of 45 at confidence 1 - 1.1e-16 is
-- [0.00268608982164080, 0.654496706540084].
--
SELECT abs((w).lower / 2.1357011375734542e-15 - 1) < 1e-13 AS lower_ok,
	   abs((w).upper / 1.1705757683120617e-14 - 1) < 1e-13 AS upper_ok
FROM (SELECT logistics.wilson_interval(5, 1000000000000000, 0.95) AS w) s;
SELECT abs((w).lower / 0.0026860898216407999 - 1) < 1e-12 AS lower_ok,
	   abs((w).upper / 0.65449670654008392 - 1) < 1e-12 AS upper_ok
FROM (SELECT logistics.wilson_interval(3, 45, 0.9999999999999999) AS w) s;

--
-- Item 15: a NULL params means no fixed parameters; NULL elsewhere still
-- gives NULL (no rows); markings.
--
SELECT logistics.forecast('{1,2,3,4,5,6,7,8,9,10,11,12}', 2, 'holt', 1, NULL) AS holt_null_params,
	   logistics.forecast('{1,2,3,4,5,6,7,8,9,10,11,12}', 2, 'holt', 1, '{}') AS holt_no_params,
	   logistics.forecast(NULL, 2, 'holt', 1, NULL) AS null_series,
	   logistics.forecast_fit('{1,2,3,4,5,6,7,8,9,10,11,12}', 'holt', 1, NULL) IS NOT NULL AS fit_null_params,
	   logistics.forecast_fit('{1,2,3}', NULL, 1, '{}') IS NULL AS fit_null_method;
SELECT count(*) AS rows_null_params
FROM logistics.forecast_table('{1,2,3,4,5,6,7,8,9,10,11,12}', 3, 'ses', 1, 0.95, NULL);
SELECT count(*) AS rows_null_level
FROM logistics.forecast_table('{1,2,3,4,5,6,7,8,9,10,11,12}', 3, 'ses', 1, NULL, '{}');
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.procost
FROM pg_proc p
WHERE p.pronamespace = 'logistics'::regnamespace
  AND p.proname IN ('version', 'tsp_tour', 'distance_matrix', 'ss_policy_poisson',
					'ss_policy_poisson_cost', 'wagner_whitin', 'wagner_whitin_cost')
ORDER BY 1::text;

--
-- Item 10: demand_profile is scale-free: 1e308-sized demand has the
-- profile of the same demand divided by 1e308 (by hand for {1, 0.5, 0, 1}:
-- ADI 4/3, mean 5/6, variance 1/12, CV^2 = (1/12)/(25/36) = 0.12).
--
SELECT logistics.demand_profile('{1e308,1e308,1e308}') AS equal_huge,
	   logistics.demand_profile('{1e308,5e307,0,1e308}') AS huge,
	   logistics.demand_profile('{1,0.5,0,1}') AS small;

--
-- Item 8: a running sum that overflows raises 22003 in a serial and in a
-- parallel plan alike (it was Infinity or 0 serially, 22P03 in parallel).
--
CREATE TABLE hard_big AS
SELECT i, '2024-01-01'::timestamptz + i * interval '1 hour' AS ts,
	   1e307::float8 AS big, (i % 7)::float8 AS small
FROM generate_series(1, 20000) i;
ALTER TABLE hard_big SET (parallel_workers = 2);
ANALYZE hard_big;
CREATE FUNCTION pg_temp.both_plans(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	serial text;
	parallel text;
BEGIN
	SET LOCAL max_parallel_workers_per_gather = 0;
	serial := pg_temp.try(q);
	SET LOCAL max_parallel_workers_per_gather = 2;
	SET LOCAL parallel_setup_cost = 0;
	SET LOCAL parallel_tuple_cost = 0;
	SET LOCAL min_parallel_table_scan_size = 0;
	SET LOCAL force_parallel_mode = on;
	parallel := pg_temp.try(q);
	RETURN CASE WHEN serial = parallel THEN 'same: ' || serial
				ELSE 'serial ' || serial || ' | parallel ' || parallel END;
END $$;
SELECT q, pg_temp.both_plans(q) AS result FROM (VALUES
  ($$SELECT logistics.demand_cv(big)::text FROM hard_big$$),
  ($$SELECT logistics.demand_cv(big * small)::text FROM hard_big$$),
  ($$SELECT logistics.ledger_avg_level(ts, big, 0, '2024-01-01', '2027-01-01')::text FROM hard_big$$),
  ($$SELECT logistics.inventory_aging(ts, big, '2027-01-01')::text FROM hard_big$$),
  ($$SELECT logistics.inventory_turnover(ts, small + 1, big, '2027-01-01')::text FROM hard_big$$),
  ($$SELECT logistics.time_weighted_avg(ts, big, '2027-01-01')::text FROM hard_big$$),
  -- i % 7 over 1..20000: sd / mean = 0.66670555664356 (Python statistics; Welford here, 5e-15 apart)
  ($$SELECT logistics.demand_cv(small)::text FROM hard_big$$)
) t(q);

--
-- Item 12: per-partition parameters must be equal in every row (22023),
-- else the classes depended on which row came first.
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT string_agg(c, '') FROM (SELECT logistics.abc_class(v, s, 0.95) OVER () AS c
	FROM (VALUES (10, 0.8), (5, 0.5), (1, 0.8)) t(v, s)) x$$),
  ($$SELECT string_agg(c, '') FROM (SELECT logistics.abc_class(v, 0.8, s) OVER () AS c
	FROM (VALUES (10, 0.95), (5, 0.95), (1, NULL)) t(v, s)) x$$),
  -- by hand: 10/16 = 0.625 before 0 -> A; 15/16 before 0.625 < 0.8 -> A;
  -- before 0.9375 < 0.95 -> B
  ($$SELECT string_agg(c, '' ORDER BY v DESC) FROM (SELECT v, logistics.abc_class(v, 0.8, 0.95) OVER () AS c
	FROM (VALUES (10), (5), (1)) t(v)) x$$)
) t(q);

--
-- Item 14: a long computation stops at statement_timeout (the kernel offers
-- to cancel every million steps).  Uninterrupted, these calls take 640 ms,
-- 340 ms and 200 ms on an idle machine of the CI's class: the timeout is set
-- ten times shorter, so the output cannot depend on the machine's speed.
--
SET statement_timeout = '20ms';
SELECT logistics.ss_policy_poisson_cost(20000, 1, 100, 1e6, 0, 20000);
SELECT logistics.ss_policy_poisson_cost(5000, 1, 100, 1e6, 0, 20000);
SELECT logistics.ss_policy_poisson(15000, 1, 100000, 1e9);
RESET statement_timeout;

--
-- Item 9: durations at valid extreme dates are exact or an error (22008):
-- 2000-01-01 to 5874897-12-31 is 2,145,031,948 days (date subtraction),
-- but in microseconds it leaves the int64 range.
--
SELECT date '5874897-12-31' - date '2000-01-01' AS days_by_date_subtraction;
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics.cycle_time_days(date '2000-01-01', date '5874897-12-31')$$),
  ($$SELECT logistics.cycle_time_days(timestamptz '4713-01-01 00:00+00 BC', timestamptz '294276-12-31 00:00+00')$$),
  -- a span that fits: 2000-01-01 to 100000-01-01, 35,793,765 days as date subtraction says
  ($$SELECT logistics.cycle_time_days(date '2000-01-01', date '100000-01-01')$$),
  ($$SELECT date '100000-01-01' - date '2000-01-01'$$)
) t(q);

--
-- Item 12: a percentile fraction that differs between rows is an error
-- (the first row's used to win).
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics.cycle_time_percentile(s, f, p) FROM (VALUES
	('2024-01-01'::date, '2024-01-03'::date, 0.5), ('2024-01-01', '2024-01-05', 0.9)) t(s, f, p)$$),
  ($$SELECT logistics.cycle_time_percentile(s, f, p)::text FROM (VALUES
	('2024-01-01'::date, '2024-01-03'::date, '{0.5}'::float8[]), ('2024-01-01', '2024-01-05', '{0.5,0.9}')) t(s, f, p)$$),
  -- the same fraction in every row: the median of 2 and 4 days is 3
  ($$SELECT logistics.cycle_time_percentile(s, f, 0.5) FROM (VALUES
	('2024-01-01'::date, '2024-01-03'::date), ('2024-01-01', '2024-01-05')) t(s, f)$$)
) t(q);

--
-- Item 14: forecast has a maximum series length (250,000 values).
--
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT logistics.forecast(array_fill(1::float8, ARRAY[250001]), 1, 'ses', 1)$$),
  ($$SELECT logistics.forecast(array_fill(1::float8, ARRAY[250000]), 1, 'naive', 1)$$)
) t(q);

--
-- Item 10 (session 4): an interval level of 1 - 1e-16 (the largest double
-- below 1) gives finite bounds.  0.5 + level / 2 rounds to 1 there, and the
-- quantile used to be infinite: naive and mean returned -Infinity and
-- Infinity, ses NULL bounds.  The tail (1 - level) / 2 = 5.55e-17 is exact;
-- the bounds are point -+ z sigma with z = 8.2924 (normal, mpmath) or the
-- t quantile of that tail.  Checked: finite, below/above the point, and
-- wider than at level 0.999999 (z = 4.8916).
--
SELECT m,
       bool_and(lower > -1e300 AND upper < 1e300) AS finite,
       bool_and(lower < point AND point < upper) AS around_point,
       bool_and(upper - lower > w6) AS wider_than_at_0_999999
FROM (VALUES ('naive'), ('mean'), ('ses'), ('holt'), ('theta'), ('arima')) v(m),
     LATERAL (SELECT f.*, g.upper - g.lower AS w6
              FROM logistics.forecast_table('{10,9.5,9,11,10,9,12,11,10,9,11,12}'::float8[],
                                            3, m, 1, 0.9999999999999999) f
              JOIN logistics.forecast_table('{10,9.5,9,11,10,9,12,11,10,9,11,12}'::float8[],
                                            3, m, 1, 0.999999) g USING (step)) x
GROUP BY m ORDER BY m;
-- mean of {10, 9.5, 9}: 9.5, sd 0.5, df 2.  The kernels take the level in
-- percent: 0.9999999999999999 * 100 = 99.99999999999999, whose tail
-- (100 - 99.99999999999999) / 200 is 7.105427357601002e-17 (python);
-- t = (1 - 2q) / sqrt(2q(1 - q)) = 83,886,080.0 (mpmath), times
-- 0.5 sqrt(1 + 1/3): half-width 48,431,650.87
SELECT step, point, round(upper::numeric - 9.5) AS half_width
FROM logistics.forecast_table('{10,9.5,9}'::float8[], 1, 'mean', 3, 0.9999999999999999);

--
-- vrp_solve: sums of huge finite times, distances, costs or amounts are a
-- clear 22003 before solving (they used to leave every job unassigned
-- without a word, or could print Infinity); the same problem in small
-- numbers solves: 0 -> 1 -> 2 -> 0 costs 3 x 10 = 30 (cost = seconds).
--
CREATE TEMP TABLE vrp_big AS SELECT '{
  "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [5]}],
  "jobs": [{"id": 11, "location_index": 1, "delivery": [1]},
           {"id": 12, "location_index": 2, "delivery": [1]}],
  "matrices": {"car": {"durations": [[0, 10, 10], [10, 0, 10], [10, 10, 0]]}}
}'::jsonb AS p;
SELECT q, pg_temp.try(q) AS result FROM (VALUES
  ($$SELECT (logistics.vrp_solve(p)->'summary'->'cost')::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{matrices,car,durations}',
	'[[0, 1e308, 1e308], [1e308, 0, 1e308], [1e308, 1e308, 0]]'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{matrices,car,distances}',
	'[[0, 1e300, 1e300], [1e300, 0, 1e300], [1e300, 1e300, 0]]'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{vehicles,0,costs}', '{"fixed": 1.7e308}'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{vehicles,0,costs}', '{"per_hour": 1e300}'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{jobs,0,service}', '1e308'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(jsonb_set(p, '{jobs,0,delivery}', '[1e308]'),
	'{jobs,1,delivery}', '[1e308]'))::text FROM vrp_big$$),
  ($$SELECT logistics.vrp_solve(jsonb_set(p, '{jobs,0,time_windows}', '[[1e300, 2e300]]'))::text FROM vrp_big$$),
  -- large but inside the limit (1e15): 3 legs of 1e13 s
  ($$SELECT (logistics.vrp_solve(jsonb_set(p, '{matrices,car,durations}',
	'[[0, 1e13, 1e13], [1e13, 0, 1e13], [1e13, 1e13, 0]]'))->'summary'->'cost')::text FROM vrp_big$$)
) t(q);
