--
-- Inventory analytics.  Expected values are independent of the code under
-- test: golden.md ids (data/inventory/golden.md: stockpyl tests, SCperf and
-- inventorize examples, timescaledb-toolkit docs), recomputed at 50 digits
-- by data/inventory/reference.py (mpmath, textbook formulas), or worked by
-- hand in the comment above the query.  Checks print booleans: |got/want - 1|
-- <= 1e-9 (closed forms) unless the comment says otherwise.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

CREATE FUNCTION pg_temp.close(got float8, want float8, tol float8 DEFAULT 1e-9)
RETURNS boolean LANGUAGE sql IMMUTABLE
AS $$ SELECT abs(got / want - 1) <= tol $$;

-- SQLSTATE and message of a statement, or 'ok'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

--
-- Ratios (hand): 1200/300 = 4; 90/4.5 = 20 days; -9/4.5 = -2 (backlog);
-- 500/2000 = 0.25; 80/100 = 0.8; zero denominators give NULL.
--
SELECT logistics.inventory_turnover(1200, 300) AS turnover,
       logistics.days_of_supply(90, 4.5) AS dos,
       logistics.days_of_supply(-9, 4.5) AS dos_backlog,
       logistics.gmroi(500, 2000) AS gmroi,
       logistics.sell_through(80, 100) AS sell_through;
SELECT logistics.inventory_turnover(10, 0) IS NULL AS t0,
       logistics.days_of_supply(10, 0) IS NULL AS d0,
       logistics.gmroi(10, 0) IS NULL AS g0,
       logistics.sell_through(0, 0) IS NULL AS s0,
       logistics.eoq(NULL, 1, 1) IS NULL AS strict;

--
-- EOQ family: golden A (stockpyl test_eoq.py, Snyder & Shen ch. 3; SCperf).
--
SELECT id, pg_temp.close(got, want) AS ok
FROM (VALUES
  ('A1 Q*',  logistics.eoq(1300, 8, 0.225),                     304.0467800264368),
  ('A1 g*',  logistics.eoq_cost(1300, 8, 0.225),                68.41052550594827),
  ('A2 g(250)', logistics.eoq_cost(1300, 8, 0.225, 250),        69.725),
  ('A3 Q*',  logistics.eoq(182500, 2250, 275),                  1728.109844993551),
  ('A3 g*',  logistics.eoq_cost(182500, 2250, 275),             475230.2073732266),
  ('A4 Q*',  logistics.eoq_backorder(1300, 8, 0.225, 5),        310.8125551589646),
  ('A4 x*',  0.225 / (0.225 + 5),                               0.043062200956938),
  ('A4 g*',  logistics.eoq_backorder_cost(1300, 8, 0.225, 5),   66.92136355097325),
  ('A5 Q*',  logistics.eoq_backorder(2080, 40, 40.05, 60),      83.23544812889804),
  ('A5 g*',  logistics.eoq_backorder_cost(2080, 40, 40.05, 60), 1999.148244415212),
  ('A6 g(100, 0.3)', logistics.eoq_backorder_cost(2080, 40, 40.05, 60, 100, 0.3), 2083.225),
  -- g(Q*, x*) equals g*
  ('A5 g(Q*, x*)', logistics.eoq_backorder_cost(2080, 40, 40.05, 60, 83.23544812889804406, 0.40029985007496251874), 1999.148244415212),
  ('A7 Q*',  logistics.epq(1300, 8, 0.225, 2000),               513.9328595516969),
  ('A7 g*',  logistics.epq_cost(1300, 8, 0.225, 2000),          40.47221268969612),
  ('A8 g(350)', logistics.epq_cost(1300, 8, 0.225, 2000, 350),  43.495535714285715),
  ('A9 Q*',  logistics.epq(80, 4, 0.08, 110),                   171.2697677155351),
  ('A9 g*',  logistics.epq_cost(80, 4, 0.08, 110),              3.73679493197531),
  ('A10 Q',  logistics.eoq_all_units(1300, 8, 0.3, '{0,400,800}', '{0.75,0.72,0.68}'), 800),
  ('A10 g',  logistics.eoq_all_units_cost(1300, 8, 0.3, '{0,400,800}', '{0.75,0.72,0.68}'), 978.60),
  ('A11 Q',  logistics.eoq_all_units(1000, 200, 0.2, '{0,200,500}', '{500,475,450}'), 500),
  ('A11 g',  logistics.eoq_all_units_cost(1000, 200, 0.2, '{0,200,500}', '{500,475,450}'), 472900.0),
  ('A12 Q',  logistics.eoq_all_units(182500, 2250, 0.25, '{0,1200,2400}', '{1490,1220,1100}'), 2400),
  ('A12 g',  logistics.eoq_all_units_cost(182500, 2250, 0.25, '{0,1200,2400}', '{1490,1220,1100}'), 201251093.75),
  ('A13 Q',  logistics.eoq_incremental(1300, 8, 0.3, '{0,400,800}', '{0.75,0.72,0.68}'), 304.04678003),
  ('A13 g',  logistics.eoq_incremental_cost(1300, 8, 0.3, '{0,400,800}', '{0.75,0.72,0.68}'), 1043.4105255059482787),
  ('A14 Q',  logistics.eoq_incremental(2400, 150, 0.25, '{0,300,600}', '{100,90,80}'), 1481.8906842274164),
  ('A14 g',  logistics.eoq_incremental_cost(2400, 150, 0.25, '{0,300,600}', '{100,90,80}'), 222762.8136845483),
  ('A15 Q',  logistics.eoq(8000, 12000, 0.3),                   25298.221281347034656),
  ('A15 T = Q/d', logistics.eoq(8000, 12000, 0.3) / 8000,       3.16227766016837933),
  ('A15 TVC', logistics.eoq_cost(8000, 12000, 0.3),             7589.4663844041103968),
  ('A16 Q',  logistics.eoq_backorder(8000, 12000, 0.3, 1.1),    28540.2427205070305),
  ('A16 S = Q h/(h+b)', logistics.eoq_backorder(8000, 12000, 0.3, 1.1) * 0.3 / 1.4, 6115.7662972515065356),
  ('A16 TVC', logistics.eoq_backorder_cost(8000, 12000, 0.3, 1.1), 6727.3429269766571892)
) AS t(id, got, want);
-- A13 Q is published to 8 decimals (304.04678003): its own precision
SELECT abs(logistics.eoq_incremental(1300, 8, 0.3, '{0,400,800}', '{0.75,0.72,0.68}') - 304.04678003) < 5e-9 AS a13_q_8dp;
-- a single price tier is plain EOQ plus purchase cost (hand: Q = 304.0467800264368)
SELECT pg_temp.close(logistics.eoq_all_units(1300, 8, 0.3, '{0}', '{0.75}'), 304.0467800264368) AS one_tier,
       pg_temp.close(logistics.eoq_all_units_cost(1300, 8, 0.3, '{0}', '{0.75}'), 975 + 68.41052550594827) AS one_tier_cost;

--
-- Newsvendor, normal demand: golden B (stockpyl test_newsvendor.py;
-- SCperf Newsboy).  Overage h, underage p; B5 is the base-stock case with
-- lead-time demand over L + 1 = 5 periods: mean 250, sd 8 sqrt(5).
--
SELECT id, pg_temp.close(got, want) AS ok
FROM (VALUES
  ('B1 S*',   logistics.newsvendor(50, 8, 0.70, 0.18),            56.60395592743389),
  ('B1 g*',   logistics.newsvendor_cost(50, 8, 0.70, 0.18),       1.997605193176645),
  ('B1 g(S*)', logistics.newsvendor_cost(50, 8, 0.70, 0.18, 56.60395592743389), 1.997605193176645),
  ('B2 g(40)', logistics.newsvendor_cost(50, 8, 0.70, 0.18, 40),  7.356131552870388),
  ('B3 g(60)', logistics.newsvendor_cost(50, 8, 0.70, 0.18, 60),  2.156131552870387),
  ('B4 S*',   logistics.newsvendor(900, 60, 79, 43),              922.7214038234755),
  ('B4 g*',   logistics.newsvendor_cost(900, 60, 79, 43),         2718.196781782411),
  ('B5 S*',   logistics.newsvendor(250, 8 * sqrt(5), 0.70, 0.18), 264.7668943741548),
  ('B5 g*',   logistics.newsvendor_cost(250, 8 * sqrt(5), 0.70, 0.18), 4.466781004149578),
  ('B6 g(180)', logistics.newsvendor_cost(250, 8 * sqrt(5), 0.70, 0.18, 180), 49.000164748034095),
  ('B12 profit*', logistics.newsvendor_profit(50, 8, 1, 0.3, 0.12), 33.002394806823354),
  ('B12 profit(40)', logistics.newsvendor_profit(50, 8, 1, 0.3, 0.12, 40), 27.643868447129613),
  ('B13 S*',  logistics.newsvendor(50, 10, 7 - 2.5, 2.5 - 1.5),   59.084578685373856),
  ('B13 profit*', logistics.newsvendor_profit(50, 10, 7, 2.5, 1.5), 210.4768082523147),
  ('B14 Q',   logistics.newsvendor(100, 30, 3, 1),                120.2346925058824523),
  ('B14 ExpC', logistics.newsvendor_cost(100, 30, 3, 1),          38.133188722092832079),
  ('B14 ExpP', logistics.newsvendor_profit(100, 30, 4, 1, 0),     261.86681127790716792),
  ('B14 FR',  logistics.newsvendor_fill_rate(100, 30, 120.2346925058824523), 0.95525375945947405054),
  ('B15 Q',   logistics.newsvendor(100, 20, 3, 1),                113.48979500392163486),
  ('B15 ExpC', logistics.newsvendor_cost(100, 20, 3, 1),          25.422125814728554719),
  ('B15 ExpP', logistics.newsvendor_profit(100, 20, 4, 1, 0),     274.57787418527144528),
  ('B15 FR',  logistics.newsvendor_fill_rate(100, 20, 113.48979500392163486), 0.97016917297298270036)
) AS t(id, got, want);
-- SCperf's printed figures (B14: 120.23, 38.13, 261.87, 0.96; B15: 113.49, 25.42, 274.58, 97%)
SELECT round(logistics.newsvendor(100, 30, 3, 1)::numeric, 2) AS b14_q,
       round(logistics.newsvendor_cost(100, 30, 3, 1)::numeric, 2) AS b14_cost,
       round(logistics.newsvendor_profit(100, 30, 4, 1, 0)::numeric, 2) AS b14_profit,
       round(logistics.newsvendor_fill_rate(100, 20, logistics.newsvendor(100, 20, 3, 1))::numeric, 2) AS b15_fr;
-- no uncertainty: stock the mean; cost of missing by 5 units = 5 * cu (hand)
SELECT logistics.newsvendor(50, 0, 1, 1) AS s, logistics.newsvendor_cost(50, 0, 2, 1, 45) AS cost;

--
-- Safety stock and reorder points: golden H (SCperf SS/ROP, inventorize).
-- Weekly figures from annual ones as inventorize does: mean D/52,
-- sd sigma/sqrt(52), lead time in weeks.
--
SELECT id, pg_temp.close(got, want) AS ok
FROM (VALUES
  ('H1 SS',  logistics.safety_stock(0.95, 0, 0.7, 2),                   1.6283220151473437214),
  ('H2 ROP', logistics.reorder_point(0.9, 2500, 500, 6),                16569.573707324611303),
  ('H3 SS',  logistics.safety_stock(0.90, 50, 5, 6, 2),                 129.11274264676835656),
  ('H3 ROP', logistics.reorder_point(0.90, 50, 5, 6, 2),                429.11274264676835656),
  ('H4 SS',  logistics.safety_stock(0.92, 8000 / 52.0, 600 / sqrt(52), 4), 233.81804106427261001),
  ('H4 ROP', logistics.reorder_point(0.92, 8000 / 52.0, 600 / sqrt(52), 4), 849.20265644888799463),
  ('H5 SS',  logistics.safety_stock(0.95, 20000 / 52.0, 1200 / sqrt(52), 3), 474.09727421401350837),
  ('H5 ROP', logistics.reorder_point(0.95, 20000 / 52.0, 1200 / sqrt(52), 3), 1627.9434280601673545),
  ('H5 EUS', logistics.expected_units_short(0.95, 20000 / 52.0, 1200 / sqrt(52), 3), 6.0219917219638229096),
  ('H5 fill rate', logistics.expected_fill_rate(0.95, 4500, 20000 / 52.0, 1200 / sqrt(52), 3), 0.99866177961734137269),
  ('H6 G(k)', logistics.normal_loss(logistics.normal_loss_inverse(0.19469976887505542183)), 0.19469976887505542183),
  ('H6 k',   logistics.normal_loss_inverse(9000 * 0.03 / (5000 * sqrt(4 / 52.0))), 0.51009503637193928069),
  ('H6 SS',  logistics.safety_stock_fill_rate(0.97, 9000, 100000 / 52.0, 5000 / sqrt(52), 4), 707.37454192257526272),
  ('H6 ROP', logistics.reorder_point_fill_rate(0.97, 9000, 100000 / 52.0, 5000 / sqrt(52), 4), 8399.6822342302675704),
  ('H6 CSL', logistics.normal_cdf(logistics.safety_stock_fill_rate(0.97, 9000, 100000 / 52.0, 5000 / sqrt(52), 4) / (5000 * sqrt(4 / 52.0))), 0.6950075587649340866)
) AS t(id, got, want);
-- published roundings: H1 1.63, H2 16569.57, H6 707.3745 and 8399.6822
SELECT round(logistics.safety_stock(0.95, 0, 0.7, 2)::numeric, 2) AS h1,
       round(logistics.reorder_point(0.9, 2500, 500, 6)::numeric, 2) AS h2,
       round(logistics.safety_stock_fill_rate(0.97, 9000, 100000 / 52.0, 5000 / sqrt(52), 4)::numeric, 4) AS h6_ss,
       round(logistics.reorder_point_fill_rate(0.97, 9000, 100000 / 52.0, 5000 / sqrt(52), 4)::numeric, 4) AS h6_rop;
-- the loss-function inverse far out: L(k) = g back to 1e-9 relative
SELECT g, pg_temp.close(logistics.normal_loss(logistics.normal_loss_inverse(g)), g) AS round_trip
FROM unnest('{1e-250,1e-30,1e-6,0.01,0.3989,1,50,1e6}'::float8[]) g;
-- no variability: no safety stock (hand: ROP = 10 * 3)
SELECT logistics.safety_stock(0.99, 10, 0, 3) AS ss, logistics.reorder_point(0.99, 10, 0, 3) AS rop,
       logistics.safety_stock_fill_rate(0.99, 50, 10, 0, 3) AS ss_fr;

--
-- Time-weighted average (last observation carried forward): golden I
-- (timescaledb-toolkit time_weight docs and tests, LOCF).
--
CREATE TEMP TABLE tw (series int, m float8, v float8);
INSERT INTO tw VALUES
  (1, 0, 10), (1, 1, 20), (1, 2, 10), (1, 3, 20), (1, 4, 15),
  (2, 0, 10), (2, 1, 20), (2, 2, 10), (2, 3, 20), (2, 4, 10), (2, 8, 10),
  (2, 10, 30), (2, 10.5, 10), (2, 16.5, 35), (2, 30, 60);
CREATE TEMP VIEW twv AS
SELECT series, 'epoch'::timestamptz + m * interval '1 minute' AS ts, v FROM tw;
-- I1: 15; I2: 22.25 (integral 667.5 over 30 min); the last point's time is
-- period_end, so nothing is extrapolated
SELECT series,
       logistics.time_weighted_avg(ts, v, 'epoch'::timestamptz + (CASE series WHEN 1 THEN 4 ELSE 30 END) * interval '1 minute') AS twa
FROM twv GROUP BY series ORDER BY series;
-- rows in any order: the same answers whatever order they arrive in
SELECT series,
       logistics.time_weighted_avg(ts, v, 'epoch'::timestamptz + (CASE series WHEN 1 THEN 4 ELSE 30 END) * interval '1 minute' ORDER BY ts DESC) AS desc_order,
       logistics.time_weighted_avg(ts, v, 'epoch'::timestamptz + (CASE series WHEN 1 THEN 4 ELSE 30 END) * interval '1 minute' ORDER BY md5(v::text || ts::text)) AS scrambled
FROM twv GROUP BY series ORDER BY series;
-- I3, I4: linear interpolation (trapezoids) between the first and the last
-- observation: series 1 (15 + 15 + 15 + 17.5)/4 = 15.625, series 2 30.875;
-- any row order; linear in the level (v/10 + 0.05 gives 1.6125, 3.1375)
SELECT series, logistics.time_weighted_avg_linear(ts, v) AS linear,
       logistics.time_weighted_avg_linear(ts, v ORDER BY md5(v::text || ts::text)) AS scrambled,
       logistics.time_weighted_avg_linear(ts, v / 10 + 0.05) AS scaled
FROM twv GROUP BY series ORDER BY series;
-- levels kept as float8 (0.1 is not a float4), hand: ((0.1 + 0.9)/2 +
-- (0.9 + 1.6)/2)/2 = 0.875; one point: NULL
SELECT logistics.time_weighted_avg_linear(ts, v) AS float8_levels,
       logistics.time_weighted_avg_linear(ts, v) FILTER (WHERE ts < '2024-01-02') IS NULL AS one_point_null
FROM (VALUES ('2024-01-01'::timestamptz, 0.1::float8), ('2024-01-02', 0.9), ('2024-01-03', 1.6)) s(ts, v);

-- I5: one point and no time after it: NULL; one point with time after it: its level
SELECT logistics.time_weighted_avg(ts, v, ts) IS NULL AS i5_null,
       logistics.time_weighted_avg(ts, v, ts + interval '1 hour') AS held
FROM (VALUES ('2024-01-01'::timestamptz, 42.0::float8)) s(ts, v);
-- I6: daily buckets, each day starting with the level carried over from the
-- previous day (added with a window function).  Hand: day 1 from 08:00 =
-- (4*10 + 4*40 + 8*20)/16 = 22.5; day 2 = (2*20 + 10*15 + 8*50 + 4*25)/24 =
-- 28.75; day 3 = (10*25 + 2*30 + 4*0 + 8*35)/24 = 24.5833...
CREATE TEMP TABLE i6 (ts timestamptz, v float8);
INSERT INTO i6 VALUES
  ('2020-01-01 08:00', 10), ('2020-01-01 12:00', 40), ('2020-01-01 16:00', 20),
  ('2020-01-02 02:00', 15), ('2020-01-02 12:00', 50), ('2020-01-02 20:00', 25),
  ('2020-01-03 10:00', 30), ('2020-01-03 12:00', 0), ('2020-01-03 16:00', 35);
WITH pts AS (
  SELECT date_trunc('day', ts) AS day, ts, v FROM i6
  UNION ALL
  -- the previous day's last level at the start of each later day
  SELECT day, day, carried FROM (
    SELECT DISTINCT date_trunc('day', ts) AS day,
           lag(v) OVER (ORDER BY ts) AS carried,
           row_number() OVER (PARTITION BY date_trunc('day', ts) ORDER BY ts) AS rn
    FROM i6) f
  WHERE rn = 1 AND carried IS NOT NULL)
SELECT day::date, logistics.time_weighted_avg(ts, v, day + interval '1 day') AS twa,
       pg_temp.close(logistics.time_weighted_avg(ts, v, day + interval '1 day'),
                     CASE day::date WHEN '2020-01-01' THEN 22.5 WHEN '2020-01-02' THEN 28.75
                                    ELSE 590.0 / 24 END, 1e-12) AS ok
FROM pts GROUP BY day ORDER BY day;
-- stock-out rate, hand: day 3 is at 0 from 12:00 to 16:00; with the carried
-- level the day is 24 h long (4/24), from its own first point 10:00 it is
-- 14 h long (4/14); days 1 and 2 never reach 0
WITH carried AS (
  SELECT DISTINCT date_trunc('day', ts) AS day, lag(v) OVER (ORDER BY ts) AS v,
         row_number() OVER (PARTITION BY date_trunc('day', ts) ORDER BY ts) AS rn
  FROM i6),
pts AS (
  SELECT date_trunc('day', ts) AS day, ts, v, false AS added FROM i6
  UNION ALL
  SELECT day, day, v, true FROM carried WHERE rn = 1 AND v IS NOT NULL)
SELECT day::date,
       logistics.stockout_rate(ts, v, day + interval '1 day') AS with_carry,
       logistics.stockout_rate(ts, v, day + interval '1 day') FILTER (WHERE NOT added) AS own_points,
       CASE WHEN day = '2020-01-03' THEN
         pg_temp.close(logistics.stockout_rate(ts, v, day + interval '1 day'), 4.0 / 24, 1e-12) AND
         pg_temp.close(logistics.stockout_rate(ts, v, day + interval '1 day') FILTER (WHERE NOT added), 4.0 / 14, 1e-12)
       ELSE logistics.stockout_rate(ts, v, day + interval '1 day') = 0 END AS ok
FROM pts GROUP BY day ORDER BY day;
-- duplicates: the same level twice counts once; NULL rows are skipped
SELECT logistics.time_weighted_avg(ts, v, '2024-01-03') AS twa
FROM (VALUES ('2024-01-01'::timestamptz, 10.0::float8), ('2024-01-02', 20), ('2024-01-01', 10),
             (NULL, 99), ('2024-01-02', NULL)) s(ts, v);
-- empty group: NULL
SELECT logistics.time_weighted_avg(ts, v, now()) IS NULL AS empty_null,
       logistics.stockout_rate(ts, v, now()) IS NULL AS empty_null2
FROM (SELECT now(), 1.0::float8 WHERE false) s(ts, v);
-- irregular spacing and negative levels (backorders), hand: levels 5 for 1 h,
-- -3 for 2 h, 0 for 3 h, 4 for 6 h over 12 h: (5 - 6 + 0 + 24)/12 = 23/12;
-- at or below zero for 5 of 12 hours
SELECT pg_temp.close(logistics.time_weighted_avg(ts, v, '2024-01-01 12:00'), 23.0 / 12, 1e-12) AS twa_ok,
       pg_temp.close(logistics.stockout_rate(ts, v, '2024-01-01 12:00'), 5.0 / 12, 1e-12) AS stockout_ok
FROM (VALUES ('2024-01-01 06:00'::timestamptz, 4.0::float8), ('2024-01-01 00:00', 5),
             ('2024-01-01 03:00', 0), ('2024-01-01 01:00', -3)) s(ts, v);
-- a regular run then a gap (the state switches to explicit points): hand,
-- 1 on days 1-3, 2 on day 4, 3 from day 6 to day 11: (3 + 2*2 + 3*5)/10 = 2.2
SELECT pg_temp.close(logistics.time_weighted_avg(ts, v, '2024-01-11'), 2.2, 1e-12) AS ok
FROM (VALUES ('2024-01-01'::timestamptz, 1.0::float8), ('2024-01-02', 1), ('2024-01-03', 1),
             ('2024-01-04', 2), ('2024-01-06', 3)) s(ts, v);

-- the extremes of the timestamp range (their span exceeds the int64 range of
-- microseconds): checked against exact numeric arithmetic on epoch seconds
WITH p(ts, v) AS (VALUES ('4713-01-01 00:00+00 BC'::timestamptz, 1.0::float8),
                         ('294276-01-01 00:00+00', 3.0), ('294276-06-01 00:00+00', 5.0)),
e AS (SELECT '294276-12-31 00:00+00'::timestamptz AS e)
SELECT pg_temp.close(
  (SELECT logistics.time_weighted_avg(ts, v, e) FROM p, e),
  (SELECT ((extract(epoch FROM '294276-01-01 00:00+00'::timestamptz) - extract(epoch FROM '4713-01-01 00:00+00 BC'::timestamptz)) * 1
         + (extract(epoch FROM '294276-06-01 00:00+00'::timestamptz) - extract(epoch FROM '294276-01-01 00:00+00'::timestamptz)) * 3
         + (extract(epoch FROM e) - extract(epoch FROM '294276-06-01 00:00+00'::timestamptz)) * 5)
        / (extract(epoch FROM e) - extract(epoch FROM '4713-01-01 00:00+00 BC'::timestamptz)) FROM e)::float8, 1e-12) AS extreme_span,
  (SELECT logistics.ledger_avg_level(ts, v, 0, '4713-01-01 00:00+00 BC', e) > 0 FROM p, e) AS ledger_ok;

-- whole-unit levels are kept as float4; a level that needs float8 widens the
-- series on the way (hand: 1 + 2 + 0.1 + 3*2 = 9.1 over 5 days = 1.82; 1e39
-- is beyond float4)
SELECT pg_temp.close(logistics.time_weighted_avg(ts, v, '2024-01-06'), 1.82, 1e-14) AS widened,
       pg_temp.close(logistics.time_weighted_avg(ts, v * 1e39, '2024-01-06'), 1.82e39, 1e-14) AS huge
FROM (VALUES ('2024-01-01'::timestamptz, 1.0::float8), ('2024-01-02', 2), ('2024-01-03', 0.1),
             ('2024-01-04', 3)) s(ts, v);

--
-- inventory_turnover aggregate: sum of cogs / time-weighted average value.
-- Hand: value 100 for 10 days then 300 for 10 days: average 200; cogs 50 +
-- 150 + 200 = 400: turnover 2.  A row with NULL cogs is skipped entirely.
--
SELECT logistics.inventory_turnover(ts, val, cogs, '2024-01-21') AS turnover
FROM (VALUES ('2024-01-11'::timestamptz, 300.0::float8, 150.0::float8),
             ('2024-01-01', 100, 50), ('2024-01-15', 300, 200),
             ('2024-01-20', 999, NULL)) s(ts, val, cogs);
-- equals the scalar form over the aggregate's pieces
SELECT pg_temp.close(logistics.inventory_turnover(ts, val, cogs, '2024-01-21'),
                     logistics.inventory_turnover(sum(cogs), logistics.time_weighted_avg(ts, val, '2024-01-21')), 1e-14) AS consistent
FROM (VALUES ('2024-01-11'::timestamptz, 300.0::float8, 150.0::float8),
             ('2024-01-01', 100, 50), ('2024-01-15', 300, 200)) s(ts, val, cogs);

--
-- ledger_avg_level: opening 100 over 10 days, -50 on day 6 (hand 75), and
-- consistency with time_weighted_avg on the levels the ledger implies.
--
SELECT logistics.ledger_avg_level(ts, d, 100, '2024-01-01', '2024-01-11') AS hand_75
FROM (VALUES ('2024-01-06'::timestamptz, -50.0::float8)) s(ts, d);
CREATE TEMP TABLE led AS
SELECT '2024-01-01'::timestamptz + (i * 7 % 100) * interval '1 hour' AS ts,
       ((i * 37) % 11 - 5)::float8 AS delta
FROM generate_series(1, 60) i;
SELECT pg_temp.close(
  (SELECT logistics.ledger_avg_level(ts, delta, 20, '2024-01-01', '2024-01-06') FROM led),
  (SELECT logistics.time_weighted_avg(ts, level, '2024-01-06')
   FROM (SELECT '2024-01-01'::timestamptz AS ts, 20::float8 AS level
         UNION ALL
         SELECT ts, 20 + sum(delta) OVER (ORDER BY ts RANGE UNBOUNDED PRECEDING) FROM led) l), 1e-12) AS ledger_matches_snapshots;

--
-- demand_cv against PostgreSQL's own stddev_samp / avg; with n_periods the
-- missing periods are zeros (compared with the built-ins over explicit zeros).
--
SELECT pg_temp.close(logistics.demand_cv(x), stddev_samp(x) / avg(x), 1e-12) AS cv_ok
FROM (SELECT (i * 17 % 23)::float8 + 0.5 AS x FROM generate_series(1, 500) i) s;
SELECT pg_temp.close(
  (SELECT logistics.demand_cv(x, 365) FROM (SELECT (i % 7)::float8 + 1 AS x FROM generate_series(1, 200) i) s),
  (SELECT stddev_samp(x) / avg(x) FROM (SELECT (i % 7)::float8 + 1 AS x FROM generate_series(1, 200) i
                                        UNION ALL SELECT 0 FROM generate_series(1, 165)) s), 1e-12) AS cv_periods_ok;
-- constant demand: cv 0 (X); one row or zero mean: NULL
SELECT logistics.demand_cv(x) AS cv0,
       logistics.xyz_class(logistics.demand_cv(x)) AS cls
FROM (VALUES (4.0::float8), (4), (4)) s(x);
SELECT logistics.demand_cv(x) IS NULL AS one_row FROM (VALUES (4.0::float8)) s(x);
SELECT logistics.demand_cv(x) IS NULL AS zero_mean FROM (VALUES (0.0::float8), (0)) s(x);

--
-- XYZ (defaults x = 0.5, y = 1.0; boundaries inclusive) and ABC.
--
SELECT cv, logistics.xyz_class(cv) AS xyz, logistics.xyz_class(cv, 0.25, 0.75) AS custom
FROM unnest('{0,0.25,0.5,0.51,1,1.5}'::float8[]) cv;
-- ABC, hand: total 100; sorted 50, 20, 10, 10, 5, 3, 2; the share before
-- each: 0, .5, .7, .7, .9, .95, .98: A while below 0.8 (so the item that
-- crosses 0.8 is A; the two tied 10s share the class), B below 0.95, else C
SELECT item, v, logistics.abc_class(v) OVER () AS abc,
       logistics.abc_class(v, 0.5, 0.9) OVER () AS abc_50_90
FROM (VALUES ('p', 20.0::float8), ('q', 2), ('r', 10), ('s', 50), ('t', 5), ('u', 10), ('v', 3),
             ('w', NULL)) s(item, v)
ORDER BY item;
-- per partition, and independent of the window's ORDER BY
SELECT g, v, logistics.abc_class(v) OVER (PARTITION BY g) AS unordered,
       logistics.abc_class(v) OVER (PARTITION BY g ORDER BY v) AS ordered
FROM (VALUES (1, 70.0::float8), (1, 20), (1, 10), (2, 1), (2, 1), (2, 1), (2, 1)) s(g, v)
ORDER BY g, v DESC;
-- all zero: nothing matters, all C
SELECT logistics.abc_class(v) OVER () FROM (VALUES (0.0::float8), (0)) s(v);

--
-- inventory_aging (FIFO).  Hand, as of 2024-12-31: receipts 10 (1 day old),
-- 20 (46 days), 30 (91 days), 40 (213 days); 75 issued in any order;
-- on hand 25 = the newest receipts: 10 in 0-30, 15 in 30-60.
--
SELECT logistics.inventory_aging(ts, qty, '2024-12-31') AS default_buckets,
       logistics.inventory_aging(ts, qty, '2024-12-31', '{7,50,100,365}') AS custom
FROM (VALUES ('2024-12-30'::timestamptz, 10.0::float8), ('2024-12-01', -30), ('2024-11-15', 20),
             ('2024-10-01', 30), ('2024-06-01', 40), ('2024-07-01', -45), ('2024-08-01', NULL)) s(ts, qty);
-- issues beyond receipts: nothing on hand
SELECT logistics.inventory_aging(ts, qty, '2024-12-31')
FROM (VALUES ('2024-12-30'::timestamptz, 10.0::float8), ('2024-12-31', -15)) s(ts, qty);

--
-- Wagner-Whitin: golden E (stockpyl test_wagner_whitin.py), also confirmed
-- by brute force over all order-period sets in data/inventory/reference.py.
--
SELECT id, logistics.wagner_whitin(d, k, h) = q AS plan_ok,
       logistics.wagner_whitin_cost(d, k, h) = cost AS cost_ok
FROM (VALUES ('E1', '{90,120,80,70}'::float8[], 500::float8, 2::float8, '{210,0,150,0}'::float8[], 1380::float8),
             ('E2', '{150,100,80,200}', 120, 0.8, '{150,180,0,200}', 424),
             ('E3', '{730,580,445,650,880}', 100, 0.1, '{1310,0,1095,0,880}', 423)) AS g(id, d, k, h, q, cost);
SELECT logistics.wagner_whitin('{400,500,500,1100,900}', 100, 0.1, '{3,1,4,6,6}') AS e4_plan,
       logistics.wagner_whitin_cost('{400,500,500,1100,900}', 100, 0.1, '{3,1,4,6,6}') AS e4_cost;
-- zero demand needs no order; ties go to the earlier, larger order (hand:
-- ordering 10 + 10 in period 1 costs 5 + 5 = 10, as does ordering twice)
SELECT logistics.wagner_whitin('{0,0,7,0}', 50, 1) AS zeros,
       logistics.wagner_whitin('{10,10}', 5, 0.5) AS tie;

--
-- Poisson newsvendor: golden B7-B9 (stockpyl TestNewsvendorPoisson); exact
-- sums at 50 digits in reference.py.  B9 has L = 4, so demand over 5 periods.
--
SELECT id, s = s_want AS s_ok, pg_temp.close(g, g_want) AS g_ok
FROM (VALUES
  ('B7 S*',  logistics.newsvendor_poisson(6, 4, 1),        8::bigint, logistics.newsvendor_poisson_cost(6, 4, 1),        3.570106945770946),
  ('B7 S=5', 5::bigint,                                     5,         logistics.newsvendor_poisson_cost(6, 4, 1, 5),     6.590296024616344),
  ('B8 S*',  logistics.newsvendor_poisson(18, 270, 200),    19,        logistics.newsvendor_poisson_cost(18, 270, 200),   786.0884409351115),
  ('B8 S=13', 13,                                           13,        logistics.newsvendor_poisson_cost(18, 270, 200, 13), 1445.751062891969),
  ('B9 S*',  logistics.newsvendor_poisson(18 * 5, 1.25, 0.08), 105,    logistics.newsvendor_poisson_cost(18 * 5, 1.25, 0.08), 1.5450188691551778)
) AS t(id, s, s_want, g, g_want);
-- large means stay exact: mean 1e6, critical ratio 1/2, cost = 2 E|D - S|/2
-- close to sqrt(2 mean / pi) = 797.88 (normal limit)
SELECT logistics.newsvendor_poisson(1e6, 1, 1) AS median_ish,
       abs(logistics.newsvendor_poisson_cost(1e6, 1, 1) - sqrt(2e6 / pi())) < 1 AS near_normal_limit;

--
-- (s, S) policies: golden D (stockpyl test_ss.py; Zheng and Federgruen's
-- table, D5, published to 3 decimals; D1 and D2 also found by exhaustive
-- search in reference.py).
--
SELECT 'D1' AS id, reorder_point = 4 AND order_up_to = 10 AS sS_ok, pg_temp.close(cost, 8.034111561471644) AS cost_ok
FROM logistics.ss_policy_poisson(6, 1, 4, 5)
UNION ALL
SELECT 'D2', reorder_point = 2 AND order_up_to = 7, pg_temp.close(cost, 223.5748295669688)
FROM logistics.ss_policy_poisson(4, 40, 125, 150);
SELECT pg_temp.close(logistics.ss_policy_poisson_cost(6, 1, 4, 5, 6, 18), 10.193798671644046) AS d1_6_18,
       pg_temp.close(logistics.ss_policy_poisson_cost(4, 40, 125, 150, 4, 10), 262.2755613772775) AS d2_4_10;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE p.reorder_point = g.s AND p.order_up_to = g.big_s
                          AND round(p.cost::numeric, 3) = g.cost) AS matching
FROM unnest('{10,15,20,25,30,35,40,45,50,55,60,65,70,75,21,22,23,24,51,52,59,61,63,64}'::float8[],
            '{6,10,14,19,23,28,33,37,42,47,52,56,62,67,15,16,17,18,43,44,51,52,54,55}'::bigint[],
            '{40,49,62,56,66,77,87,97,108,118,129,75,81,86,65,68,52,54,110,112,126,131,73,74}'::bigint[],
            '{35.022,42.698,49.173,54.262,57.819,61.215,64.512,67.776,70.975,74.149,77.306,78.518,79.037,79.554,50.406,51.632,52.757,53.518,71.611,72.246,76.679,77.929,78.287,78.402}'::numeric[])
       AS g(mu, s, big_s, cost),
     LATERAL logistics.ss_policy_poisson(g.mu, 1, 9, 64) p;
-- D3, D4: power approximation
SELECT pg_temp.close(reorder_point, 40.194616956474071) AS d3_s, pg_temp.close(order_up_to, 74.290170109805786) AS d3_big_s
FROM logistics.ss_policy_power(50, 8, 0.18, 0.70, 2.5);
SELECT pg_temp.close(reorder_point, 226.6137928222839) AS d4_s, pg_temp.close(order_up_to, 324.3797868133974) AS d4_big_s
FROM logistics.ss_policy_power(190, 48, 2, 36, 60);

--
-- (r, Q): golden C (stockpyl test_rq.py, Snyder and Shen ch. 5).  Ex 5.1:
-- h = 0.225, p = 7.5, K = 8, rate 1300 a year, sd 150, L = 1/12 year.
-- The EIL iteration runs to convergence; stockpyl stops at 1e-6, so its
-- figures are checked to 1e-6 relative as golden.md advises.
--
SELECT pg_temp.close(logistics.rq_cost(1300, 150, 1 / 12.0, 0.225, 7.5, 8, 126.8, 328.5), 78.07116250928294) AS c1,
       pg_temp.close(logistics.rq_cost(1300, 150, 1 / 12.0, 0.225, 7.5, 8, 100, 250), 87.34647802817499) AS c2,
       pg_temp.close(logistics.reorder_point(7.5 / (7.5 + 0.225), 1300, 150, 1 / 12.0), 190.3369965715624) AS c6_eoq_ss;
SELECT pg_temp.close(reorder_point, 213.9704421358024, 1e-6) AS c4_r,
       pg_temp.close(order_quantity, 318.5901810768729, 1e-6) AS c4_q,
       pg_temp.close(cost, 95.45114022285196, 1e-6) AS c4_g
FROM logistics.rq_policy(1300, 150, 1 / 12.0, 0.225, 7.5, 8);
SELECT pg_temp.close(reorder_point, 17.972649360167715, 1e-6) AS c10_r,
       pg_temp.close(order_quantity, 162.1231617283653, 1e-6) AS c10_q,
       pg_temp.close(cost, 531.1189321826714, 1e-6) AS c10_g
FROM logistics.rq_policy(800, 40, 4 / 365.0, 3.1, 45, 50);
-- (126.8, 328.5) is Example 5.1's optimum: every neighbour costs more
SELECT bool_and(logistics.rq_cost(1300, 150, 1 / 12.0, 0.225, 7.5, 8, 126.8 + dr, 328.5 + dq) >
                logistics.rq_cost(1300, 150, 1 / 12.0, 0.225, 7.5, 8, 126.8, 328.5)) AS c1_is_optimal
FROM (VALUES (-2, 0), (2, 0), (0, -5), (0, 5), (2, 5), (-2, -5)) AS n(dr, dq);
-- no demand variability: the deterministic integral (hand: r = 100 = mean,
-- Q = 200, rate 1200: (8*1200 + 0.225 * 200^2 / 2) / 200 = 70.5)
SELECT logistics.rq_cost(1200, 0, 1 / 12.0, 0.225, 7.5, 8, 100, 200) AS deterministic;

--
-- Bad input: SQLSTATE and message.
--
SELECT q, pg_temp.err(q) AS result FROM (VALUES
  ($$SELECT logistics.inventory_turnover(-1, 5)$$),
  ($$SELECT logistics.inventory_turnover(1, 'NaN')$$),
  ($$SELECT logistics.days_of_supply(10, -1)$$),
  ($$SELECT logistics.days_of_supply('Infinity', 1)$$),
  ($$SELECT logistics.gmroi(1, -1)$$),
  ($$SELECT logistics.sell_through(-1, 1)$$),
  ($$SELECT logistics.xyz_class(-0.1)$$),
  ($$SELECT logistics.xyz_class(0.3, 1, 0.5)$$),
  ($$SELECT logistics.abc_class(v, 0, 0.9) OVER () FROM (VALUES (1.0)) s(v)$$),
  ($$SELECT logistics.abc_class(v, 0.8, 1.5) OVER () FROM (VALUES (1.0)) s(v)$$),
  ($$SELECT logistics.abc_class(v, 0.9, 0.8) OVER () FROM (VALUES (1.0)) s(v)$$),
  ($$SELECT logistics.abc_class(v) OVER () FROM (VALUES (1.0), (-1)) s(v)$$),
  ($$SELECT logistics.abc_class(v, NULL) OVER () FROM (VALUES (1.0)) s(v)$$),
  ($$SELECT logistics.safety_stock(0, 1, 1, 1)$$),
  ($$SELECT logistics.safety_stock(1, 1, 1, 1)$$),
  ($$SELECT logistics.safety_stock(0.95, -1, 1, 1)$$),
  ($$SELECT logistics.reorder_point(0.95, 1, 1, 'NaN')$$),
  ($$SELECT logistics.reorder_point(0.95, 1, 1, 1, -2)$$),
  ($$SELECT logistics.safety_stock_fill_rate(1, 100, 1, 1, 1)$$),
  ($$SELECT logistics.safety_stock_fill_rate(0.9, 0, 1, 1, 1)$$),
  ($$SELECT logistics.expected_fill_rate(0.9, -5, 1, 1, 1)$$),
  ($$SELECT logistics.normal_loss_inverse(0)$$),
  ($$SELECT logistics.eoq(-1, 1, 1)$$),
  ($$SELECT logistics.eoq(1, 1, 0)$$),
  ($$SELECT logistics.eoq(1e300, 1e300, 1e-300)$$),
  ($$SELECT logistics.eoq_cost(1, 1, 1, 0)$$),
  ($$SELECT logistics.eoq_backorder(1, 1, 1, 0)$$),
  ($$SELECT logistics.eoq_backorder_cost(1, 1, 1, 1, 10, 1.5)$$),
  ($$SELECT logistics.epq(100, 1, 1, 100)$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{0,10}', '{5}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{}', '{}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{{0,10}}', '{{5,4}}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{0,NULL}', '{5,4}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{5,10}', '{5,4}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{0,10,10}', '{5,4,3}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{0,10}', '{4,5}')$$),
  ($$SELECT logistics.eoq_all_units(1, 1, 0.2, '{0,10}', '{5,0}')$$),
  ($$SELECT logistics.eoq_incremental(1, 0, 0.2, '{0,10}', '{5,4}')$$),
  ($$SELECT logistics.newsvendor(50, 8, 0, 1)$$),
  ($$SELECT logistics.newsvendor(50, -8, 1, 1)$$),
  ($$SELECT logistics.newsvendor_profit(50, 8, 1, 1, 0.5)$$),
  ($$SELECT logistics.newsvendor_fill_rate(0, 8, 1)$$),
  ($$SELECT logistics.time_weighted_avg(ts, 1, '2024-01-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg(ts, 1, ts) FROM (VALUES ('2024-01-02'::timestamptz), ('2024-01-03')) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg(ts, 'NaN', '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg(ts, 1, '2024-02-01') FROM (VALUES ('-infinity'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg(ts, v, '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz, 1.0::float8), ('2024-01-01', 3), ('2024-01-02', 2)) s(ts, v)$$),
  ($$SELECT logistics.stockout_rate(ts, 1, 'infinity') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg_linear(ts, 'Infinity') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.time_weighted_avg_linear(ts, v) FROM (VALUES ('2024-01-02'::timestamptz, 1.0::float8), ('2024-01-02', 2)) s(ts, v)$$),
  ($$SELECT logistics.time_weighted_avg(ts, v, ts) FROM (VALUES ('2024-01-02'::timestamptz, 1.0::float8), ('2024-01-02', 2)) s(ts, v)$$),
  ($$SELECT logistics.inventory_turnover(ts, -5, 1, '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.inventory_turnover(ts, 5, -1, '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.ledger_avg_level(ts, 1, 0, '2024-01-05', '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.ledger_avg_level(ts, 1, 0, '2024-01-01', '2024-01-02') FROM (VALUES ('2024-01-03'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.ledger_avg_level(ts, 1, 0, '2024-01-03', '2024-01-02') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.ledger_avg_level(ts, 1, o, '2024-01-01', '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz, 1.0::float8), ('2024-01-03', 2)) s(ts, o)$$),
  ($$SELECT logistics.ledger_avg_level(ts, 'Infinity', 0, '2024-01-01', '2024-02-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.demand_cv(x) FROM (VALUES (1.0), (-1)) s(x)$$),
  ($$SELECT logistics.demand_cv(x, 1) FROM (VALUES (1.0), (2)) s(x)$$),
  ($$SELECT logistics.demand_cv(x, 0) FROM (VALUES (1.0)) s(x)$$),
  ($$SELECT logistics.inventory_aging(ts, 1, '2024-01-01') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.inventory_aging(ts, 1, '2024-02-01', '{30,20}') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.inventory_aging(ts, 1, '2024-02-01', '{}') FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.inventory_aging(ts, 1, '2024-02-01', (SELECT array_agg(i::float8) FROM generate_series(1, 40) i)) FROM (VALUES ('2024-01-02'::timestamptz)) s(ts)$$),
  ($$SELECT logistics.inventory_aging(ts, 1, a) FROM (VALUES ('2024-01-02'::timestamptz, '2024-03-01'::timestamptz), ('2024-01-02', '2024-03-02')) s(ts, a)$$),
  ($$SELECT logistics.wagner_whitin('{1,-2}', 1, 1)$$),
  ($$SELECT logistics.wagner_whitin('{}', 1, 1)$$),
  ($$SELECT logistics.wagner_whitin('{1,2}', 1, 1, '{1}')$$),
  ($$SELECT logistics.wagner_whitin(array_fill(1::float8, ARRAY[10001]), 1, 1)$$),
  ($$SELECT logistics.newsvendor_poisson(-1, 1, 1)$$),
  ($$SELECT logistics.newsvendor_poisson(2e9, 1, 1)$$),
  ($$SELECT logistics.newsvendor_poisson_cost(5, 0, 1)$$),
  ($$SELECT logistics.ss_policy_poisson(0, 1, 1, 1)$$),
  ($$SELECT logistics.ss_policy_poisson(1e6, 1, 1, 1)$$),
  ($$SELECT logistics.ss_policy_poisson_cost(5, 1, 9, 64, 10, 10)$$),
  ($$SELECT logistics.ss_policy_power(50, 0, 1, 1, 1)$$),
  ($$SELECT logistics.rq_cost(1300, 150, 1 / 12.0, 0.225, 7.5, 8, 100, 0)$$),
  ($$SELECT logistics.rq_policy(1300, 150, 1 / 12.0, 0.225, 0.0001, 8)$$)
) AS t(q);
