--
-- cycle_time_percentile_approx: percentiles of durations from a mergeable
-- KLL sketch (src/common/kll.c; its unit test measures the rank error on
-- 1e3 to 1e6 values and merges of 2 to 13 parts).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- Up to 200 rows the sketch keeps every value: the exact percentile_cont.
-- Durations 1, 2, 3, 4 days: median 2.5, p90 3 + 0.7 = 3.7 (by hand), and
-- the exact aggregate and PostgreSQL's percentile_cont agree
SELECT logistics.cycle_time_percentile_approx(s, s + d * interval '1 day', 0.5) AS median_days,
	   logistics.cycle_time_percentile_approx(s, s + d * interval '1 day', ARRAY[0, 0.9, 1]) AS p0_p90_p100,
	   logistics.cycle_time_percentile_approx(s::date, s::date + d, 0.9) AS p90_dates,
	   percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS builtin_p90
FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, 3), ('2024-05-02 00:00+00', 1),
			 ('2024-05-03 00:00+00', 4), ('2024-05-04 00:00+00', 2)) v(s, d);
-- rows with a NULL time are skipped; no rows: NULL
SELECT logistics.cycle_time_percentile_approx(s, f, 0.5) AS median_days,
	   logistics.cycle_time_percentile_approx(s, f, 0.5) FILTER (WHERE false) AS none
FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, '2024-05-03 00:00+00'::timestamptz),
			 (NULL, '2024-05-09 00:00+00'), ('2024-05-01 00:00+00', NULL)) v(s, f);
-- 150 rows: equal to the exact aggregate
SELECT logistics.cycle_time_percentile_approx(s, f, ARRAY[0.05, 0.5, 0.95])
	   = logistics.cycle_time_percentile(s, f, ARRAY[0.05, 0.5, 0.95]) AS exact_up_to_200
FROM (SELECT '2024-01-01'::timestamptz + g * interval '1 hour' AS s,
			 '2024-01-01'::timestamptz + g * interval '1 hour' + ((g * 7919) % 1009) * interval '1 minute' AS f
	  FROM generate_series(1, 150) g) x;
-- 100,000 durations of 1, 2, ..., 100,000 minutes in a shuffled order: the
-- value of rank r (0-based) is r + 1 minutes, so the rank of a returned
-- value v is v - 1 minutes, and its rank error is |v - 1 - p (n - 1)| / n
-- minutes; the documented bound is 0.0165.  Serial and parallel plans
-- (partial sketches merged) both hold it.
CREATE TABLE sketch_rows AS
SELECT '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' AS s,
	   '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + g * interval '1 minute' AS f
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
ANALYZE sketch_rows;
CREATE TEMP TABLE fr AS SELECT array_agg(i / 100.0 ORDER BY i) AS p FROM generate_series(1, 99) i;
CREATE FUNCTION pg_temp.worst_rank_error(v float8[], p float8[]) RETURNS float8
LANGUAGE sql AS $$
	SELECT max(abs(v[i] * 1440 - 1 - p[i] * 99999) / 100000)
	FROM generate_subscripts(p, 1) i
$$;
SELECT pg_temp.worst_rank_error(logistics.cycle_time_percentile_approx(s, f, fr.p), fr.p) <= 0.0165 AS serial_within_bound,
	   logistics.cycle_time_percentile_approx(s, f, 0) * 1440 AS min_minutes,
	   logistics.cycle_time_percentile_approx(s, f, 1) * 1440 AS max_minutes
FROM sketch_rows, fr GROUP BY fr.p;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.cycle_time_percentile_approx(s, f, 0.5) FROM sketch_rows;
SELECT pg_temp.worst_rank_error(logistics.cycle_time_percentile_approx(s, f, (SELECT p FROM fr)),
								(SELECT p FROM fr)) <= 0.0165 AS parallel_within_bound
FROM sketch_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- the state as text reads back to the same sketch (Citus ships it so)
CREATE AGGREGATE pg_temp.sketch_of(timestamptz, timestamptz, float8) (
	SFUNC = logistics._ff_dur_sketch_trans, STYPE = logistics.quantile_sketch,
	COMBINEFUNC = logistics._ff_sketch_combine);
SELECT logistics._ff_dur_sketch_final(pg_temp.sketch_of(s, f, 0.9)::text::logistics.quantile_sketch)
	   = logistics.cycle_time_percentile_approx(s, f, 0.9) AS text_round_trip,
	   length(pg_temp.sketch_of(s, f, 0.9)::text) < 10000 AS text_under_10kB
FROM sketch_rows;
-- hand-made states: values 1, 2, 3 us at level 0, median 2 us; then 3 us
-- at level 1 (weight 2, ranks 2 and 3, placed at 2.5) and 1, 2 us at level
-- 0: the median, rank 1.5, lies a third of the way from 2 us (rank 1) to
-- 3 us (rank 2.5): 2 + 1/3 us
SELECT logistics._ff_dur_sketch_final('(200,3,1,1,3,1,0.5,1,3,3,1,2)') * 86400e6 AS median_us,
	   round((logistics._ff_dur_sketch_final('(200,4,1,1,3,1,0.5,2,2,1,3,1,2)') * 86400e6)::numeric, 9) AS median_2_level_us;
-- states rows cannot produce
SELECT '(200,4,1,1,3,1,0.5,1,3,1,2,3)'::logistics.quantile_sketch;
SELECT '(200,3,1,1,3,1,0.5,1,3,1,2,4)'::logistics.quantile_sketch;
SELECT '(200,3,1,1,3,1,1.5,1,3,1,2,3)'::logistics.quantile_sketch;
SELECT '(100,3,1,1,3,1,0.5,1,3,1,2,3)'::logistics.quantile_sketch;
-- level 1 (weight 2) must be sorted: 3 then 1 is not
SELECT '(200,4,1,1,3,1,0.5,2,0,2,3,1)'::logistics.quantile_sketch;
SELECT '(200,3,1,1,3,1,0.5,1,3,1,2,3,4)'::logistics.quantile_sketch;
SELECT '(200,3,-1,1,3,1,0.5,1,3,1,2,3)'::logistics.quantile_sketch;
SELECT '(200,3,1,1,3,1000000,0.5)'::logistics.quantile_sketch;
-- The state grows with the values it retains (a new, bigger state is
-- returned, never one enlarged in place): room for 16 values at the first
-- row, doubled as needed, at most 1,358 (all the slots, lg_kll_slots(200)).
-- By hand: a 296-byte header (the struct up to its values), then 8 bytes a
-- value slot and a fraction.  4 rows, 1 fraction: 296 + (16 + 1) 8 = 432
-- bytes; 150 rows (nothing compacted: 150 values in 256 slots), 3
-- fractions: 296 + (256 + 3) 8 = 2,368; 100,000 rows, 1 fraction: at most
-- 296 + (1,358 + 1) 8 = 11,168.  A state read from text has room for just
-- its values: 3 values and 1 fraction, 296 + 4 * 8 = 328.
CREATE AGGREGATE pg_temp.sketches_of(timestamptz, timestamptz, float8[]) (
	SFUNC = logistics._ff_dur_sketches_trans, STYPE = logistics.quantile_sketch,
	COMBINEFUNC = logistics._ff_sketch_combine);
SELECT pg_column_size(pg_temp.sketch_of(s, s + d * interval '1 day', 0.5)) AS four_rows
FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, 3), ('2024-05-02 00:00+00', 1),
			 ('2024-05-03 00:00+00', 4), ('2024-05-04 00:00+00', 2)) v(s, d);
CREATE TEMP TABLE sketch_small AS
SELECT '2024-01-01'::timestamptz + g * interval '1 hour' AS s,
	   '2024-01-01'::timestamptz + g * interval '1 hour' + ((g * 7919) % 1009) * interval '1 minute' AS f
FROM generate_series(1, 150) g;
SELECT pg_column_size(pg_temp.sketches_of(s, f, ARRAY[0.05, 0.5, 0.95])) AS rows_150 FROM sketch_small;
SELECT pg_column_size(pg_temp.sketch_of(s, f, 0.5)) <= 11168 AS rows_100000_within_all_slots,
	   pg_column_size(pg_temp.sketch_of(s, f, 0.5)) > 4096 AS rows_100000_grown
FROM sketch_rows;
SELECT pg_column_size('(200,3,1,1,3,1,0.5,1,3,1,2,3)'::logistics.quantile_sketch) AS read_3_values;
-- so merging states grows the state in the combine function: 150 one-row
-- states read from text and merged give the exact percentiles (at most 200
-- values: the sketch keeps them all), and four states of 25,000 rows each
-- merged keep the rank bound
CREATE AGGREGATE pg_temp.sketch_merge(logistics.quantile_sketch) (
	SFUNC = logistics._ff_sketch_combine, STYPE = logistics.quantile_sketch,
	FINALFUNC = logistics._ff_dur_sketches_final);
SELECT pg_temp.sketch_merge(st::text::logistics.quantile_sketch ORDER BY s)
	   = (SELECT logistics.cycle_time_percentile(s, f, ARRAY[0.05, 0.5, 0.95]) FROM sketch_small) AS merged_rows_exact
FROM (SELECT s, pg_temp.sketches_of(s, f, ARRAY[0.05, 0.5, 0.95]) AS st FROM sketch_small GROUP BY s) x;
SELECT pg_temp.worst_rank_error(pg_temp.sketch_merge(st::text::logistics.quantile_sketch ORDER BY q),
								(SELECT p FROM fr)) <= 0.0165 AS merged_quarters_within_bound
FROM (SELECT q, pg_temp.sketches_of(s, f, (SELECT p FROM fr)) AS st
	  FROM (SELECT s, f, ntile(4) OVER (ORDER BY s, f) AS q FROM sketch_rows) r GROUP BY q) x;
-- as a running window aggregate (the state grows row by row): the last
-- row's percentiles are those of all 150 rows
SELECT count(*) AS rows,
	   max(v::text) FILTER (WHERE n = 150) = (SELECT logistics.cycle_time_percentile(s, f, ARRAY[0.05, 0.5, 0.95])::text FROM sketch_small) AS last_row_exact
FROM (SELECT logistics.cycle_time_percentile_approx(s, f, ARRAY[0.05, 0.5, 0.95]) OVER (ORDER BY s) AS v,
			 row_number() OVER (ORDER BY s) AS n FROM sketch_small) x;
-- binary form: a grown state written by COPY (FORMAT binary) reads back
-- the same; cut short, or with a byte more, it is refused
CREATE TEMP TABLE sketch_bin (s logistics.quantile_sketch);
CREATE TEMP TABLE sketch_raw (b bytea);
CREATE FUNCTION pg_temp.sketch_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_quantile_sketch_' || pg_backend_pid();
BEGIN
	TRUNCATE sketch_raw;
	TRUNCATE sketch_bin;
	INSERT INTO sketch_raw VALUES (raw);
	EXECUTE format('COPY sketch_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY sketch_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM sketch_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE sketch_hand AS
SELECT pg_temp.sketches_of(s, f, ARRAY[0.05, 0.5, 0.95]) AS st FROM sketch_small;
SELECT pg_temp.sketch_copy(logistics.quantile_sketch_send(st)) = st::text AS binary_round_trip,
	   left(pg_temp.sketch_copy(substr(logistics.quantile_sketch_send(st), 1, 100)), 5) AS cut_short,
	   pg_temp.sketch_copy(logistics.quantile_sketch_send(st) || '\x00'::bytea) AS byte_more
FROM sketch_hand;
-- bad arguments
SELECT logistics.cycle_time_percentile_approx(s, f, 1.5) FROM sketch_rows;
SELECT logistics.cycle_time_percentile_approx(s, f, '{}'::float8[]) FROM sketch_rows;
SELECT logistics.cycle_time_percentile_approx(s, f, array_fill(0.5::float8, ARRAY[101])) FROM sketch_rows;
SELECT logistics.cycle_time_percentile_approx(s, f, CASE WHEN f > s + interval '50000 minutes' THEN 0.5 ELSE 0.9 END) FROM sketch_rows;
SELECT logistics.cycle_time_percentile_approx(s, 'infinity', 0.5) FROM sketch_rows;
SELECT logistics._ff_dur_sketch_trans(NULL, now(), now(), 0.5);
DROP TABLE sketch_rows;
