--
-- fulfillment_rates: the columns of fulfillment_kpis that need no list of
-- values, in one aggregate call on a fixed-size real state type
-- (logistics.fulfillment_rates_state) that Citus and parallel workers split.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- Wilson score interval (Wilson 1927) written out here, independent of
-- the C code: centre (p + z^2/2n) / (1 + z^2/n), half-width
-- z / (1 + z^2/n) * sqrt(p (1 - p) / n + z^2 / 4n^2), z = 1.959963984540054
-- (the 97.5% normal quantile).
CREATE FUNCTION pg_temp.wilson(s float8, n float8, OUT lo float8, OUT hi float8)
LANGUAGE sql AS $$
	SELECT c - h, c + h
	FROM (SELECT (s / n + z * z / (2 * n)) / (1 + z * z / n) AS c,
				 z / (1 + z * z / n) * sqrt(s / n * (1 - s / n) / n + z * z / (4 * n * n)) AS h
		  FROM (SELECT 1.959963984540054::float8 AS z) q) w
$$;
-- Five lines ordered 2024-05-01 00:00 UTC, promised 2024-05-03, delivered
-- after 1, 2, 3 and 4 days (lateness -1, 0, +1, +2 days) and one never
-- delivered; a sixth line with nothing ordered is skipped.  By hand: on
-- time 2 of 5 (-1, 0), in full 3 of 5 (10 ordered, 10, 10, 8, 10, 0
-- shipped), OTIF 2 (the 1- and 2-day lines), perfect 2 of 5 (flags true);
-- units 50 ordered, 38 filled and shipped, 0 returned; cycle time mean
-- (1 + 2 + 3 + 4) / 4 = 2.5 days, lateness mean (-1 + 0 + 1 + 2) / 4 = 0.5,
-- 2 late lines with a mean of 1.5 days late.
CREATE TEMP TABLE kr_hand AS
SELECT (logistics.fulfillment_rates(o, o + interval '2 days', o + d * interval '1 day', q, s, 0, true, true)).*
FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, 1, 10::float8, 10::float8),
			 ('2024-05-01 00:00+00', 2, 10, 10), ('2024-05-01 00:00+00', 3, 10, 8),
			 ('2024-05-01 00:00+00', 4, 10, 10), ('2024-05-01 00:00+00', NULL, 10, 0),
			 ('2024-05-01 00:00+00', 1, 0, 0)) v(o, d, q, s);
SELECT lines, delivered, on_time, on_time_rate, in_full, in_full_rate, otif, otif_rate,
	   perfect_lines, perfect, perfect_rate, units_ordered, units_filled, fill_rate,
	   units_shipped, units_returned, return_rate, cycle_lines, cycle_days_mean,
	   late, lateness_days_mean, days_late_mean
FROM kr_hand;
-- every interval as the formula above gives it (to 1e-12): 2/5 on time,
-- OTIF and perfect, 3/5 in full, 38/50 units filled, 0/38 returned
SELECT abs(on_time_lower - (pg_temp.wilson(2, 5)).lo) < 1e-12 AND abs(on_time_upper - (pg_temp.wilson(2, 5)).hi) < 1e-12 AS on_time_ci,
	   abs(in_full_lower - (pg_temp.wilson(3, 5)).lo) < 1e-12 AND abs(in_full_upper - (pg_temp.wilson(3, 5)).hi) < 1e-12 AS in_full_ci,
	   abs(otif_lower - (pg_temp.wilson(2, 5)).lo) < 1e-12 AND abs(otif_upper - (pg_temp.wilson(2, 5)).hi) < 1e-12 AS otif_ci,
	   abs(perfect_lower - (pg_temp.wilson(2, 5)).lo) < 1e-12 AND abs(perfect_upper - (pg_temp.wilson(2, 5)).hi) < 1e-12 AS perfect_ci,
	   abs(fill_lower - (pg_temp.wilson(38, 50)).lo) < 1e-12 AND abs(fill_upper - (pg_temp.wilson(38, 50)).hi) < 1e-12 AS fill_ci,
	   abs(return_lower - (pg_temp.wilson(0, 38)).lo) < 1e-12 AND abs(return_upper - (pg_temp.wilson(0, 38)).hi) < 1e-12 AS return_ci,
	   round(otif_lower::numeric, 4) AS otif_lower, round(otif_upper::numeric, 4) AS otif_upper
FROM kr_hand;
-- no lines: NULL, as fulfillment_kpis
SELECT logistics.fulfillment_rates(now(), now(), now(), 1, 1, 0, true, true) FILTER (WHERE false) IS NULL AS no_lines;
-- Every column equals the same column of fulfillment_kpis (the same code
-- counts both), bit for bit, in groups, on lines with every kind of NULL
CREATE TABLE kr_lines AS
SELECT '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' AS o,
	   '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + ((g::bigint * 7919) % 1009) * interval '1 minute' AS p,
	   CASE WHEN g % 13 = 0 THEN NULL
			ELSE '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + ((g::bigint * 104729) % 2003) * interval '1 minute' END AS d,
	   (g % 7 + 1)::float8 AS qo, (g % 7 + 1 - (g % 5 = 0)::int)::float8 AS qs,
	   (g % 11 = 0)::int::float8 AS qr, g % 17 <> 0 AS df,
	   CASE WHEN g % 19 = 0 THEN NULL ELSE g % 23 <> 0 END AS dok, g % 3 AS w
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
UPDATE kr_lines SET o = NULL WHERE qo = 3 AND w = 1;
ANALYZE kr_lines;
CREATE FUNCTION pg_temp.rates_differ(a logistics.fulfillment_rates, b logistics.fulfillment_kpis)
RETURNS text LANGUAGE sql AS $$
	SELECT coalesce(string_agg(x.key, ',' ORDER BY x.key), 'none')
	FROM json_each_text(row_to_json(a)) x LEFT JOIN json_each_text(row_to_json(b)) y USING (key)
	WHERE x.value IS DISTINCT FROM y.value OR y.key IS NULL
$$;
SELECT w, pg_temp.rates_differ(logistics.fulfillment_rates(o, p, d, qo, qs, qr, df, dok),
							   logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok)) AS columns_that_differ
FROM kr_lines GROUP BY w ORDER BY w;
-- the same with partial states from 2 parallel workers merged
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.fulfillment_rates(o, p, d, qo, qs, qr, df, dok) FROM kr_lines;
SELECT pg_temp.rates_differ(logistics.fulfillment_rates(o, p, d, qo, qs, qr, df, dok),
							(SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kr_lines)) AS parallel_columns_that_differ
FROM kr_lines;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- The state as text reads back to the same state (Citus ships it so), and
-- states merged by the combine function give the aggregate of all lines
CREATE AGGREGATE pg_temp.rates_state_of(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) (
	SFUNC = logistics._ff_rates_trans, STYPE = logistics.fulfillment_rates_state,
	COMBINEFUNC = logistics._ff_rates_combine);
CREATE AGGREGATE pg_temp.rates_merge(logistics.fulfillment_rates_state) (
	SFUNC = logistics._ff_rates_combine, STYPE = logistics.fulfillment_rates_state,
	FINALFUNC = logistics._ff_rates_final);
SELECT count(*) AS states, count(*) FILTER (WHERE s::text::logistics.fulfillment_rates_state::text = s::text) AS text_round_trips
FROM (SELECT pg_temp.rates_state_of(o, p, d, qo, qs, qr, df, dok) AS s FROM kr_lines GROUP BY qo) x;
SELECT pg_temp.rates_differ(pg_temp.rates_merge(s::text::logistics.fulfillment_rates_state ORDER BY qo DESC),
							(SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kr_lines)) AS merged_columns_that_differ
FROM (SELECT qo, pg_temp.rates_state_of(o, p, d, qo, qs, qr, df, dok) AS s FROM kr_lines GROUP BY qo) x;
-- as a running window aggregate: each row counts the lines so far
SELECT count(*) AS rows, count(*) FILTER (WHERE (k).lines = n) AS rows_counting_their_lines
FROM (SELECT logistics.fulfillment_rates(o, p, d, qo, qs, qr, df, dok) OVER (ORDER BY qo, o, p) AS k,
			 row_number() OVER (ORDER BY qo, o, p) AS n FROM kr_lines WHERE w = 0 AND o < '2024-01-03') x;
-- A state by hand.  Two lines ordered 2024-01-01 and promised 2024-01-03
-- UTC: delivered 2024-01-02 (cycle 1 day, lateness -1 day; 4 ordered, 4
-- shipped, both flags true) and 2024-01-04 (3 days, +1 day; 6 ordered, 5
-- shipped, 1 returned, documents unknown).  Counts: lines 2, delivered 2,
-- on time 1, in full 1, OTIF 1, perfect known 1, perfect 1, late 1, cycle
-- lines 2; units 10 ordered, 9 filled, 9 shipped, 1 returned; sums in us
-- (1 day = 86,400,000,000) as high and low words: cycle 4 days =
-- 345,600,000,000, lateness 0, of the late line 86,400,000,000.  Its row:
-- fill rate 0.9, return rate 1/9, cycle mean 2 days, lateness mean 0, 1
-- day late.
SELECT pg_temp.rates_state_of(o, '2024-01-03 00:00+00', d, q, s, r, true, dok)::text
		 = '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)' AS state_by_hand
FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, '2024-01-02 00:00+00'::timestamptz, 4::float8, 4::float8, 0::float8, true),
			 ('2024-01-01 00:00+00', '2024-01-04 00:00+00', 6, 5, 1, NULL)) v(o, d, q, s, r, dok);
SELECT lines, otif, perfect, fill_rate, return_rate, cycle_days_mean, lateness_days_mean, days_late_mean
FROM (SELECT (logistics._ff_rates_final('(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)')).*) k;
-- a negative sum: one line delivered an hour early, lateness -3,600,000,000
-- us, as 128 bits high word -1 and low word 2^64 - 3,600,000,000 (written
-- as the signed -3600000000); it reads back, mean -1/24 day
SELECT s::text AS one_early_line, s::text::logistics.fulfillment_rates_state::text = s::text AS text_round_trip,
	   (logistics._ff_rates_final(s)).lateness_days_mean * 24 AS lateness_hours
FROM (SELECT pg_temp.rates_state_of('2024-01-01 00:00+00', '2024-01-01 02:00+00', '2024-01-01 01:00+00', 1, 1, 0, true, true) AS s) x;
-- states order lines cannot produce, each refused with 22P02 and what is
-- wrong: late + on time not the delivered count, no lines, the late line's
-- lateness sum below 1 us, the lateness of all lines above that of the late
-- ones, every delivered line late but the two sums differ, a cycle sum
-- with no cycle lines, a sum beyond what its count of int64 durations can
-- reach (high word 2^40 for 2 lines), a missing field, text after the end,
-- a count not an integer
SELECT '(2,2,1,1,1,1,1,0,2,10,9,9,1,0,345600000000,0,0,0,86400000000)'::logistics.fulfillment_rates_state;
SELECT '(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)'::logistics.fulfillment_rates_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,0)'::logistics.fulfillment_rates_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,86400000001,0,86400000000)'::logistics.fulfillment_rates_state;
SELECT '(1,1,0,1,0,1,0,1,1,10,10,10,0,0,86400000000,0,86400000000,0,86400000001)'::logistics.fulfillment_rates_state;
SELECT '(1,1,1,1,1,1,1,0,0,10,10,10,0,0,5,0,0,0,0)'::logistics.fulfillment_rates_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,1099511627776,0,0,0,0,86400000000)'::logistics.fulfillment_rates_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0)'::logistics.fulfillment_rates_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)x'::logistics.fulfillment_rates_state;
SELECT '(2.5,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)'::logistics.fulfillment_rates_state;
-- binary form: the 19 fields in network byte order (int8 and float8), 152
-- bytes; written by COPY (FORMAT binary) it reads back; cut short, with a
-- byte more, or with the late count (bytes 57-64) set to 2, it is refused
CREATE TEMP TABLE kr_bin (s logistics.fulfillment_rates_state);
CREATE TEMP TABLE kr_raw (b bytea);
CREATE FUNCTION pg_temp.kr_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_kr_state_' || pg_backend_pid();
BEGIN
	TRUNCATE kr_raw;
	TRUNCATE kr_bin;
	INSERT INTO kr_raw VALUES (raw);
	EXECUTE format('COPY kr_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY kr_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM kr_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE kr_hand_bin AS
SELECT logistics.fulfillment_rates_state_send('(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)') AS b;
SELECT octet_length(b) AS bytes, substr(b, 1, 16) AS lines_delivered FROM kr_hand_bin;
SELECT pg_temp.kr_copy(b) FROM kr_hand_bin;
SELECT pg_temp.kr_copy(substr(b, 1, 144)) FROM kr_hand_bin;
SELECT pg_temp.kr_copy(b || '\x00'::bytea) FROM kr_hand_bin;
SELECT pg_temp.kr_copy(overlay(b PLACING '\x02'::bytea FROM 64 FOR 1)) FROM kr_hand_bin;
-- bad arguments: as fulfillment_kpis
SELECT logistics.fulfillment_rates(o, 'infinity', d, qo, qs, qr, df, dok) FROM kr_lines;
SELECT logistics.fulfillment_rates(o, p, d, -1, qs, qr, df, dok) FROM kr_lines;
-- the support functions run only inside an aggregate (0A000)
SELECT logistics._ff_rates_trans(NULL, now(), now(), now(), 1, 1, 0, true, true);
SELECT logistics._ff_rates_combine(NULL, '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000)');
DROP TABLE kr_lines;
