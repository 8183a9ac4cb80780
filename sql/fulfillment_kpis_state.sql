--
-- fulfillment_kpis on its real state type, logistics.fulfillment_kpis_state
-- (the counts of fulfillment_rates and the lateness and cycle times of the
-- delivered lines), which Citus and parallel workers split.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- The aggregate as it was on its internal state: the C entry points stay
-- in the library for the 0.1.0 script, so the test can declare it and ask
-- for the same bits.
CREATE FUNCTION pg_temp.old_trans(internal, timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_kpi_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_combine(internal, internal) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_kpi_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_serial(internal) RETURNS bytea
	AS '$libdir/logistics', 'logistics_ff_kpi_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_deserial(bytea, internal) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_kpi_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_final(internal) RETURNS logistics.fulfillment_kpis
	AS '$libdir/logistics', 'logistics_ff_kpi_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE pg_temp.old_kpis(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) (
	SFUNC = pg_temp.old_trans, STYPE = internal, FINALFUNC = pg_temp.old_final,
	COMBINEFUNC = pg_temp.old_combine, SERIALFUNC = pg_temp.old_serial,
	DESERIALFUNC = pg_temp.old_deserial, PARALLEL = SAFE);
-- the state itself, and states merged by the combine function
CREATE AGGREGATE pg_temp.state_of(timestamptz, timestamptz, timestamptz, float8, float8, float8, boolean, boolean) (
	SFUNC = logistics._ff_kpis_trans, STYPE = logistics.fulfillment_kpis_state,
	COMBINEFUNC = logistics._ff_kpis_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.merged(logistics.fulfillment_kpis_state) (
	SFUNC = logistics._ff_kpis_combine, STYPE = logistics.fulfillment_kpis_state,
	FINALFUNC = logistics._ff_kpis_final, COMBINEFUNC = logistics._ff_kpis_combine);
-- A state by hand.  Three lines promised 2024-01-03 00:00 UTC:
--   A ordered 2024-01-01, delivered 2024-01-02: cycle 1 day, lateness -1
--     day; 4 ordered, 4 shipped, both flags true;
--   B ordered 2024-01-01, delivered 2024-01-04: cycle 3 days, lateness +1
--     day; 6 ordered, 5 shipped, 1 returned, documents unknown;
--   C order time unknown, delivered 2024-01-03 12:00: lateness +0.5 day,
--     no cycle time; 2 ordered, 2 shipped, both flags true.
-- Counts: lines 3, delivered 3, on time 1 (A), in full 2 (A, C), OTIF 1,
-- perfect known 2 (A, C), perfect 1 (A), late 2, cycle lines 2; units 12
-- ordered, 11 filled, 11 shipped, 1 returned.  Sums in us (1 day =
-- 86,400,000,000) as high and low words: cycle 4 days = 345,600,000,000,
-- lateness 0.5 day = 43,200,000,000, of the late lines 1.5 days =
-- 129,600,000,000.  Lateness sorted -1, 0.5, 1 day: the first, then the
-- differences 1.5 and 0.5 day in units of their gcd, 0.5 day: 3, 1.  Cycle
-- times 1, 3 days: the first, the unit 2 days, 1.
CREATE TEMP TABLE kx_hand AS
SELECT pg_temp.state_of(o, '2024-01-03 00:00+00', d, q, s, r, df, dok) AS s
FROM (VALUES ('2024-01-01 00:00+00'::timestamptz, '2024-01-02 00:00+00'::timestamptz, 4::float8, 4::float8, 0::float8, true, true),
			 ('2024-01-01 00:00+00', '2024-01-04 00:00+00', 6, 5, 1, true, NULL),
			 (NULL, '2024-01-03 12:00+00', 2, 2, 0, true, true)) v(o, d, q, s, r, df, dok);
SELECT s::text = '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000,1)' AS state_by_hand
FROM kx_hand;
-- its row: lateness p50 0.5 day, p90 at position 0.9 * 2 = 1.8: 0.5 +
-- 0.8 * 0.5 = 0.9, p95 0.95; cycle p50 2, p90 1 + 0.9 * 2 = 2.8, p95 2.9
SELECT lines, on_time, in_full, otif, perfect, late, cycle_lines, cycle_days_mean,
	   cycle_days_p50, cycle_days_p90, cycle_days_p95, lateness_days_mean,
	   lateness_days_p50, lateness_days_p90, lateness_days_p95, days_late_mean
FROM (SELECT (logistics._ff_kpis_final(s)).* FROM kx_hand) k;
-- the text by hand reads back to the same row
SELECT logistics._ff_kpis_final('(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000,1)')
	   IS NOT DISTINCT FROM (SELECT logistics._ff_kpis_final(s) FROM kx_hand) AS same_row;
-- another unit gives the same values (the writer's is the gcd)
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,1,129600000000,43200000000,86400000000,1,172800000000)'::logistics.fulfillment_kpis_state::text
	   = (SELECT s::text FROM kx_hand) AS unit_one_reads_the_same;
-- no lines: NULL; no delivered line: the text ends after the sums
SELECT logistics.fulfillment_kpis(now(), now(), now(), 1, 1, 0, true, true) FILTER (WHERE false) IS NULL AS no_lines;
SELECT pg_temp.state_of('2024-01-01 00:00+00', '2024-01-03 00:00+00', NULL, 2, 1, 0, true, true)::text AS undelivered;
SELECT cycle_lines, cycle_days_p50, lateness_days_p50
FROM (SELECT (logistics._ff_kpis_final('(1,0,0,0,0,1,0,0,0,2,1,1,0,0,0,0,0,0,0)')).*) k;
-- 100,000 lines with every kind of NULL, times to the minute, in groups:
-- every column the same bits as the internal state gave
CREATE TABLE kx_lines AS
SELECT '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' AS o,
	   '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + ((g::bigint * 7919) % 1009) * interval '1 minute' AS p,
	   CASE WHEN g % 13 = 0 THEN NULL
			ELSE '2024-01-01'::timestamptz + (g % 500) * interval '1 hour' + ((g::bigint * 104729) % 2003) * interval '1 minute' END AS d,
	   (g % 7 + 1)::float8 AS qo, (g % 7 + 1 - (g % 5 = 0)::int)::float8 AS qs,
	   (g % 11 = 0)::int::float8 AS qr, g % 17 <> 0 AS df,
	   CASE WHEN g % 19 = 0 THEN NULL ELSE g % 23 <> 0 END AS dok, g % 3 AS w
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
UPDATE kx_lines SET o = NULL WHERE qo = 3 AND w = 1;
ANALYZE kx_lines;
SELECT w, logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok)
		  IS NOT DISTINCT FROM pg_temp.old_kpis(o, p, d, qo, qs, qr, df, dok) AS same_as_internal
FROM kx_lines GROUP BY w ORDER BY w;
-- lines fed in order keep the lists sorted (read in place by the final)
SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok ORDER BY d - p)
		  IS NOT DISTINCT FROM pg_temp.old_kpis(o, p, d, qo, qs, qr, df, dok) AS sorted_input_same
FROM kx_lines;
-- partial states from 2 parallel workers merged
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) FROM kx_lines;
SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok)
		  IS NOT DISTINCT FROM (SELECT pg_temp.old_kpis(o, p, d, qo, qs, qr, df, dok) FROM kx_lines) AS parallel_same
FROM kx_lines;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- Text states (sorted, delta-encoded: what Citus ships) read back to the
-- same text, and merged by the combine in either order they give the
-- aggregate of all lines: unsorted states (the lines in random order)
-- appended, sorted ones (lines fed by lateness, or read from text) merged
CREATE TEMP TABLE kx_states AS
SELECT qo, pg_temp.state_of(o, p, d, qo, qs, qr, df, dok) AS s,
	   pg_temp.state_of(o, p, d, qo, qs, qr, df, dok ORDER BY d - p) AS s_sorted
FROM kx_lines GROUP BY qo;
SELECT count(*) AS states,
	   count(*) FILTER (WHERE s::text::logistics.fulfillment_kpis_state::text = s::text) AS text_round_trips,
	   count(*) FILTER (WHERE s::text = s_sorted::text) AS same_text_either_order
FROM kx_states;
CREATE TEMP TABLE kx_all AS SELECT pg_temp.old_kpis(o, p, d, qo, qs, qr, df, dok) AS k FROM kx_lines;
SELECT (SELECT pg_temp.merged(s ORDER BY qo) FROM kx_states) IS NOT DISTINCT FROM k AS unsorted_merged,
	   (SELECT pg_temp.merged(s_sorted ORDER BY qo DESC) FROM kx_states) IS NOT DISTINCT FROM k AS sorted_merged,
	   (SELECT pg_temp.merged(s::text::logistics.fulfillment_kpis_state ORDER BY qo DESC) FROM kx_states) IS NOT DISTINCT FROM k AS text_merged,
	   (SELECT pg_temp.merged(CASE WHEN qo > 4 THEN s ELSE s_sorted END ORDER BY qo) FROM kx_states) IS NOT DISTINCT FROM k AS mixed_merged
FROM kx_all;
-- about 2 characters a value here: times to the minute give a unit of
-- 60,000,000 us and small differences
SELECT sum(length(s::text)) < 3 * 2 * (SELECT count(d) FROM kx_lines) AS under_3_characters_a_value
FROM kx_states;
-- as a running window aggregate: each row counts the lines so far
SELECT count(*) AS rows, count(*) FILTER (WHERE (k).lines = n AND k IS NOT DISTINCT FROM ok) AS rows_as_internal
FROM (SELECT logistics.fulfillment_kpis(o, p, d, qo, qs, qr, df, dok) OVER (ORDER BY qo, o, p, d) AS k,
			 pg_temp.old_kpis(o, p, d, qo, qs, qr, df, dok) OVER (ORDER BY qo, o, p, d) AS ok,
			 row_number() OVER (ORDER BY qo, o, p, d) AS n FROM kx_lines WHERE w = 0 AND o < '2024-01-02') x;
-- states order lines cannot produce, each refused with 22P02 and what is
-- wrong: a negative difference, a unit of 0, a value past bigint, the
-- lateness sum not that of the values, the late count not that of the
-- values, a value missing, a value too many, more values than the text can
-- hold, no lines
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,-1,86400000000,172800000000,1)'::logistics.fulfillment_kpis_state;
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,0,3,1,86400000000,172800000000,1)'::logistics.fulfillment_kpis_state;
SELECT '(2,2,0,2,0,2,0,2,0,2,2,2,0,0,0,0,0,0,0,9223372036854775807,1,1)'::logistics.fulfillment_kpis_state;
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000001,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000,1)'::logistics.fulfillment_kpis_state;
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,1,3,86400000000,172800000000,1)'::logistics.fulfillment_kpis_state;
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000)'::logistics.fulfillment_kpis_state;
SELECT '(3,3,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000,1,0)'::logistics.fulfillment_kpis_state;
SELECT '(3,1000,1,2,1,2,1,2,2,12,11,11,1,0,345600000000,0,43200000000,0,129600000000,-86400000000,43200000000,3,1,86400000000,172800000000,1)'::logistics.fulfillment_kpis_state;
SELECT '(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)'::logistics.fulfillment_kpis_state;
-- binary form: the 19 count fields (152 bytes), then the lateness and the
-- cycle times sorted (int8); written by COPY (FORMAT binary) it reads
-- back; cut short, with a byte more, or with two values swapped (the first
-- lateness, bytes 153-160, set to the third) it is refused (22P03)
CREATE TEMP TABLE kx_bin (s logistics.fulfillment_kpis_state);
CREATE TEMP TABLE kx_raw (b bytea);
CREATE FUNCTION pg_temp.kx_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_kx_state_' || pg_backend_pid();
BEGIN
	TRUNCATE kx_raw;
	TRUNCATE kx_bin;
	INSERT INTO kx_raw VALUES (raw);
	EXECUTE format('COPY kx_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY kx_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM kx_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE kx_hand_bin AS SELECT logistics.fulfillment_kpis_state_send(s) AS b FROM kx_hand;
SELECT octet_length(b) AS bytes, substr(b, 153, 8) AS first_lateness FROM kx_hand_bin;
SELECT pg_temp.kx_copy(b) = (SELECT s::text FROM kx_hand) AS binary_round_trip FROM kx_hand_bin;
SELECT pg_temp.kx_copy(substr(b, 1, 184)) FROM kx_hand_bin;
SELECT pg_temp.kx_copy(b || '\x00'::bytea) FROM kx_hand_bin;
SELECT pg_temp.kx_copy(overlay(b PLACING substr(b, 169, 8) FROM 153 FOR 8)) FROM kx_hand_bin;
-- a big unsorted state through binary: the same text
SELECT pg_temp.kx_copy(logistics.fulfillment_kpis_state_send(s)) = s::text AS big_binary_round_trip
FROM kx_states WHERE qo = 5;
-- bad arguments: as before
SELECT logistics.fulfillment_kpis(o, 'infinity', d, qo, qs, qr, df, dok) FROM kx_lines;
SELECT logistics.fulfillment_kpis(o, p, d, -1, qs, qr, df, dok) FROM kx_lines;
-- the transition and combine run only inside an aggregate (0A000)
SELECT logistics._ff_kpis_trans(NULL, now(), now(), now(), 1, 1, 0, true, true);
SELECT logistics._ff_kpis_combine(NULL, (SELECT s FROM kx_hand));
DROP TABLE kx_lines;
