-- The real state types of the splittable aggregates (issue 17):
-- logistics.rate_state and logistics.accuracy_state.  Citus ships them
-- between nodes as text, so the text form must read back bit for bit, and
-- their input, reachable from SQL, must refuse what the old deserializers
-- refused.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;	-- the state's text ignores it: shortest exact
-- 0.1 + 0.2 is 0.30000000000000004, 17 significant digits; 1e300 and the
-- smallest subnormal read back unchanged
SELECT '(0.30000000000000004,1e300,1)'::logistics.rate_state,
	   '(5e-324,1,1)'::logistics.rate_state;
RESET extra_float_digits;
SELECT s::text::logistics.rate_state::text = s::text AS text_round_trip
FROM (SELECT '(0.30000000000000004,1e300,0)'::logistics.rate_state AS s) x;
-- binary form: successes, trials (float8, network order), bounded (int8)
SELECT logistics.rate_state_send('(3,10,1)');
-- the state of a group, finished by hand: 1 on time in full of 3
-- (late; 7 of 10 delivered; on time and complete)
SELECT logistics._ff_rate_final('(1,3,1)'), logistics._ff_rate_ci_final('(1,3,1)');
-- refused, each with 22P02 and what is wrong
SELECT '(11,10,1)'::logistics.rate_state;
SELECT '(1,10,2)'::logistics.rate_state;
SELECT '(-1,10,0)'::logistics.rate_state;
SELECT '(1,Infinity,1)'::logistics.rate_state;
SELECT '(NaN,1,1)'::logistics.rate_state;
SELECT '(1,10)'::logistics.rate_state;
SELECT '(1,10,1,1)'::logistics.rate_state;
SELECT '(1,10,1)x'::logistics.rate_state;
SELECT '1,10,1'::logistics.rate_state;
SELECT '(1, 10,1)'::logistics.rate_state;
SELECT '(1,10,99999999999999999999)'::logistics.rate_state;
-- returns may exceed sales: bounded 0 allows successes > trials
SELECT logistics._ff_rate_final('(12,10,0)');
-- accuracy: n, n_nonzero, n_inside, then (s, c) of |e|, e^2, e, |a|, APE,
-- sAPE, loss.  Pairs (a, f) = (1, 2), (3, 1): |e| 1 + 2 = 3, e^2 1 + 4 = 5,
-- e 1 - 2 = -1, |a| 4, APE 1 + 2/3, sAPE 2/3 + 1, no loss
SELECT logistics.accuracy(a, f), logistics._acc_mae_final('(2,2,0,3,0,5,0,-1,0,4,0,1.6666666666666667,0,1.6666666666666667,0,0,0)')
FROM (VALUES (1.0::float8, 2.0::float8), (3, 1)) v(a, f);
SELECT '(2,3,0,3,0,5,0,-1,0,4,0,1,0,1,0,0,0)'::logistics.accuracy_state;
SELECT '(2,1,3,3,0,5,0,-1,0,4,0,1,0,1,0,0,0)'::logistics.accuracy_state;
SELECT '(-1,0,0,3,0,5,0,-1,0,4,0,1,0,1,0,0,0)'::logistics.accuracy_state;
SELECT '(2,2,0,3,0,5,0,-1,0,4,0,1,0,1,0,0)'::logistics.accuracy_state;
-- demand_cv: (n, mean, m2, n_periods or -1).  Values 2, 4, 6: mean 4,
-- squared deviations 4 + 0 + 4 = 8, sd 2, cv 0.5; with 4 periods (one
-- zero) mean 3, m2 = 8 + 16 * 3 * 1 / 4 = 20, sd sqrt(20/3), cv 0.8607
SELECT logistics.demand_cv(x), logistics.demand_cv(x, 4),
	   logistics._inv_cv_final('(3,4,8,-1)'), logistics._inv_cv_final('(3,4,8,4)')
FROM (VALUES (2.0::float8), (4), (6)) v(x);
SELECT '(0,4,8,-1)'::logistics.demand_cv_state;
SELECT '(3,-4,8,-1)'::logistics.demand_cv_state;
SELECT '(3,4,8,0)'::logistics.demand_cv_state;
-- ledger_avg_level: (n, weighted, opening, start, end); one movement of -50
-- 5 days before the end of a 10-day period from 100: 100 - 50 * 5 / 10 = 75
SELECT logistics.ledger_avg_level(ts, d, 100, '2024-01-01 00:00+00', '2024-01-11 00:00+00')::text AS avg_75,
	   logistics.ledger_avg_level(ts, d, 100, '2024-01-01 00:00+00', '2024-01-11 00:00+00')::text
		 = logistics._inv_ledger_final('(1,-21600000000000,100,757382400000000,758246400000000)')::text AS by_hand
FROM (VALUES ('2024-01-06 00:00+00'::timestamptz, -50::float8)) v(ts, d);
SELECT '(1,0,100,758246400000000,757382400000000)'::logistics.ledger_avg_state;
SELECT '(1,0,100,-9223372036854775808,757382400000000)'::logistics.ledger_avg_state;
-- cycle_time_state: (n, sum_hi, sum_lo), the 128-bit sum of the durations
-- in microseconds.  1 h + 2 h + 4 h = 7 h = 25,200,000,000 us, mean 2:20:00
-- or 7 / 72 = 0.097222 days; the state of the aggregate reads back to the
-- same mean
SELECT logistics.cycle_time(s, s + h * interval '1 hour') AS mean,
	   logistics.cycle_time_days(s, s + h * interval '1 hour') AS mean_days,
	   logistics._ff_dur_avg_interval_final('(3,0,25200000000)') AS by_hand,
	   logistics._ff_dur_avg_days_final('(3,0,25200000000)') = 7.0 / 72 AS days_by_hand
FROM (VALUES ('2024-03-01 00:00+00'::timestamptz, 1), ('2024-03-02 00:00+00', 2),
			 ('2024-03-03 00:00+00', 4)) v(s, h);
SELECT logistics.cycle_time_state_send('(3,0,25200000000)');
-- a sum of -1 us has both words all ones; the extreme sum -2^63 us is a
-- duration, 2^63 us is not (n * INT64_MIN <= sum <= n * INT64_MAX)
SELECT logistics._ff_dur_avg_interval_final('(1,-1,-1)') AS minus_1us,
	   logistics._ff_dur_avg_interval_final('(1,-1,-9223372036854775808)') AS min_duration;
SELECT '(1,0,-9223372036854775808)'::logistics.cycle_time_state;
SELECT '(2,0,-1)'::logistics.cycle_time_state;
SELECT '(0,0,1)'::logistics.cycle_time_state;
SELECT '(-1,0,0)'::logistics.cycle_time_state;
SELECT '(1,0)'::logistics.cycle_time_state;
-- aging_state: (n, as_of, nbounds, 32 bounds, 33 receipts by bucket,
-- issued).  Receipts of 10 on 2024-01-01 (100 days old at as_of
-- 2024-04-10, bucket 90+) and 5 on 2024-03-31 (10 days, bucket 0-30), 3
-- issued: on hand 12, the newest first, so 5 in 0-30 and 7 in 90+.  as_of
-- 2024-04-10 UTC is 8,866 days after 2000-01-01 (24 years with 6 leap days
-- to 2024-01-01, then 31 + 29 + 31 + 9): 766,022,400,000,000 us
CREATE AGGREGATE pg_temp.aging_state_of(timestamptz, float8, timestamptz) (
	SFUNC = logistics._inv_aging_trans, STYPE = logistics.aging_state);
SELECT logistics.inventory_aging(ts, q, '2024-04-10 00:00+00') AS on_hand_by_age,
	   pg_temp.aging_state_of(ts, q, '2024-04-10 00:00+00')::text
		 = '(3,766022400000000,3,30,60,90,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3)' AS state_by_hand,
	   logistics._inv_aging_final('(3,766022400000000,3,30,60,90,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3)') AS final_by_hand
FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, 10::float8), ('2024-03-31 00:00+00', 5),
			 ('2024-04-01 00:00+00', -3)) v(ts, q);
-- an unused bound or bucket that is not 0, decreasing bounds, no bounds
SELECT '(3,766022400000000,3,30,60,90,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3)'::logistics.aging_state;
SELECT '(3,766022400000000,3,30,90,60,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3)'::logistics.aging_state;
SELECT '(3,766022400000000,0,30,60,90,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3)'::logistics.aging_state;
SELECT '(3,766022400000000,3,30,60,90,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,5,0,0,10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-3)'::logistics.aging_state;
-- demand_series_state: (from_us, to_us, months, days, time_us, K, K sums),
-- times in microseconds since 2000-01-01 00:00 UTC: 2024-01-01 is 8,766
-- days later (24 years, 6 leap days) = 757,382,400,000,000 us, 2024-01-04
-- 3 days (259,200,000,000 us) after that.  Rows of 2 on day 1, 1 + 5 on
-- day 3 and one at to_ts (outside): {2,0,6}, whatever the session TimeZone
CREATE AGGREGATE pg_temp.ds_state_of(timestamptz, float8, interval, timestamptz, timestamptz) (
	SFUNC = logistics._demand_series_state_trans, STYPE = logistics.demand_series_state);
SET TimeZone = 'America/New_York';
SELECT logistics.demand_series(ts, q, '1 day', '2024-01-01 00:00+00', '2024-01-04 00:00+00') AS by_rows,
	   pg_temp.ds_state_of(ts, q, '1 day', '2024-01-01 00:00+00', '2024-01-04 00:00+00')::text
		 = '(757382400000000,757641600000000,0,1,0,3,2,0,6)' AS state_by_hand,
	   logistics._demand_series_state_final('(757382400000000,757641600000000,0,1,0,3,2,0,6)') AS final_by_hand
FROM (VALUES ('2024-01-01 10:00+00'::timestamptz, 2::float8), ('2024-01-03 00:00+00', 1),
			 ('2024-01-03 23:59+00', 5), ('2024-01-04 00:00+00', 100)) v(ts, q);
RESET TimeZone;
-- Month buckets with other parameters in each of 10 groups whose rows are
-- interleaved: more parameter sets than the 8 bucket layouts a process
-- keeps, so layouts are evicted and computed again row after row.  Every
-- group's series equals the sums by UTC calendar month computed here with
-- timestamp arithmetic; rows every 7 days from the group's first day, 13 of
-- them (84 days, within 3 months).
CREATE TEMP TABLE ds_multi AS
SELECT g, '2024-01-01 00:00+00'::timestamptz + g * interval '1 month' AS f,
	   ('2024-01-01 00:00'::timestamp + g * interval '1 month' + d * interval '7 days') AT TIME ZONE 'UTC' AS ts,
	   (d % 5 + 1)::float8 AS q
FROM generate_series(0, 9) g, generate_series(0, 12) d ORDER BY d, g;
SET enable_sort = off;
SELECT count(*) AS groups, count(*) FILTER (WHERE got = expected) AS equal
FROM (SELECT g, logistics.demand_series(ts, q, '1 month', f, ((f AT TIME ZONE 'UTC') + interval '3 months') AT TIME ZONE 'UTC') AS got
	  FROM ds_multi GROUP BY g, f) a
JOIN (SELECT g, array_agg(coalesce(s, 0) ORDER BY k) AS expected
	  FROM (SELECT x.g, k, (SELECT sum(q) FROM ds_multi m
							WHERE m.g = x.g AND m.ts >= ((x.f AT TIME ZONE 'UTC') + k * interval '1 month') AT TIME ZONE 'UTC'
							  AND m.ts < ((x.f AT TIME ZONE 'UTC') + (k + 1) * interval '1 month') AT TIME ZONE 'UTC') AS s
			FROM (SELECT DISTINCT g, f FROM ds_multi) x, generate_series(0, 2) k) y
	  GROUP BY g) b USING (g);
RESET enable_sort;
SELECT s::text::logistics.demand_series_state::text = s::text AS text_round_trip
FROM (SELECT '(757382400000000,757641600000000,0,1,0,3,0.30000000000000004,0,1e300)'::logistics.demand_series_state AS s) x;
-- calendar months from 2024-01-31 (759,974,400,000,000) to 2024-06-01
-- (770,515,200,000,000): starts Jan 31, Feb 29, Mar 31, Apr 30, May 31, so
-- 5 buckets, not 4
SELECT logistics._demand_series_state_final('(759974400000000,770515200000000,1,0,0,5,0,0,0,0,1)');
SELECT '(759974400000000,770515200000000,1,0,0,4,0,0,0,1)'::logistics.demand_series_state;
-- binary form: from, to (int8), months, days (int4), time (int8), K (int4),
-- K sums (float8), network order
SELECT logistics.demand_series_state_send('(757382400000000,757641600000000,0,1,0,3,2,0,6)');
-- refused, each with 22P02 and what is wrong: a bucket count that does
-- not match, negative, NaN or infinite sums, a bucket mixing months and
-- days, an empty bucket, from_ts not before to_ts or not a timestamp, no
-- buckets, a sum
-- missing or extra, text after it, a blank, a time that is not an integer
SELECT '(757382400000000,757641600000000,0,1,0,4,2,0,6,0)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,-1,6)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,NaN,6)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,Infinity,6)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,1,1,0,3,2,0,6)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,0,0,3,2,0,6)'::logistics.demand_series_state;
SELECT '(757641600000000,757382400000000,0,1,0,3,2,0,6)'::logistics.demand_series_state;
SELECT '(-9223372036854775807,757382400000000,0,1,0,3,2,0,6)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,0,1)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,0)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,0,6,1)'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2,0,6)x'::logistics.demand_series_state;
SELECT '(757382400000000,757641600000000,0,1,0,3,2, 0,6)'::logistics.demand_series_state;
SELECT '(757382400000000.5,757641600000000,0,1,0,3,2,0,6)'::logistics.demand_series_state;
-- the binary input: a state written by COPY (FORMAT binary) reads back; the
-- same bytes with a bucket count of 4 (and 4 sums), a negative sum or a
-- sum missing are refused (22P03)
CREATE TEMP TABLE ds_bin (s logistics.demand_series_state);
CREATE TEMP TABLE ds_raw (b bytea);
CREATE FUNCTION pg_temp.ds_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_ds_state_' || pg_backend_pid();
BEGIN
	TRUNCATE ds_raw;
	TRUNCATE ds_bin;
	INSERT INTO ds_raw VALUES (raw);
	EXECUTE format('COPY ds_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY ds_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM ds_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT pg_temp.ds_copy(logistics.demand_series_state_send('(757382400000000,757641600000000,0,1,0,3,2,0,6)'));
SELECT pg_temp.ds_copy('\x0002b0d5d4e940000002b1122e6f60000000000000000001000000000000000000000004400000000000000000000000000000004018000000000000'
					   '0000000000000000'::bytea);
SELECT pg_temp.ds_copy('\x0002b0d5d4e940000002b1122e6f600000000000000000010000000000000000000000034000000000000000bff00000000000004018000000000000'::bytea);
SELECT pg_temp.ds_copy('\x0002b0d5d4e940000002b1122e6f6000000000000000000100000000000000000000000340000000000000000000000000000000'::bytea);
-- the support functions run only inside an aggregate (0A000, not XX000)
SELECT logistics._ff_otif_trans('(0,0,1)', now(), now(), 1, 1);
SELECT logistics._ff_rate_combine('(0,0,1)', '(1,1,1)');
SELECT logistics._acc_point_trans(NULL, 1, 2);
SELECT logistics._inv_aging_trans(NULL, now(), 1, now());
SELECT logistics._demand_series_state_trans(NULL, now(), 1, '1 day', '2024-01-01', '2024-02-01');
SELECT logistics._demand_series_state_combine(NULL, '(757382400000000,757641600000000,0,1,0,3,2,0,6)');
-- a parallel plan (partial states through the tuple queue) equals a serial one
CREATE TABLE state_types_par AS
SELECT (g % 5) AS k, (g % 7)::float8 AS a, (g % 11)::float8 AS f,
	   '2024-01-01'::timestamptz + g * interval '1 hour' AS p,
	   '2024-01-01'::timestamptz + (g + g % 3 - 1) * interval '1 hour' AS d
FROM generate_series(1, 60000) g;
ANALYZE state_types_par;
CREATE TEMP TABLE serial_r AS
SELECT k, logistics.otif_ci(p, d, 10, f) AS o, logistics.accuracy(a, f) AS acc,
	   logistics.cycle_time(p, d) AS ct,
	   logistics.demand_series(p, a, '1 day', '2024-01-01', '2031-01-01') AS ds
FROM state_types_par GROUP BY k;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT k, logistics.otif_ci(p, d, 10, f), logistics.accuracy(a, f) FROM state_types_par GROUP BY k;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE s.o = q.o AND s.acc::text = q.acc::text AND s.ct = q.ct
						  AND s.ds = q.ds) AS equal
FROM serial_r s JOIN (SELECT k, logistics.otif_ci(p, d, 10, f) AS o, logistics.accuracy(a, f) AS acc,
						     logistics.cycle_time(p, d) AS ct,
						     logistics.demand_series(p, a, '1 day', '2024-01-01', '2031-01-01') AS ds
					  FROM state_types_par GROUP BY k) q USING (k);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE state_types_par;
