--
-- Fulfilment metrics: exact values on hand-built fixtures (hand calculations
-- in the comments), edge cases, bad input with SQLSTATEs, and the same
-- answers with and without parallel workers.  The SCMS figures are in
-- sql/fulfillment_scms.sql.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
-- 15 significant digits: stable across platforms, enough for the hand values
SET extra_float_digits = 0;
\pset null '(null)'

-- An error as "SQLSTATE: message", so expected output pins both.
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

--
-- wilson_interval.  Closed form (2s + z^2 -+ z sqrt(z^2 + 4s(n-s)/n)) /
-- (2(n + z^2)), z = qnorm((1 + confidence) / 2).
-- 5 of 10 at 95%, by hand: z = 1.959964, z^2 = 3.841459,
--   root = 1.959964 * sqrt(3.841459 + 10) = 7.291872, den = 27.682918,
--   lower = (10 + 3.841459 - 7.291872) / 27.682918 = 0.236593,
--   upper = (13.841459 + 7.291872) / 27.682918 = 0.763407.
-- The others from R: prop.test(x, n, conf.level, correct = FALSE)$conf.int:
--   81/263: 0.255288520 0.366209577;  0/10: 0 0.277532800;
--   10/10 at 90%: 0.787058030 1.
--
SELECT round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM logistics.wilson_interval(5, 10);
SELECT round(lower::numeric, 9) AS lower, round(upper::numeric, 9) AS upper
FROM logistics.wilson_interval(81, 263, 0.95);
SELECT lower, round(upper::numeric, 9) AS upper FROM logistics.wilson_interval(0, 10);
SELECT round(lower::numeric, 9) AS lower, upper FROM logistics.wilson_interval(10, 10, 0.9);
-- no trials: no interval
SELECT * FROM logistics.wilson_interval(0, 0);
SELECT logistics.wilson_interval(NULL, 10) IS NULL AS strict;
SELECT pg_temp.err($$SELECT logistics.wilson_interval(3, 10, 1)$$);
SELECT pg_temp.err($$SELECT logistics.wilson_interval(3, 10, 0)$$);
SELECT pg_temp.err($$SELECT logistics.wilson_interval(3, 10, 'NaN')$$);
SELECT pg_temp.err($$SELECT logistics.wilson_interval(11, 10)$$);
SELECT pg_temp.err($$SELECT logistics.wilson_interval(-1, 10)$$);

--
-- The fixture: order lines of 7 orders (UTC).  lateness d = delivered -
-- promised in days, cycle c = delivered - ordered_at in days.
--
--  r  order ordered_at       promised          delivered          qo qs ret dmg_free docs   d      c
--  1  1     03-01 00:00      03-10 12:00       03-09 12:00        10 10  1   t   t     -1     8.5
--  2  1     03-01 00:00      03-10 12:00       03-10 12:00         5  5  0   t   t      0     9.5
--  3  2     03-02            03-10             03-12               8  8 NULL t   t     +2    10
--  4  2     03-02            03-10             03-10               4  2  0   t   f      0     8   partially shipped
--  5  3     03-03            03-10             NULL (undelivered)  6  0  0  NULL NULL   -     -
--  6  4     03-04            03-10             03-05               3  4  2   t   t     -5     1   over-shipped, early
--  7  5     03-05            03-10             03-10 06:00         0  0  0   t   t   +0.25   5.25 zero ordered
--  8  6     NULL             03-10             03-11               2  2  0   f   t     +1     -
--  9  7     NULL             NULL              NULL               NULL NULL NULL NULL NULL      all NULL
--
CREATE TEMP TABLE fx (
	r int, order_id bigint, ordered_at timestamptz, promised timestamptz,
	delivered timestamptz, qo float8, qs float8, ret float8,
	damage_free boolean, documents_ok boolean);
INSERT INTO fx VALUES
 (1, 1, '2024-03-01', '2024-03-10 12:00', '2024-03-09 12:00', 10, 10, 1, true, true),
 (2, 1, '2024-03-01', '2024-03-10 12:00', '2024-03-10 12:00', 5, 5, 0, true, true),
 (3, 2, '2024-03-02', '2024-03-10', '2024-03-12', 8, 8, NULL, true, true),
 (4, 2, '2024-03-02', '2024-03-10', '2024-03-10', 4, 2, 0, true, false),
 (5, 3, '2024-03-03', '2024-03-10', NULL, 6, 0, 0, NULL, NULL),
 (6, 4, '2024-03-04', '2024-03-10', '2024-03-05', 3, 4, 2, true, true),
 (7, 5, '2024-03-05', '2024-03-10', '2024-03-10 06:00', 0, 0, 0, true, true),
 (8, 6, NULL, '2024-03-10', '2024-03-11', 2, 2, 0, false, true),
 (9, 7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

--
-- order_accuracy: true, false, NULL (skipped), true -> 2 / 3 = 0.666666666666667;
-- Wilson 2/3 (R): 0.207659601 0.938508055.
--
SELECT logistics.order_accuracy(x) FROM (VALUES (true), (false), (NULL), (true)) v(x);
SELECT rate, round(lower::numeric, 9) AS lower, round(upper::numeric, 9) AS upper,
	   successes, trials
FROM (SELECT (logistics.order_accuracy_ci(x)).*
	  FROM (VALUES (true), (false), (NULL), (true)) v(x)) s;
-- all NULL and empty groups: NULL
SELECT logistics.order_accuracy(x), logistics.order_accuracy_ci(x)
FROM (VALUES (NULL::boolean), (NULL)) v(x);
SELECT logistics.order_accuracy(true), logistics.order_accuracy_ci(true) FROM fx WHERE false;

--
-- perfect_order_rate, one row per order: (t,t,t,t) perfect, (t,t,t,f) not,
-- (t,NULL,t,t) skipped, (f,t,t,t) not, (t,t,t,t) perfect -> 2 / 4 = 0.5;
-- Wilson 2/4 = 1/2 at 95%: the interval of 4/8 is narrower, so compare with
-- 2/4 by hand: z^2 = 3.841459, root = 1.959964 sqrt(3.841459 + 4) = 5.488,
-- den = 15.682918: lower = (4 + 3.841459 - 5.488) / 15.682918 = 0.150
--
SELECT logistics.perfect_order_rate(a, b, c, d),
	   round((logistics.perfect_order_rate_ci(a, b, c, d)).lower::numeric, 3) AS lower
FROM (VALUES (true, true, true, true), (true, true, true, false),
			 (true, NULL, true, true), (false, true, true, true),
			 (true, true, true, true)) v(a, b, c, d);

--
-- on_time_rate over the fixture: rows with a promise are r1..r8; on time
-- (d <= 0): r1, r2, r4, r6; r3, r7, r8 late; r5 undelivered -> 4 / 8 = 0.5.
--
SELECT logistics.on_time_rate(promised, delivered) FROM fx;
SELECT (logistics.on_time_rate_ci(promised, delivered)).successes,
	   (logistics.on_time_rate_ci(promised, delivered)).trials FROM fx;

--
-- otif over the fixture: r7 (zero ordered) and r9 (NULL) skipped: 7 lines.
-- Default (on or before the promise, qs >= qo): r1, r2, r6 -> 3 / 7 = 0.428571428571429
-- (r4 on time but partially shipped, r6 early counts as on time and
-- over-shipped counts as in full, r5 undelivered).
--
SELECT logistics.otif(promised, delivered, qo, qs) FROM fx;
-- Wilson 3/7 (R): 0.158219855 0.749541635
SELECT round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper,
	   (c).successes, (c).trials
FROM (SELECT logistics.otif_ci(promised, delivered, qo, qs) AS c FROM fx) s;
--
-- Tolerance '1 day', in-full tolerance 0.5 (window [p - 1 day, p + 1 day],
-- qs >= 0.5 qo): r1 (d = -1, at the edge) yes, r2 yes, r3 (+2) no,
-- r4 (qs 2 >= 2) yes, r5 no, r6 (d = -5, early outside the tolerance) no,
-- r8 (+1, at the edge) yes -> 4 / 7 = 0.571428571428571.
--
SELECT logistics.otif(promised, delivered, qo, qs, interval '1 day', 0.5) FROM fx;
--
-- Window early '6 days', late '12 hours', in-full tolerance 0.5: r1 yes,
-- r2 yes, r3 no, r4 yes, r5 no, r6 (-5 within 6 days) yes, r8 (+1 day
-- past 12 hours) no -> 4 / 7.
--
SELECT logistics.otif(promised, delivered, qo, qs, interval '6 days', interval '12 hours', 0.5)
FROM fx;
-- partially delivered a day early: 7 of 10 is not in full, but within a
-- 30% tolerance (shortfall 3 / 10 = 0.3); 6 of 10 is not; a zero
-- tolerance window rejects the early delivery
SELECT logistics.otif('2024-03-10', '2024-03-09', 10, 7) AS strict_in_full,
	   logistics.otif('2024-03-10', '2024-03-09', 10, 7, interval '1 day', 0.3) AS within_30pct,
	   logistics.otif('2024-03-10', '2024-03-09', 10, 6, interval '1 day', 0.3) AS short_40pct,
	   logistics.otif('2024-03-10', '2024-03-09', 10, 7, interval '0', 0.3) AS early;
-- delivered one hour late: not on time by default, on time within a 2-hour tolerance
SELECT logistics.otif('2024-03-10 12:00', '2024-03-10 13:00', 1, 1) AS strict,
	   logistics.otif('2024-03-10 12:00', '2024-03-10 13:00', 1, 1, interval '2 hours', 0) AS tolerant;
-- undelivered (delivered and qty_delivered NULL): not OTIF, but counted
SELECT logistics.otif('2024-03-10', NULL, 5, NULL);
-- all NULL, only zero ordered, empty: NULL
SELECT logistics.otif(NULL, NULL, NULL, NULL),
	   logistics.otif('2024-03-10', '2024-03-09', 0, 0),
	   logistics.otif_ci('2024-03-10', '2024-03-09', 0, 0);
SELECT logistics.otif(promised, delivered, qo, qs) FROM fx WHERE false;

--
-- Fill rates over the fixture (r9 skipped; r7 ordered 0 adds nothing):
-- unit fill rate = sum(least(qs, qo)) / sum(qo)
--   = (10 + 5 + 8 + 2 + 0 + 3 + 0 + 2) / (10 + 5 + 8 + 4 + 6 + 3 + 0 + 2)
--   = 30 / 38 = 0.789473684210526 (r6 shipped 4 of 3: capped at 3);
-- Wilson 30/38 (R): 0.636542205 0.889252082.
-- line fill rate: complete r1 r2 r3 r6 r8 of 7 lines -> 5 / 7 = 0.714285714285714.
--
SELECT logistics.fill_rate(qo, qs), logistics.line_fill_rate(qo, qs) FROM fx;
SELECT (c).rate, round((c).lower::numeric, 9) AS lower,
	   round((c).upper::numeric, 9) AS upper, (c).successes, (c).trials
FROM (SELECT logistics.fill_rate_ci(qo, qs) AS c FROM fx) s;
-- r1, r2 both complete: 2 / 2, Wilson (R) 0.342380227506653 1
SELECT (logistics.line_fill_rate_ci(qo, qs)).* FROM fx WHERE r <= 2;
-- shipped more than ordered is capped; NULL shipped counts as 0 shipped;
-- zero ordered only, all NULL, empty: NULL
SELECT logistics.fill_rate(10, 15) AS capped,
	   logistics.fill_rate(10, NULL) AS nothing_shipped;
SELECT logistics.fill_rate(o, s) AS zero_ordered, logistics.line_fill_rate(o, s) AS zero_lines
FROM (VALUES (0::float8, 0::float8), (0, 5)) v(o, s);
SELECT logistics.fill_rate(NULL, NULL), logistics.line_fill_rate(NULL, 1),
	   logistics.fill_rate_ci(NULL, NULL);

--
-- Order fill rate (orders whose lines all shipped complete), bigint and text
-- keys: o1 (r1, r2 complete) yes, o2 (r4 partial) no, o3 (r5 nothing) no,
-- o4 (r6) yes, o5 (only a zero-ordered line) not an order, o6 (r8) yes,
-- o7 (NULL quantity) skipped -> 3 / 5 = 0.6; Wilson 3/5 (R): 0.230724281 0.882379226.
--
SELECT logistics.order_fill_rate(order_id, qo, qs) AS bigint_key,
	   logistics.order_fill_rate(order_id::text, qo, qs) AS text_key
FROM fx;
SELECT (c).rate, round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper,
	   (c).successes, (c).trials
FROM (SELECT logistics.order_fill_rate_ci(order_id, qo, qs) AS c FROM fx) s;
-- the answer does not depend on the order of the rows
SELECT logistics.order_fill_rate(order_id, qo, qs ORDER BY r DESC) AS reversed,
	   logistics.order_fill_rate(order_id::text, qo, qs ORDER BY (r * 5) % 9) AS shuffled
FROM fx;

--
-- Perfect order rate from order lines: flags per line on_time = delivered
-- <= promised (undelivered: false), in_full = qs >= qo, damage_free and
-- documents_ok (NULL: false).  Perfect lines: r1, r2, r6.  Orders: o1
-- (r1, r2) perfect, o2 (r3 late) no, o3 (r5) no, o4 (r6) perfect, o5 (r7
-- late) no, o6 (r8 late) no, o7 skipped (in_full NULL) -> 2 / 6 = 0.333333333333333;
-- Wilson 2/6 (R): 0.096771411 0.700006685.
--
CREATE TEMP VIEW fx_flags AS
SELECT r, order_id, coalesce(delivered <= promised, false) AS on_time,
	   qs >= qo AS in_full, coalesce(damage_free, false) AS damage_free,
	   coalesce(documents_ok, false) AS documents_ok
FROM fx;
SELECT logistics.perfect_order_rate(order_id, on_time, in_full, damage_free, documents_ok) AS bigint_key,
	   logistics.perfect_order_rate(order_id::text, on_time, in_full, damage_free, documents_ok) AS text_key,
	   logistics.perfect_order_rate(order_id, on_time, in_full, damage_free, documents_ok ORDER BY r DESC) AS reversed
FROM fx_flags;
SELECT (c).rate, round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper,
	   (c).successes, (c).trials
FROM (SELECT logistics.perfect_order_rate_ci(order_id::text, on_time, in_full,
											 damage_free, documents_ok) AS c
	  FROM fx_flags) s;
-- empty and all-NULL groups
SELECT logistics.perfect_order_rate(order_id, on_time, in_full, damage_free, documents_ok),
	   logistics.order_fill_rate(order_id::text, 1, 1)
FROM fx_flags WHERE false;
SELECT logistics.perfect_order_rate(NULL::bigint, true, true, true, true),
	   logistics.perfect_order_rate_ci(NULL::text, true, true, true, true);
--
-- Lines of an order scattered over many rows: 100000 lines, order key
-- i % 1000 (each order's lines 1000 rows apart), a line fails when i is a
-- multiple of 7777: i = 7777 k for k = 0..12, keys 7777 k mod 1000 = 0, 777,
-- 554, 331, 108, 885, 662, 439, 216, 993, 770, 547, 324 (13 distinct) ->
-- (1000 - 13) / 1000 = 0.987; the same by bool_and per order.
--
SELECT logistics.perfect_order_rate(i % 1000, i % 7777 <> 0, true, true, true) AS bigint_key,
	   logistics.perfect_order_rate('PO-' || (i % 1000), i % 7777 <> 0, true, true, true) AS text_key
FROM generate_series(0, 99999) i;
SELECT avg(ok::int) AS by_bool_and
FROM (SELECT i % 1000 AS k, bool_and(i % 7777 <> 0) AS ok
	  FROM generate_series(0, 99999) i GROUP BY 1) s;

--
-- Return rate = sum(returned) / sum(sold); NULL returned counts as 0.
-- Fixture, sold = qs: (1 + 0 + 0 + 0 + 0 + 2 + 0 + 0) / (10 + 5 + 8 + 2 + 0
-- + 4 + 0 + 2) = 3 / 31 = 0.0967741935483871; Wilson 3/31 (R): 0.033464644 0.248999384.
--
SELECT logistics.return_rate(qs, ret) FROM fx;
SELECT round((c).lower::numeric, 9) AS lower, round((c).upper::numeric, 9) AS upper,
	   (c).successes, (c).trials
FROM (SELECT logistics.return_rate_ci(qs, ret) AS c FROM fx) s;
-- returns above sales (from earlier periods): rate above 1, no interval
SELECT (logistics.return_rate_ci(s, r)).* FROM (VALUES (2::float8, 3::float8)) v(s, r);
SELECT logistics.return_rate(NULL, 1), logistics.return_rate(0, 0);

--
-- Cycle times over the fixture, ordered_at -> delivered (r1 r2 r3 r4 r6 r7):
-- 8.5, 9.5, 10, 8, 1, 5.25 days; sorted 1, 5.25, 8, 8.5, 9.5, 10.
-- mean = 42.25 / 6 = 7.04166666666667 days = 7 days 01:00:00;
-- percentile_cont at p: position p * 5: p50 -> 2.5: 8 + 0.5 * 0.5 = 8.25;
-- p90 -> 4.5: 9.5 + 0.5 * 0.5 = 9.75; p95 -> 4.75: 9.5 + 0.75 * 0.5 = 9.875;
-- p0 = 1, p100 = 10, p25 -> 1.25: 5.25 + 0.25 * 2.75 = 5.9375.
--
SELECT logistics.cycle_time(ordered_at, delivered),
	   logistics.cycle_time_days(ordered_at, delivered),
	   logistics.cycle_time_percentile(ordered_at, delivered, 0.9)
FROM fx;
SELECT logistics.cycle_time_percentile(ordered_at, delivered, ARRAY[0, 0.25, 0.5, 0.9, 0.95, 1])
FROM fx;
SELECT (logistics.cycle_time_summary(ordered_at, delivered)).* FROM fx;
-- the built-in percentile_cont agrees (independent implementation)
SELECT percentile_cont(ARRAY[0, 0.25, 0.5, 0.9, 0.95, 1]) WITHIN GROUP (
		ORDER BY extract(epoch FROM delivered - ordered_at) / 86400) AS builtin
FROM fx;
-- negative durations (data errors) are kept and counted, not dropped
SELECT (logistics.cycle_time_summary(s, f)).*
FROM (VALUES (date '2024-01-10', date '2024-01-07'), ('2024-01-01', '2024-01-05')) v(s, f);
--
-- Dates give whole days whatever the time zone; timestamps count elapsed
-- time: in New York 2024-03-09 -> 2024-03-11 spans the start of daylight
-- saving time, 47 hours = 1.95833333333333 days.
--
SET TimeZone = 'America/New_York';
SELECT logistics.cycle_time_days(date '2024-03-09', date '2024-03-11') AS dates,
	   logistics.cycle_time_days(timestamptz '2024-03-09', timestamptz '2024-03-11') AS timestamps,
	   logistics.cycle_time(date '2024-03-09', date '2024-03-11') AS interval;
SET TimeZone = 'UTC';
-- empty, all NULL, one value
SELECT logistics.cycle_time(ordered_at, delivered), logistics.cycle_time_summary(ordered_at, delivered),
	   logistics.cycle_time_percentile(ordered_at, delivered, 0.5)
FROM fx WHERE r = 9;
SELECT logistics.cycle_time_percentile(date '2024-01-01', date '2024-01-03', ARRAY[0.1, 0.9]);

--
-- Lateness over the fixture (rows with a promise r1..r8; r5 undelivered):
-- d = -1, 0, +2, 0, -5, +0.25, +1; early 2 (r1 r6), on schedule 2 (r2 r4),
-- late 3 (r3 r7 r8), on-time rate 4 / 8 = 0.5;
-- mean = -2.75 / 7 = -0.392857142857143; sorted -5, -1, 0, 0, 0.25, 1, 2:
-- p50 -> position 3: 0; p90 -> 5.4: 1 + 0.4 * 1 = 1.4; p95 -> 5.7: 1.7;
-- mean days late = (2 + 0.25 + 1) / 3 = 1.08333333333333.
--
SELECT (logistics.lateness_summary(promised, delivered)).* FROM fx;
-- only undelivered lines: counts, no distribution
SELECT (logistics.lateness_summary(p, d)).*
FROM (VALUES (date '2024-01-10', NULL::date), ('2024-01-11', NULL)) v(p, d);

--
-- fulfillment_kpis over the fixture.  Lines: r1..r8 without r7 (zero
-- ordered) = 7; delivered 6 (r5 not).
--   on time r1 r2 r4 r6: 4 / 7 = 0.571428571428571 (Wilson, R: 0.250458365 0.841780145)
--   in full r1 r2 r3 r6 r8: 5 / 7 = 0.714285714285714 (0.358934452 0.917781076)
--   OTIF r1 r2 r6: 3 / 7 = 0.428571428571429 (0.158219855 0.749541635)
--   perfect: lines with both flags known 6 (not r5); OTIF and both flags
--     true: r1 r2 r6 -> 3 / 6 = 0.5 (0.187616306 0.812383694)
--   units: ordered 10+5+8+4+6+3+2 = 38, filled 10+5+8+2+0+3+2 = 30,
--     fill 30 / 38 = 0.789473684210526 (0.636542205 0.889252082)
--   returns: shipped 10+5+8+2+0+4+2 = 31, returned 1+2 = 3,
--     3 / 31 = 0.0967741935483871 (0.033464644 0.248999384)
--   cycle (ordered_at known, delivered: r1 r2 r3 r4 r6): 8.5 9.5 10 8 1,
--     mean 37 / 5 = 7.4, sorted 1 8 8.5 9.5 10: p50 8.5, p90 -> 3.6: 9.8,
--     p95 -> 3.8: 9.9
--   lateness (delivered): -1 0 +2 0 -5 +1, late 2 (r3 r8), mean -3 / 6 =
--     -0.5, sorted -5 -1 0 0 1 2: p50 -> 2.5: 0, p90 -> 4.5: 1.5,
--     p95 -> 4.75: 1.75; mean days late (2 + 1) / 2 = 1.5
--
\x on
SELECT k.lines, k.delivered, k.on_time, k.on_time_rate,
	   round(k.on_time_lower::numeric, 9) AS on_time_lower,
	   round(k.on_time_upper::numeric, 9) AS on_time_upper,
	   k.in_full, k.in_full_rate,
	   round(k.in_full_lower::numeric, 9) AS in_full_lower,
	   round(k.in_full_upper::numeric, 9) AS in_full_upper,
	   k.otif, k.otif_rate,
	   round(k.otif_lower::numeric, 9) AS otif_lower,
	   round(k.otif_upper::numeric, 9) AS otif_upper,
	   k.perfect_lines, k.perfect, k.perfect_rate,
	   round(k.perfect_lower::numeric, 9) AS perfect_lower,
	   round(k.perfect_upper::numeric, 9) AS perfect_upper,
	   k.units_ordered, k.units_filled, k.fill_rate,
	   round(k.fill_lower::numeric, 9) AS fill_lower,
	   round(k.fill_upper::numeric, 9) AS fill_upper,
	   k.units_shipped, k.units_returned, k.return_rate,
	   round(k.return_lower::numeric, 9) AS return_lower,
	   round(k.return_upper::numeric, 9) AS return_upper,
	   k.cycle_lines, k.cycle_days_mean, k.cycle_days_p50, k.cycle_days_p90,
	   k.cycle_days_p95, k.late, k.lateness_days_mean, k.lateness_days_p50,
	   k.lateness_days_p90, k.lateness_days_p95, k.days_late_mean
FROM (SELECT (logistics.fulfillment_kpis(ordered_at, promised, delivered, qo, qs, ret,
										 damage_free, documents_ok)).*
	  FROM fx) k;
\x off
-- empty group and all-NULL rows: NULL
SELECT logistics.fulfillment_kpis(ordered_at, promised, delivered, qo, qs, ret,
								  damage_free, documents_ok) IS NULL AS empty
FROM fx WHERE r = 9;

--
-- Bad input: SQLSTATE 22023 for negative or non-finite quantities,
-- infinite timestamps, fractions and tolerances outside their domain;
-- 2202E / 22004 for malformed fraction arrays.
--
SELECT pg_temp.err($$SELECT logistics.fill_rate(-1, 1)$$);
SELECT pg_temp.err($$SELECT logistics.fill_rate(1, -2)$$);
SELECT pg_temp.err($$SELECT logistics.fill_rate('NaN', 1)$$);
SELECT pg_temp.err($$SELECT logistics.line_fill_rate(1, 'Infinity')$$);
SELECT pg_temp.err($$SELECT logistics.return_rate(5, 'NaN')$$);
SELECT pg_temp.err($$SELECT logistics.order_fill_rate(1, -3, 1)$$);
SELECT pg_temp.err($$SELECT logistics.otif(now(), now(), -1, 1)$$);
SELECT pg_temp.err($$SELECT logistics.otif(now(), now(), 1, 1, interval '-1 hour', 0)$$);
SELECT pg_temp.err($$SELECT logistics.otif(now(), now(), 1, 1, interval '1 hour', 1.5)$$);
SELECT pg_temp.err($$SELECT logistics.otif(now(), now(), 1, 1, interval '1 hour', 'NaN')$$);
SELECT pg_temp.err($$SELECT logistics.otif('infinity', now(), 1, 1)$$);
SELECT pg_temp.err($$SELECT logistics.on_time_rate(now(), '-infinity')$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(now(), now(), 1.5)$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(now(), now(), 'NaN'::float8)$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(now(), now(), '{}'::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(now(), now(), '{0.5,NULL}'::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_percentile(now(), now(), '{{0.5},{0.9}}'::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.cycle_time_days(date 'infinity', current_date)$$);
SELECT pg_temp.err($$SELECT logistics.fulfillment_kpis(now(), now(), now(), 1, -1, 0, true, true)$$);
SELECT pg_temp.err($$SELECT logistics.fulfillment_kpis(now(), now(), now(), 1, 1, 'NaN', true, true)$$);

--
-- Parallel workers give the same answers.  100000 deterministic order
-- lines (integral quantities, whole seconds, so every sum is exact in any
-- order); each aggregate is computed serially and with a forced parallel
-- plan and the results compared.
--
CREATE TABLE ff_par AS
SELECT i AS line_id, i / 3 AS order_id,
	   timestamptz '2024-01-01' + (i % 97) * interval '1 day' AS ordered_at,
	   timestamptz '2024-01-01' + (i % 97 + 5) * interval '1 day' AS promised,
	   CASE WHEN i % 23 = 0 THEN NULL
			ELSE timestamptz '2024-01-01' + (i % 97) * interval '1 day'
				 + ((i * 7919) % 1000) * interval '11 minutes' END AS delivered,
	   (1 + i % 9)::float8 AS qo,
	   (1 + i % 9 - (CASE WHEN i % 13 = 0 THEN 1 ELSE 0 END))::float8 AS qs,
	   (CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END)::float8 AS ret,
	   i % 29 <> 0 AS damage_free, i % 31 <> 0 AS documents_ok
FROM generate_series(1, 100000) i;
ALTER TABLE ff_par SET (parallel_workers = 2);
ANALYZE ff_par;
CREATE TEMP VIEW ff_par_all AS
SELECT line_id % 4 AS g,
	   logistics.order_accuracy(qs >= qo) AS acc,
	   logistics.perfect_order_rate(delivered <= promised, qs >= qo, damage_free, documents_ok) AS por,
	   logistics.perfect_order_rate(order_id, coalesce(delivered <= promised, false), qs >= qo, damage_free, documents_ok) AS por_key,
	   logistics.perfect_order_rate_ci(order_id::text, coalesce(delivered <= promised, false), qs >= qo, damage_free, documents_ok) AS por_tkey,
	   logistics.on_time_rate_ci(promised, delivered) AS ontime,
	   logistics.otif(promised, delivered, qo, qs) AS otif,
	   logistics.otif_ci(promised, delivered, qo, qs, interval '2 days', 0.1) AS otif_tol,
	   logistics.otif(promised, delivered, qo, qs, interval '3 days', interval '1 day', 0.1) AS otif_win,
	   logistics.fill_rate_ci(qo, qs) AS fill,
	   logistics.line_fill_rate(qo, qs) AS line_fill,
	   logistics.order_fill_rate(order_id, qo, qs) AS order_fill,
	   logistics.order_fill_rate_ci(order_id::text, qo, qs) AS order_fill_t,
	   logistics.return_rate_ci(qs, ret) AS ret,
	   logistics.cycle_time(ordered_at, delivered) AS ct,
	   logistics.cycle_time_days(ordered_at, delivered) AS ctd,
	   logistics.cycle_time_percentile(ordered_at, delivered, 0.9) AS ct90,
	   logistics.cycle_time_percentile(ordered_at::date, delivered::date, ARRAY[0.1, 0.5, 0.99]) AS ctp,
	   logistics.cycle_time_summary(ordered_at, delivered) AS cts,
	   logistics.lateness_summary(promised, delivered) AS lat,
	   logistics.fulfillment_kpis(ordered_at, promised, delivered, qo, qs, ret, damage_free, documents_ok) AS kpis
FROM ff_par
GROUP BY 1;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ff_serial AS SELECT * FROM ff_par_all;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT logistics.fulfillment_kpis(ordered_at, promised, delivered, qo, qs, ret, damage_free, documents_ok),
	   logistics.perfect_order_rate(order_id, delivered <= promised, qs >= qo, true, true),
	   logistics.cycle_time_summary(ordered_at, delivered)
FROM ff_par;
CREATE TEMP TABLE ff_parallel AS SELECT * FROM ff_par_all;
-- four groups, and no column differs (compared as text with every digit)
SET extra_float_digits = 3;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE (s.*)::text IS DISTINCT FROM (p.*)::text) AS differing
FROM ff_serial s FULL JOIN ff_parallel p USING (g);
SET extra_float_digits = 0;
RESET parallel_leader_participation;
-- and the parallel results agree with built-in SQL on the same rows
WITH b AS (
	SELECT line_id % 4 AS g,
		   count(*) FILTER (WHERE delivered <= promised AND qs >= qo) AS otif,
		   count(*) FILTER (WHERE delivered > promised) AS late,
		   percentile_cont(0.9) WITHIN GROUP (
			   ORDER BY extract(epoch FROM delivered - ordered_at) / 86400) AS p90
	FROM ff_par GROUP BY 1),
o AS (
	SELECT g, avg(ok::int) AS por_key
	FROM (SELECT line_id % 4 AS g, order_id,
				 bool_and(coalesce(delivered <= promised, false) AND qs >= qo
						  AND damage_free AND documents_ok) AS ok
		  FROM ff_par GROUP BY 1, 2) x
	GROUP BY g)
SELECT g, (s.kpis).otif = b.otif AS otif_count,
	   (s.lat).late = b.late AS late_count,
	   abs((s.kpis).cycle_days_p90 - b.p90) < 1e-9 AS cycle_p90,
	   abs(s.por_key - o.por_key) < 1e-12 AS perfect_by_order
FROM ff_parallel s JOIN b USING (g) JOIN o USING (g)
ORDER BY g;
DROP VIEW ff_par_all;
DROP TABLE ff_par;
