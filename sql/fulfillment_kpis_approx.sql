--
-- fulfillment_kpis_approx: fulfillment_kpis with the cycle time and
-- lateness percentiles from two KLL sketches (src/common/kll.c), on a real
-- state type (logistics.kpis_state) that Citus and parallel workers split.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- Five lines ordered 2024-05-01 00:00 UTC, promised 2024-05-03, delivered
-- after 1, 2, 3 and 4 days (lateness -1, 0, +1, +2 days) and one never
-- delivered; a sixth line with nothing ordered is skipped.  By hand:
-- cycle p50 2.5, p90 3 + 0.7 = 3.7, p95 3 + 0.85 = 3.85 days (percentile_cont
-- of 1, 2, 3, 4); lateness p50 0.5, p90 1.7, p95 1.85; on time 2 (-1, 0),
-- late 2 with a mean of 1.5 days; in full 3 of 5 (qty 10 shipped 10, 10, 8,
-- 10, 0): OTIF 2 (the 1- and 2-day lines); units 50 ordered, 38 filled.
SELECT lines, delivered, on_time, in_full, otif, units_ordered, units_filled,
	   cycle_days_p50, cycle_days_p90, cycle_days_p95, late,
	   lateness_days_p50, lateness_days_p90, lateness_days_p95, days_late_mean
FROM (SELECT (logistics.fulfillment_kpis_approx(o, o + interval '2 days', o + d * interval '1 day', q, s, 0, true, true)).*
	  FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, 1, 10::float8, 10::float8),
				   ('2024-05-01 00:00+00', 2, 10, 10), ('2024-05-01 00:00+00', 3, 10, 8),
				   ('2024-05-01 00:00+00', 4, 10, 10), ('2024-05-01 00:00+00', NULL, 10, 0),
				   ('2024-05-01 00:00+00', 1, 0, 0)) v(o, d, q, s)) k;
-- no lines: NULL, as fulfillment_kpis
SELECT logistics.fulfillment_kpis_approx(now(), now(), now(), 1, 1, 0, true, true) FILTER (WHERE false) IS NULL AS no_lines;
-- 150 lines (at most 200 delivered: the sketches keep every value): every
-- column equals fulfillment_kpis, the percentiles to 1e-12 relative (both
-- interpolate percentile_cont, in other operation orders), in groups too
CREATE TABLE kpa_small AS
SELECT '2024-01-01'::timestamptz + g * interval '1 hour' AS o,
	   '2024-01-01'::timestamptz + g * interval '1 hour' + ((g * 7919) % 1009) * interval '1 minute' AS p,
	   CASE WHEN g % 13 = 0 THEN NULL
			ELSE '2024-01-01'::timestamptz + g * interval '1 hour' + ((g * 104729) % 2003) * interval '1 minute' END AS d,
	   (g % 7 + 1)::float8 AS qo, (g % 7 + 1 - (g % 5 = 0)::int)::float8 AS qs,
	   (g % 11 = 0)::int::float8 AS qr, g % 17 <> 0 AS df,
	   CASE WHEN g % 19 = 0 THEN NULL ELSE g % 23 <> 0 END AS dok, g % 3 AS w
FROM generate_series(1, 150) g;
CREATE FUNCTION pg_temp.kpis_differ(a logistics.fulfillment_kpis, b logistics.fulfillment_kpis)
RETURNS text LANGUAGE sql AS $$
	SELECT coalesce(string_agg(x.key, ',' ORDER BY x.key), 'none')
	FROM json_each_text(row_to_json(a)) x JOIN json_each_text(row_to_json(b)) y USING (key)
	WHERE x.value IS DISTINCT FROM y.value
	  AND NOT (x.key LIKE '%\_p__' AND abs(x.value::float8 - y.value::float8) <= 1e-12 * abs(x.value::float8))
$$;
SELECT w, pg_temp.kpis_differ(logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok),
							  logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok)) AS columns_that_differ
FROM (SELECT o, p, d, qo, qs, qr, df, dok, -1 AS w FROM kpa_small UNION ALL SELECT * FROM kpa_small) x GROUP BY w ORDER BY w;
-- 100,000 lines in a shuffled order: cycle time g minutes and lateness
-- g - 50,000 minutes (g = 1 .. 100,000), so the value of rank r (0-based)
-- is r + 1 (cycle) and r + 1 - 50,000 (lateness) minutes, and a returned
-- value v has the rank error |rank(v) - p (n - 1)| / n; the documented
-- bound is 0.0165.  Every other column is exact: equal to fulfillment_kpis.
-- Serial and parallel plans (partial states merged) both hold.
CREATE TABLE kpa_big AS
SELECT '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' AS o,
	   '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + 50000 * interval '1 minute' AS p,
	   '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + g * interval '1 minute' AS d,
	   (g % 4 + 1)::float8 AS qo, (g % 4 + 1 - (g % 9 = 0)::int)::float8 AS qs, 0::float8 AS qr,
	   g % 31 <> 0 AS df, true AS dok
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
ANALYZE kpa_big;
CREATE FUNCTION pg_temp.kpis_check(a logistics.fulfillment_kpis, e logistics.fulfillment_kpis) RETURNS text
LANGUAGE sql AS $$
	SELECT format('exact columns that differ: %s; worst rank error within the bound: %s',
		(SELECT coalesce(string_agg(x.key, ','), 'none')
		 FROM json_each_text(row_to_json(a)) x JOIN json_each_text(row_to_json(e)) y USING (key)
		 WHERE x.key NOT LIKE '%\_p__' AND x.value IS DISTINCT FROM y.value),
		greatest(abs(a.cycle_days_p50 * 1440 - 1 - 0.5 * 99999), abs(a.cycle_days_p90 * 1440 - 1 - 0.9 * 99999),
				 abs(a.cycle_days_p95 * 1440 - 1 - 0.95 * 99999),
				 abs(a.lateness_days_p50 * 1440 + 49999 - 0.5 * 99999),
				 abs(a.lateness_days_p90 * 1440 + 49999 - 0.9 * 99999),
				 abs(a.lateness_days_p95 * 1440 + 49999 - 0.95 * 99999)) / 100000 <= 0.0165)
$$;
SELECT pg_temp.kpis_check(logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok),
						  logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok)) AS serial
FROM kpa_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok) FROM kpa_big;
SELECT pg_temp.kpis_check(logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok),
						  (SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kpa_big)) AS parallel
FROM kpa_big;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- the state as text reads back to the same state and the same row (Citus
-- ships it so), and is far smaller than the lines
CREATE AGGREGATE pg_temp.kpis_state_of(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) (
	SFUNC = logistics._ff_kpa_trans, STYPE = logistics.kpis_state,
	COMBINEFUNC = logistics._ff_kpa_combine);
SELECT s::text::logistics.kpis_state::text = s::text AS text_round_trip,
	   logistics._ff_kpa_final(s::text::logistics.kpis_state)::text = k::text AS same_row,
	   length(s::text) < 25000 AS text_under_25kB
FROM (SELECT pg_temp.kpis_state_of(o, p, d, qo, qs, qr, df, dok) AS s,
			 logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok) AS k FROM kpa_big) x;
-- A state by hand.  Two lines ordered 2024-01-01 and promised 2024-01-03
-- UTC: delivered 2024-01-02 (cycle 1 day, lateness -1 day; 4 ordered, 4
-- shipped, both flags true) and 2024-01-04 (3 days, +1 day; 6 ordered, 5
-- shipped, 1 returned, documents unknown).  Counts: lines 2, delivered 2,
-- on time 1, in full 1, OTIF 1, perfect known 1, perfect 1, late 1, cycle
-- lines 2; units 10 ordered, 9 filled, 9 shipped, 1 returned; sums in us
-- (1 day = 86,400,000,000): cycle 4 days = 345,600,000,000, lateness 0, of
-- late lines 86,400,000,000 (high word 0 each); each sketch: the initial
-- coin 0x9E3779B97F4A7C15 = 11400714819323198485, min, max, one level of 2
-- values.  Its row: cycle p50 2, p90 1 + 0.9 * 2 = 2.8, p95 2.9 days;
-- lateness p50 0, p90 0.8, p95 0.9; fill rate 0.9, days late 1.
SELECT pg_temp.kpis_state_of(o, '2024-01-03 00:00+00', d, q, s, r, true, dok)::text
		 = '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)' AS state_by_hand
FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, '2024-01-02 00:00+00'::timestamptz, 4::float8, 4::float8, 0::float8, true),
			 ('2024-01-01 00:00+00', '2024-01-04 00:00+00', 6, 5, 1, NULL)) v(o, d, q, s, r, dok);
SELECT lines, otif, perfect, fill_rate, cycle_days_mean, cycle_days_p50, cycle_days_p90, cycle_days_p95,
	   lateness_days_mean, lateness_days_p50, lateness_days_p90, lateness_days_p95, days_late_mean
FROM (SELECT (logistics._ff_kpa_final('(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)')).*) k;
-- a negative sum: one line delivered an hour early, lateness -3,600,000,000
-- us, as 128 bits high word -1 and low word 2^64 - 3,600,000,000 (written
-- as the signed -3600000000); it reads back
SELECT s::text AS one_early_line, s::text::logistics.kpis_state::text = s::text AS text_round_trip
FROM (SELECT pg_temp.kpis_state_of('2024-01-01 00:00+00', '2024-01-01 02:00+00', '2024-01-01 01:00+00', 1, 1, 0, true, true) AS s) x;
-- states order lines cannot produce, each refused with 22P02 and what is
-- wrong: a cycle sum that is not that of the values, late + on time not
-- the delivered count, a value off the whole microseconds, a sketch with
-- more values than lines, a value outside [min, max], no lines, an empty
-- lateness sketch that is not the initial one, a mean lateness of the
-- late lines not positive, a missing field, text after the end
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000001,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)'::logistics.kpis_state;
SELECT '(2,2,1,1,1,1,1,0,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)'::logistics.kpis_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000.5,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)'::logistics.kpis_state;
SELECT '(2,2,1,1,1,1,1,1,1,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)'::logistics.kpis_state;
SELECT '(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000001,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)'::logistics.kpis_state;
SELECT '(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,11400714819323198485,0,0,1,0)'::logistics.kpis_state;
SELECT '(1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,1,0,0,1,0)'::logistics.kpis_state;
SELECT '(1,1,0,0,0,0,0,1,0,1,0,0,0,0,0,0,-5,-1,-1,11400714819323198485,0,0,1,0,11400714819323198485,-5,-5,1,1,-5)'::logistics.kpis_state;
SELECT '(1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,11400714819323198485,0,0,1)'::logistics.kpis_state;
SELECT '(1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,11400714819323198485,0,0,1,0)x'::logistics.kpis_state;
-- one line never delivered: empty sketches, accepted; its row has no
-- percentiles
SELECT lines, delivered, cycle_lines, cycle_days_p50 IS NULL AS no_cycle_p50, lateness_days_p50 IS NULL AS no_lateness_p50
FROM (SELECT (logistics._ff_kpa_final('(1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,11400714819323198485,0,0,1,0)')).*) k;
-- binary form: 9 counts (int8), 4 unit sums (float8), 3 sums as 2 int8
-- words, then per sketch coin (int8), min, max (float8), level count and
-- sizes (int4), values (float8): 19 * 8 + 2 * (8 + 16 + 4 + 4 + 2 * 8) =
-- 248 bytes for the state by hand; a state written by COPY (FORMAT binary)
-- reads back, the same bytes cut short or with one byte more are refused
CREATE TEMP TABLE kpa_bin (s logistics.kpis_state);
CREATE TEMP TABLE kpa_raw (b bytea);
CREATE FUNCTION pg_temp.kpa_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_kpa_state_' || pg_backend_pid();
BEGIN
	TRUNCATE kpa_raw;
	TRUNCATE kpa_bin;
	INSERT INTO kpa_raw VALUES (raw);
	EXECUTE format('COPY kpa_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY kpa_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM kpa_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE kpa_hand AS
SELECT logistics.kpis_state_send('(2,2,1,1,1,1,1,1,2,10,9,9,1,0,345600000000,0,0,0,86400000000,11400714819323198485,86400000000,259200000000,1,2,86400000000,259200000000,11400714819323198485,-86400000000,86400000000,1,2,-86400000000,86400000000)') AS b;
SELECT octet_length(b) AS bytes, substr(b, 1, 16) AS lines_delivered FROM kpa_hand;
SELECT pg_temp.kpa_copy(b) FROM kpa_hand;
SELECT pg_temp.kpa_copy(substr(b, 1, 240)) FROM kpa_hand;
SELECT pg_temp.kpa_copy(b || '\x00'::bytea) FROM kpa_hand;
-- a lateness sum changed in the binary form (byte 136, the low word of the
-- lateness sum) is refused like the text
SELECT pg_temp.kpa_copy(overlay(b PLACING '\x01'::bytea FROM 136 FOR 1)) FROM kpa_hand;
-- The state grows with the values its sketches retain (a new, bigger state
-- is returned, never one enlarged in place): room for 16 values in each
-- sketch at the first line, doubled as needed, at most 1,358 (all the
-- slots, lg_kll_slots(200)).  By hand: a 168-byte header (counts and
-- sums), and per sketch a 296-byte header and 8 bytes a slot.  6 lines (4
-- delivered): 168 + 2 (296 + 16 * 8) = 1,016 bytes.  kpa_small, 150 lines,
-- 139 delivered (every 13th is not), all with ordered_at, nothing compacted:
-- 139 values each, in 256 slots, 168 + 2 (296 + 256 * 8) = 4,856 bytes.
-- 100,000 lines: at most all the slots, 168 + 2 (296 + 1,358 * 8) = 22,488.
SELECT pg_column_size(pg_temp.kpis_state_of(o, o + interval '2 days', o + d * interval '1 day', q, s, 0, true, true)) AS six_lines
FROM (VALUES ('2024-05-01 00:00+00'::timestamptz, 1, 10::float8, 10::float8),
			 ('2024-05-01 00:00+00', 2, 10, 10), ('2024-05-01 00:00+00', 3, 10, 8),
			 ('2024-05-01 00:00+00', 4, 10, 10), ('2024-05-01 00:00+00', NULL, 10, 0),
			 ('2024-05-01 00:00+00', 1, 0, 0)) v(o, d, q, s);
SELECT pg_column_size(pg_temp.kpis_state_of(o, p, d, qo, qs, qr, df, dok)) AS kpa_small_bytes FROM kpa_small;
SELECT pg_column_size(pg_temp.kpis_state_of(o, p, d, qo, qs, qr, df, dok)) <= 22488 AS kpa_big_within_all_slots FROM kpa_big;
-- A state read from text has room for just its values, so merging states
-- grows the state in the combine function: 150 one-line states merged give
-- fulfillment_kpis of kpa_small (the sketches keep every value), and four
-- states of 25,000 lines each (by qo) merged keep the rank bound
CREATE AGGREGATE pg_temp.kpis_merge(logistics.kpis_state) (
	SFUNC = logistics._ff_kpa_combine, STYPE = logistics.kpis_state,
	FINALFUNC = logistics._ff_kpa_final);
SELECT pg_temp.kpis_differ(pg_temp.kpis_merge(s::text::logistics.kpis_state ORDER BY o),
						   (SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kpa_small)) AS merged_lines_differ
FROM (SELECT o, pg_temp.kpis_state_of(o, p, d, qo, qs, qr, df, dok) AS s FROM kpa_small GROUP BY o) x;
SELECT pg_temp.kpis_check(pg_temp.kpis_merge(s::text::logistics.kpis_state ORDER BY qo),
						  (SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kpa_big)) AS merged_quarters
FROM (SELECT qo, pg_temp.kpis_state_of(o, p, d, qo, qs, qr, df, dok) AS s FROM kpa_big GROUP BY qo) x;
-- as a running window aggregate (the state grows row by row): each row
-- counts the lines so far, and the last one is the aggregate of all
SELECT count(*) FILTER (WHERE (k).lines = n) AS rows_counting_their_lines,
	   pg_temp.kpis_differ(max(k::text) FILTER (WHERE n = 150)::logistics.fulfillment_kpis,
						   (SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kpa_small)) AS last_row_differs
FROM (SELECT logistics.fulfillment_kpis_approx(o, p, d, qo, qs, qr, df, dok) OVER (ORDER BY o) AS k,
			 row_number() OVER (ORDER BY o) AS n FROM kpa_small) x;
-- bad arguments: as fulfillment_kpis
SELECT logistics.fulfillment_kpis_approx(o, 'infinity', d, qo, qs, qr, df, dok) FROM kpa_small;
SELECT logistics.fulfillment_kpis_approx(o, p, d, -1, qs, qr, df, dok) FROM kpa_small;
-- the support functions run only inside an aggregate (0A000)
SELECT logistics._ff_kpa_trans(NULL, now(), now(), now(), 1, 1, 0, true, true);
SELECT logistics._ff_kpa_combine(NULL, '(1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,11400714819323198485,0,0,1,0,11400714819323198485,0,0,1,0)');
DROP TABLE kpa_small, kpa_big;
