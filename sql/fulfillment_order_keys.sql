--
-- perfect_order_rate and order_fill_rate with a bigint order key on a real
-- state type, logistics.order_keys_state (the distinct orders and those
-- with a failing line), which Citus and parallel plans split.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;
-- 100,000 lines of 33,334 orders (line g in order g / 3) in a shuffled
-- order, so that the key lists fill, compact and grow: the bigint forms
-- equal the text-key forms (another state, order_keys_fmgr.c) and
-- count(DISTINCT) by hand: 33,334 orders, 14,285 with a line g divisible
-- by 7 (not perfect), 9,090 with a line g divisible by 11 (short-shipped)
CREATE TABLE okl AS
SELECT (g / 3)::bigint AS k, g % 7 <> 0 AS ok, g % 5 AS w, 2::float8 AS qo,
	   CASE WHEN g % 11 = 0 THEN 1 ELSE 2 END::float8 AS qs
FROM generate_series(1, 100000) g ORDER BY md5(g::text);
ANALYZE okl;
SELECT count(DISTINCT k) AS orders, count(DISTINCT k) FILTER (WHERE NOT ok) AS not_perfect,
	   count(DISTINCT k) FILTER (WHERE qs < qo) AS short,
	   (count(DISTINCT k) - count(DISTINCT k) FILTER (WHERE qs < qo))::float8 / count(DISTINCT k) AS fill_by_hand,
	   logistics.order_fill_rate(k, qo, qs) AS order_fill_rate,
	   logistics.order_fill_rate(k, qo, qs) = logistics.order_fill_rate(k::text, qo, qs) AS fill_same_as_text_keys,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true)::text AS perfect_ci,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true)::text
		 = logistics.perfect_order_rate_ci(k::text, ok, true, true, true)::text AS perfect_same_as_text_keys
FROM okl;
SELECT w, logistics.order_fill_rate_ci(k, qo, qs)::text = logistics.order_fill_rate_ci(k::text, qo, qs)::text AS same,
	   logistics.perfect_order_rate(k, ok, true, true, true) = logistics.perfect_order_rate(k::text, ok, true, true, true) AS same_perfect
FROM okl GROUP BY w ORDER BY w;
-- a parallel plan (partial states through the tuple queue, combined) gives
-- the same
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logistics.order_fill_rate(k, qo, qs) FROM okl;
SELECT logistics.order_fill_rate(k, qo, qs) AS parallel_fill,
	   logistics.perfect_order_rate_ci(k, ok, true, true, true)::text AS parallel_perfect_ci
FROM okl;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- the state as text: sorted, unique, delta-encoded, and it reads back
CREATE AGGREGATE pg_temp.okeys_of(bigint, float8, float8) (
	SFUNC = logistics._ff_okeys_fill_trans, STYPE = logistics.order_keys_state,
	COMBINEFUNC = logistics._ff_okeys_combine);
SELECT s::text::logistics.order_keys_state::text = s::text AS text_round_trip,
	   logistics._ff_okeys_final(s::text::logistics.order_keys_state) = r AS same_rate,
	   length(s::text) < 3 * 33334 AS under_3_characters_an_order
FROM (SELECT pg_temp.okeys_of(k, qo, qs) AS s, logistics.order_fill_rate(k, qo, qs) AS r FROM okl) x;
-- By hand: orders 5 (complete), 3 (one line short, one complete), 7
-- (complete), -2^63 (complete) and 2^63 - 1 (short): all orders sorted
-- -9223372036854775808, 3, 5, 7, 9223372036854775807, written as the first
-- and the differences 9223372036854775811, 2, 2, 9223372036854775800; the
-- failing 3 and 9223372036854775807 as 3, 9223372036854775804; the rate
-- 3 / 5 = 0.6
SELECT pg_temp.okeys_of(k, qo, qs)::text AS state,
	   logistics.order_fill_rate(k, qo, qs) AS rate,
	   logistics._ff_okeys_final('(5,2,-9223372036854775808,9223372036854775811,2,2,9223372036854775800,3,9223372036854775804)') AS rate_by_hand
FROM (VALUES (5::bigint, 2::float8, 2::float8), (3, 2, 1), (7, 2, 2), (3, 2, 2),
			 (-9223372036854775808, 1, 1), (9223372036854775807, 1, 0)) v(k, qo, qs);
-- no failing order; NULL without rows
SELECT logistics._ff_okeys_final('(2,0,1,1)') AS all_good,
	   (SELECT logistics.order_fill_rate(k, qo, qs) FROM okl WHERE false) AS no_rows;
-- states rows cannot produce, each refused with 22P02 and what is wrong:
-- no order, more failing orders than orders, a difference of 0 (a
-- duplicate), a negative difference, a key past bigint, a failing order
-- not among the orders, a missing key, text after the end, more keys than
-- the text can hold (refused before anything is allocated)
SELECT '(0,0)'::logistics.order_keys_state;
SELECT '(1,2,5,5,1)'::logistics.order_keys_state;
SELECT '(2,0,5,0)'::logistics.order_keys_state;
SELECT '(2,0,5,-1)'::logistics.order_keys_state;
SELECT '(2,0,9223372036854775800,8)'::logistics.order_keys_state;
SELECT '(2,1,5,2,6)'::logistics.order_keys_state;
SELECT '(2,1,5,2)'::logistics.order_keys_state;
SELECT '(2,1,5,2,5)x'::logistics.order_keys_state;
SELECT '(100000000,0,1)'::logistics.order_keys_state;
-- differences of 20 digits (read by strtoull, not the fast path of up to
-- 19): 2^64 - 1 is read and refused as past bigint; 2^64 is not an
-- integer in range
SELECT '(2,0,5,18446744073709551615)'::logistics.order_keys_state;
SELECT '(2,0,5,18446744073709551616)'::logistics.order_keys_state;
-- binary form: orders, failing orders (int8), then the keys themselves
-- (int8): 16 + 7 * 8 = 72 bytes for the state by hand; a state written by
-- COPY (FORMAT binary) reads back; cut short, with a failing order not
-- among the orders (the last key 2^63 - 1 made 2^63 - 2) or unsorted
-- keys (5 and 7 swapped) it is refused
CREATE TEMP TABLE ok_bin (s logistics.order_keys_state);
CREATE TEMP TABLE ok_raw (b bytea);
CREATE FUNCTION pg_temp.ok_copy(raw bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/logistics_ok_state_' || pg_backend_pid();
BEGIN
	TRUNCATE ok_raw;
	TRUNCATE ok_bin;
	INSERT INTO ok_raw VALUES (raw);
	EXECUTE format('COPY ok_raw TO %L (FORMAT binary)', f);
	EXECUTE format('COPY ok_bin FROM PROGRAM %L (FORMAT binary)',
				   'cat ' || f || ' && rm -f ' || f);
	RETURN (SELECT s::text FROM ok_bin);
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE ok_hand AS
SELECT logistics.order_keys_state_send('(5,2,-9223372036854775808,9223372036854775811,2,2,9223372036854775800,3,9223372036854775804)') AS b;
SELECT octet_length(b) AS bytes, b FROM ok_hand;
SELECT pg_temp.ok_copy(b) FROM ok_hand;
SELECT pg_temp.ok_copy(substr(b, 1, 64)) FROM ok_hand;
SELECT pg_temp.ok_copy(overlay(b PLACING '\x7ffffffffffffffe'::bytea FROM 65 FOR 8)) FROM ok_hand;
SELECT pg_temp.ok_copy(overlay(b PLACING '\x00000000000000070000000000000005'::bytea FROM 33 FOR 16)) FROM ok_hand;
-- bad arguments as before; the support functions only inside an aggregate
SELECT logistics.order_fill_rate(k, -1, qs) FROM okl;
SELECT logistics._ff_okeys_fill_trans(NULL, 1, 1, 1);
SELECT logistics._ff_okeys_combine(NULL, '(1,0,5)');
DROP TABLE okl;
