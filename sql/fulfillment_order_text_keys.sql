--
-- perfect_order_rate and order_fill_rate with a text order key on a real
-- state type, logistics.order_text_keys_state (the distinct orders and
-- those with a failing line, sorted, front-coded in text), which Citus and
-- parallel plans split.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- The aggregates as they were on their internal state: the C entry points
-- stay in the library for the 0.1.0 script, so the test can declare them
-- and ask for the same bits.
CREATE FUNCTION pg_temp.old_fill_trans(internal, text, float8, float8) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_order_fill_tkey_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_perfect_trans(internal, text, boolean, boolean, boolean, boolean) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_perfect_tkey_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_combine(internal, internal) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_tkeys_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_serial(internal) RETURNS bytea
	AS '$libdir/logistics', 'logistics_ff_tkeys_serial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_deserial(bytea, internal) RETURNS internal
	AS '$libdir/logistics', 'logistics_ff_tkeys_deserial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_final(internal) RETURNS float8
	AS '$libdir/logistics', 'logistics_ff_tkeys_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pg_temp.old_ci_final(internal) RETURNS logistics.rate_ci
	AS '$libdir/logistics', 'logistics_ff_tkeys_ci_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE pg_temp.old_fill(text, float8, float8) (
	SFUNC = pg_temp.old_fill_trans, STYPE = internal, FINALFUNC = pg_temp.old_final,
	COMBINEFUNC = pg_temp.old_combine, SERIALFUNC = pg_temp.old_serial,
	DESERIALFUNC = pg_temp.old_deserial, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.old_perfect_ci(text, boolean, boolean, boolean, boolean) (
	SFUNC = pg_temp.old_perfect_trans, STYPE = internal, FINALFUNC = pg_temp.old_ci_final,
	COMBINEFUNC = pg_temp.old_combine, SERIALFUNC = pg_temp.old_serial,
	DESERIALFUNC = pg_temp.old_deserial, PARALLEL = SAFE);
-- the state itself, and states merged by the combine function
CREATE AGGREGATE pg_temp.state_of(text, float8, float8) (
	SFUNC = logistics._ff_otkeys_fill_trans, STYPE = logistics.order_text_keys_state,
	COMBINEFUNC = logistics._ff_otkeys_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.merged(logistics.order_text_keys_state) (
	SFUNC = logistics._ff_otkeys_combine, STYPE = logistics.order_text_keys_state,
	FINALFUNC = logistics._ff_otkeys_final, COMBINEFUNC = logistics._ff_otkeys_combine);
-- 100,000 lines of 33,334 orders (line g in order o = g / 3) in a shuffled
-- order, so that the key lists fill, compact and grow.  Keys of four kinds
-- (o % 4): 'SO-' || o; a non-ASCII key with a quote; one with a backslash;
-- one of o % 50 x's and o (lengths 1 to 54).  By hand (count(DISTINCT)):
-- 33,334 orders, 14,285 with a line g divisible by 7 (not perfect), 9,090
-- with a line g divisible by 11 (short-shipped).
CREATE TABLE otl AS
SELECT g, g / 3 AS o,
	   CASE (g / 3) % 4 WHEN 0 THEN 'SO-' || g / 3 WHEN 1 THEN 'ü-' || g / 3 || '"'
			WHEN 2 THEN 'a\b' || g / 3 ELSE repeat('x', (g / 3) % 50) || g / 3 END AS k,
	   g % 7 <> 0 AS ok, g % 5 AS w, 2::float8 AS qo,
	   CASE WHEN g % 11 = 0 THEN 1 ELSE 2 END::float8 AS qs
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
ANALYZE otl;
SELECT count(DISTINCT k) AS orders, count(DISTINCT k) FILTER (WHERE NOT ok) AS not_perfect,
	   count(DISTINCT k) FILTER (WHERE qs < qo) AS short,
	   (count(DISTINCT k) - count(DISTINCT k) FILTER (WHERE qs < qo))::float8 / count(DISTINCT k) AS fill_by_hand,
	   logistics.order_fill_rate(k, qo, qs) AS order_fill_rate,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true)::text AS perfect_ci
FROM otl;
-- the same bits as the 0.1.0 state: whole, in 5 groups, with the lines of
-- each order together (the sorted path), and with keys in sorted order
SELECT logistics.order_fill_rate(k, qo, qs) IS NOT DISTINCT FROM pg_temp.old_fill(k, qo, qs) AS fill_same,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true) IS NOT DISTINCT FROM
		 pg_temp.old_perfect_ci(k, ok, true, true, true) AS perfect_same
FROM otl;
-- (order_fill_rate_ci against the 0.1.0 perfect_order_rate_ci with on_time
-- = shipped in full and the other flags true: the same rule)
SELECT w, logistics.order_fill_rate_ci(k, qo, qs) IS NOT DISTINCT FROM pg_temp.old_perfect_ci(k, qs >= qo, true, true, true) AS fill_same,
	   logistics.perfect_order_rate(k, ok, true, true, true) = logistics.perfect_order_rate(o, ok, true, true, true) AS same_as_bigint_keys
FROM otl GROUP BY w ORDER BY w;
SELECT logistics.order_fill_rate(k, qo, qs) IS NOT DISTINCT FROM pg_temp.old_fill(k, qo, qs) AS by_order_same,
	   length(pg_temp.state_of(k, qo, qs)::text) AS text_length
FROM (SELECT * FROM otl ORDER BY o, g) x;
SELECT logistics.order_fill_rate(k, qo, qs) IS NOT DISTINCT FROM pg_temp.old_fill(k, qo, qs) AS sorted_same
FROM (SELECT * FROM otl ORDER BY octet_length(k), k COLLATE "C", g) x;
-- partial states from 2 parallel workers merged
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.order_fill_rate(k, qo, qs) FROM otl;
SELECT logistics.order_fill_rate(k, qo, qs) IS NOT DISTINCT FROM
		 (SELECT pg_temp.old_fill(k, qo, qs) FROM otl) AS parallel_fill_same,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true)::text AS parallel_perfect_ci
FROM otl;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- as a running window aggregate (each row: the orders so far), and as a
-- hash aggregate spilling to disk (631 groups, 64 kB of work_mem)
SELECT count(*) AS rows, count(*) FILTER (WHERE r IS DISTINCT FROM old) AS differ
FROM (SELECT logistics.order_fill_rate(k, qo, qs) OVER (ORDER BY g) AS r,
			 pg_temp.old_fill(k, qo, qs) OVER (ORDER BY g) AS old
	  FROM otl WHERE g <= 3000) x;
SET work_mem = '64kB';
SET enable_sort = off;
SELECT count(*) AS groups, count(*) FILTER (WHERE r IS DISTINCT FROM old) AS differ
FROM (SELECT g % 631 AS grp, logistics.order_fill_rate(k, qo, qs) AS r,
			 pg_temp.old_fill(k, qo, qs) AS old
	  FROM otl GROUP BY 1) x;
RESET work_mem;
RESET enable_sort;
-- states as text: each reads back to itself, and three parts merged by the
-- combine function give the rate of the whole
SELECT s::text::logistics.order_text_keys_state::text = s::text AS text_round_trip,
	   logistics._ff_otkeys_final(s::text::logistics.order_text_keys_state) = r AS same_rate
FROM (SELECT pg_temp.state_of(k, qo, qs) AS s, logistics.order_fill_rate(k, qo, qs) AS r FROM otl) x;
SELECT pg_temp.merged(s::text::logistics.order_text_keys_state) IS NOT DISTINCT FROM
		 (SELECT pg_temp.old_fill(k, qo, qs) FROM otl) AS merged_same
FROM (SELECT pg_temp.state_of(k, qo, qs) AS s FROM otl GROUP BY g % 3) x;
-- front coding: the 8,334 orders 'SO-' || o (all complete, so one list),
-- quoted in full, would take 'SO-' and two quotes and a comma each (6 *
-- 8,334) and their digits (0, 4, 8: 3 * 1; 12 to 96: 22 * 2; 100 to 996:
-- 225 * 3; 1,000 to 9,996: 2,250 * 4; 10,000 to 33,332: 5,834 * 5), 88,896
-- characters in all;
-- sorted by length, then bytes, each key shares all but its last digit or
-- two with the one before, so they take under 6 characters each
SELECT sum(octet_length(k) + 3) AS quoted_in_full,
	   (SELECT length(pg_temp.state_of(k, 1, 1)::text) FROM otl WHERE k LIKE 'SO-%') AS text_length,
	   (SELECT length(pg_temp.state_of(k, 1, 1)::text) FROM otl WHERE k LIKE 'SO-%') < 6 * 8334 AS under_6_characters_a_key
FROM (SELECT DISTINCT k FROM otl WHERE k LIKE 'SO-%') d;
-- By hand.  Lines of orders 'SO-1001' (complete: 2 of 2, 1 of 1),
-- 'SO-1002' (1 of 2 short), 'é1', 'é2', '' (complete), 'a"b\c' (short),
-- 'ña-7' (complete), 'ña-8' (short): 8 orders, 3 short, rate 5/8 = 0.625.
-- Sorted by length in bytes, then bytes: '' (0); 'é1', 'é2' (3 bytes, é
-- being C3 A9); 'a"b\c', 'ña-7', 'ña-8' (5: 'a' is 61, ñ C3 B1); 'SO-1001',
-- 'SO-1002' (7).  Shared prefixes: 'é2' shares 2 bytes with 'é1', but they
-- end inside é (A9 is not ASCII): none is written; 'ña-8' shares 4 bytes
-- ending in '-' with 'ña-7': 4"8"; 'SO-1002' shares 'SO-100': 6"2".  Quote
-- and backslash escaped.  The failing list starts afresh.
CREATE TEMP TABLE ot_hand AS
SELECT pg_temp.state_of(k, qo, qs) AS s, logistics.order_fill_rate(k, qo, qs) AS rate
FROM (VALUES ('SO-1001', 2::float8, 2::float8), ('SO-1001', 1, 1), ('SO-1002', 2, 1),
			 ('SO-1002', 3, 3), ('é1', 1, 1), ('é2', 1, 1), ('a"b\c', 1, 0), ('', 1, 1),
			 ('ña-7', 1, 1), ('ña-8', 1, 0)) v(k, qo, qs);
SELECT s::text AS state, rate,
	   s::text = '(8,3,"","é1","é2","a\"b\\c","ña-7",4"8","SO-1001",6"2","a\"b\\c","ña-8","SO-1002")' AS state_by_hand,
	   logistics._ff_otkeys_final('(8,3,"","é1","é2","a\"b\\c","ña-7",4"8","SO-1001",6"2","a\"b\\c","ña-8","SO-1002")') AS rate_from_text
FROM ot_hand;
-- a prefix length of 0 may be written; no failing order; NULL without rows
SELECT logistics._ff_otkeys_final('(2,0,0"a",0"b")') AS all_good,
	   (SELECT logistics.order_fill_rate(k, qo, qs) FROM otl WHERE false) AS no_rows;
-- states rows cannot produce, each refused with 22P02 and what is wrong:
-- no order; more failing orders than orders; a repeated key; keys out of
-- order (bytes, then a longer key first); a failing order not among the
-- orders; a missing key; text after the end; a key without quotes, without
-- its closing quote, with an escape other than \" and \\; a prefix longer
-- than the previous key, on the first key of a list, ending inside a
-- multibyte character, too long to be a length; more keys than the text
-- can hold (refused before anything is allocated)
SELECT '(0,0)'::logistics.order_text_keys_state;
SELECT '(1,2,"a")'::logistics.order_text_keys_state;
SELECT '(2,0,"a","a")'::logistics.order_text_keys_state;
SELECT '(2,0,"b","a")'::logistics.order_text_keys_state;
SELECT '(2,0,"ab","c")'::logistics.order_text_keys_state;
SELECT '(2,1,"a","b","c")'::logistics.order_text_keys_state;
SELECT '(2,0,"a")'::logistics.order_text_keys_state;
SELECT '(1,0,"a")x'::logistics.order_text_keys_state;
SELECT '(1,0,a)'::logistics.order_text_keys_state;
SELECT '(1,0,"a)'::logistics.order_text_keys_state;
SELECT '(1,0,"a\x")'::logistics.order_text_keys_state;
SELECT '(2,0,"a",2"b")'::logistics.order_text_keys_state;
SELECT '(2,1,"a","b",1"c")'::logistics.order_text_keys_state;
SELECT '(2,0,"é",1"x")'::logistics.order_text_keys_state;
SELECT '(2,0,"a",99999999999"b")'::logistics.order_text_keys_state;
SELECT '(100000000,0,"a")'::logistics.order_text_keys_state;
-- binary form: orders, failing orders (int8), then each key as its length
-- (int4) and bytes: 16 + (8 * 4 + 35) + (3 * 4 + 17) = 112 bytes for the
-- state by hand; it reads back through COPY (FORMAT binary); cut short,
-- with a byte more, with two keys swapped ('é1' and 'é2': bytes 27 and 34)
-- or with a NUL byte in a key (not text) it is refused
CREATE TEMP TABLE ot_bin (s logistics.order_text_keys_state);
CREATE TEMP TABLE ot_raw (b bytea);
CREATE FUNCTION pg_temp.ot_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_ot_state_' || pg_backend_pid();
BEGIN
	TRUNCATE ot_raw;
	TRUNCATE ot_bin;
	INSERT INTO ot_raw VALUES (raw);
	EXECUTE format('COPY ot_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY ot_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM ot_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE ot_b AS SELECT logistics.order_text_keys_state_send(s) AS b FROM ot_hand;
SELECT octet_length(b) AS bytes, substr(b, 1, 34) AS head FROM ot_b;
SELECT pg_temp.ot_copy(b) = (SELECT s::text FROM ot_hand) AS binary_round_trip FROM ot_b;
SELECT pg_temp.ot_copy(substr(b, 1, 111)) FROM ot_b;
SELECT pg_temp.ot_copy(b || '\x00'::bytea) FROM ot_b;
SELECT pg_temp.ot_copy(overlay(overlay(b PLACING '\x32'::bytea FROM 27 FOR 1) PLACING '\x31'::bytea FROM 34 FOR 1)) FROM ot_b;
SELECT pg_temp.ot_copy(overlay(b PLACING '\x00'::bytea FROM 27 FOR 1)) FROM ot_b;
-- bad arguments as before; the support functions only inside an aggregate
SELECT logistics.order_fill_rate(k, -1, qs) FROM otl;
SELECT logistics._ff_otkeys_fill_trans(NULL, 'a', 1, 1);
SELECT logistics._ff_otkeys_combine(NULL, '(1,0,"a")');
DROP TABLE otl;
