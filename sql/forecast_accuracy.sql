--
-- Forecast accuracy measures, demand classification, demand_series.
--
-- Expected values: hand calculations in the comments, cross-checked with
-- R 4.2 / forecast 8.20 (accuracy(); sMAPE, WAPE, pinball loss and MSIS
-- written out in R from their definitions) where the comment says "R".
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS logistics;
RESET client_min_messages;
SET extra_float_digits = 0;

-- SQLSTATE and message of an error, or 'ok'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- ---------------------------------------------------------------------
-- Point measures on a small case
--   actual   y = 10, 20, 30, 40
--   forecast f = 12, 18, 33, 40     e = f - y = 2, -2, 3, 0
--   MAE   = (2 + 2 + 3 + 0) / 4 = 1.75                       (R: 1.75)
--   RMSE  = sqrt((4 + 4 + 9 + 0) / 4) = sqrt(4.25)
--         = 2.06155281280883                                 (R: 2.0615528128088303)
--   MAPE  = 100 (2/10 + 2/20 + 3/30 + 0) / 4 = 10            (R: 10)
--   sMAPE = 100 / 4 (4/22 + 4/38 + 6/63 + 0) = 25 * 1678/4389
--         = 9.55798587377535                                 (R: 9.5579858737753476)
--   WAPE  = 100 * 7 / 100 = 7
--   bias  = (2 - 2 + 3 + 0) / 4 = 0.75                       (R: ME = -0.75)
-- ---------------------------------------------------------------------
CREATE TEMP TABLE pt (k int, y float8, f float8);
INSERT INTO pt VALUES (1, 10, 12), (2, 20, 18), (3, 30, 33), (4, 40, 40);

SELECT logistics.mae(y, f), logistics.rmse(y, f), logistics.mape(y, f),
	   round(logistics.smape(y, f)::numeric, 12) AS smape,
	   logistics.wape(y, f), logistics.bias(y, f)
FROM pt;

-- the same through arrays
SELECT logistics.mae(y, f), logistics.rmse(y, f), logistics.mape(y, f),
	   round(logistics.smape(y, f)::numeric, 12) AS smape,
	   logistics.wape(y, f), logistics.bias(y, f)
FROM (SELECT array_agg(y ORDER BY k) y, array_agg(f ORDER BY k) f FROM pt) a;

-- all at once (mase NULL without a scale)
SELECT (logistics.accuracy(y, f)).* FROM pt;
SELECT (logistics.accuracy(ARRAY[10, 20, 30, 40]::float8[],
						   ARRAY[12, 18, 33, 40]::float8[])).*;

-- ---------------------------------------------------------------------
-- MASE: the scale is the in-sample MAE of the seasonal naive forecast.
--   train = 8, 9, 11, 10, 12
--   m = 1: |1| |2| |1| |2| -> 6/4 = 1.5;  MASE = 1.75 / 1.5 = 1.16666666666667
--          (R accuracy() of a ts with frequency 1: 1.1666666666666665)
--   m = 2: |11-8| |10-9| |12-11| -> 5/3;  MASE = 1.75 / (5/3) = 1.05
--          (R, frequency 2: 1.04999999999999982)
-- ---------------------------------------------------------------------
SELECT logistics.mase_scale(ARRAY[8, 9, 11, 10, 12]::float8[]) AS scale_m1,
	   logistics.mase_scale(ARRAY[8, 9, 11, 10, 12]::float8[], 2) AS scale_m2;

SELECT round(logistics.mase(ARRAY[10, 20, 30, 40]::float8[], ARRAY[12, 18, 33, 40]::float8[],
							ARRAY[8, 9, 11, 10, 12]::float8[])::numeric, 12) AS mase_m1,
	   round(logistics.mase(ARRAY[10, 20, 30, 40]::float8[], ARRAY[12, 18, 33, 40]::float8[],
							ARRAY[8, 9, 11, 10, 12]::float8[], 2)::numeric, 12) AS mase_m2;

-- aggregate form: the scale is an argument (here from mase_scale)
SELECT round(logistics.mase(y, f, logistics.mase_scale(ARRAY[8, 9, 11, 10, 12]::float8[], 2))::numeric, 12) AS mase_m2,
	   round(((logistics.accuracy(y, f, 5.0 / 3)).mase)::numeric, 12) AS accuracy_mase_m2
FROM pt;

SELECT (logistics.accuracy(ARRAY[10, 20, 30, 40]::float8[], ARRAY[12, 18, 33, 40]::float8[],
						   ARRAY[8, 9, 11, 10, 12]::float8[])).*;

-- Over several series the scale differs by row: the aggregate is the mean
-- of the scaled errors |e| / scale.  Series a: errors 1, 3 with scale 2;
-- series b: errors 4, 4, 4 with scale 8 -> (0.5 + 1.5 + 0.5 * 3) / 5 = 0.7.
-- Per series: a 1.0, b 0.5; the mean of the two is 0.75.
CREATE TEMP TABLE panel (s text, y float8, f float8, scale float8);
INSERT INTO panel VALUES ('a', 10, 11, 2), ('a', 10, 7, 2),
	('b', 0, 4, 8), ('b', 10, 6, 8), ('b', 5, 9, 8);
SELECT logistics.mase(y, f, scale) AS all_rows FROM panel;
SELECT s, logistics.mase(y, f, scale) FROM panel GROUP BY s ORDER BY s;
SELECT avg(m) AS mean_of_series FROM (SELECT logistics.mase(y, f, scale) m FROM panel GROUP BY s) x;

-- a constant training series leaves the scale and MASE undefined: NULL,
-- and rows with a NULL scale are skipped by the aggregate
SELECT logistics.mase_scale(ARRAY[5, 5, 5]::float8[]) IS NULL AS scale_null,
	   logistics.mase(ARRAY[1]::float8[], ARRAY[2]::float8[], ARRAY[5, 5, 5]::float8[]) IS NULL AS mase_null,
	   (logistics.accuracy(ARRAY[1]::float8[], ARRAY[2]::float8[], ARRAY[5, 5, 5]::float8[])).mase IS NULL AS accuracy_mase_null,
	   logistics.mase_scale(ARRAY[1, 5, 1, 5]::float8[], 2) IS NULL AS seasonal_constant;
SELECT logistics.mase(y, f, logistics.mase_scale(ARRAY[5, 5, 5]::float8[])) IS NULL AS all_skipped FROM pt;

-- ---------------------------------------------------------------------
-- Zero actuals (intermittent demand)
--   y = 0, 2, 0, 1;  f = 0, 1, 0.5, 1
--   MAPE  over actual <> 0 only: 100 (1/2 + 0) / 2 = 25      (R: Inf, it divides by 0)
--   sMAPE terms: 0/0 -> 0, 200/3, 200 * 0.5/0.5 = 200, 0
--         -> (0 + 66.667 + 200 + 0) / 4 = 66.6666666666667   (R, with 0/0 := 0: 66.666666666666671)
--   WAPE  = 100 * 1.5 / 3 = 50;  MAE 0.375;  RMSE sqrt(1.25/4) = 0.559016994374947
--   bias  = (0 - 1 + 0.5 + 0) / 4 = -0.125                   (R: ME = 0.125)
-- ---------------------------------------------------------------------
SELECT (logistics.accuracy(ARRAY[0, 2, 0, 1]::float8[], ARRAY[0, 1, 0.5, 1]::float8[])).*;

-- every actual zero: MAPE and WAPE undefined (NULL), sMAPE 200 when the
-- forecast is not 0, 0 when it is
SELECT (logistics.accuracy(ARRAY[0, 0]::float8[], ARRAY[0, 3]::float8[])).*;
SELECT logistics.smape(ARRAY[0]::float8[], ARRAY[0]::float8[]) AS both_zero,
	   logistics.smape(ARRAY[0]::float8[], ARRAY[5]::float8[]) AS actual_zero,
	   logistics.smape(ARRAY[-2]::float8[], ARRAY[2]::float8[]) AS opposite_signs;

-- ---------------------------------------------------------------------
-- Pinball loss: y = 10, 20, 30;  f = 12, 15, 30
--   q = 0.9: (1 - 0.9) * 2 + 0.9 * 5 + 0 = 4.7 -> 4.7 / 3 = 1.56666666666667   (R: 1.5666666666666667)
--   q = 0.1: 0.9 * 2 + 0.1 * 5 + 0 = 2.3 -> 0.766666666666667                   (R: 0.76666666666666672)
--   q = 0.5 is half the MAE: 0.5 * (2 + 5) / 3 = 1.16666666666667
-- ---------------------------------------------------------------------
SELECT round(logistics.pinball_loss(y, f, 0.9)::numeric, 12) AS q90,
	   round(logistics.pinball_loss(y, f, 0.1)::numeric, 12) AS q10,
	   round(logistics.pinball_loss(y, f, 0.5)::numeric, 12) AS q50,
	   round((logistics.mae(y, f) / 2)::numeric, 12) AS half_mae
FROM (VALUES (10::float8, 12::float8), (20, 15), (30, 30)) v(y, f);
SELECT round(logistics.pinball_loss(ARRAY[10, 20, 30]::float8[], ARRAY[12, 15, 30]::float8[], 0.9)::numeric, 12) AS q90;

-- ---------------------------------------------------------------------
-- Interval coverage and MSIS (M4), alpha = 0.05 so 2/alpha = 40
--   y = 10, 20, 30, 40;  lower = 8, 21, 25, 40;  upper = 12, 25, 29, 45
--   inside: yes, no (below), no (above), yes (on the bound) -> coverage 0.5
--   IS: 4;  4 + 40 * (21 - 20) = 44;  4 + 40 * (30 - 29) = 44;  5 -> mean 97/4 = 24.25
--   MSIS with train 8, 9, 11, 10, 12: m = 1 scale 1.5 -> 16.1666666666667   (R: 16.166666666666668)
--                                     m = 2 scale 5/3 -> 14.55              (R: 14.549999999999999)
-- ---------------------------------------------------------------------
CREATE TEMP TABLE iv (y float8, lo float8, hi float8);
INSERT INTO iv VALUES (10, 8, 12), (20, 21, 25), (30, 25, 29), (40, 40, 45);
SELECT logistics.coverage(y, lo, hi),
	   round(logistics.msis(y, lo, hi, 1.5, 0.05)::numeric, 12) AS msis_m1,
	   round(logistics.msis(y, lo, hi, 5.0 / 3, 0.05)::numeric, 12) AS msis_m2,
	   logistics.msis(y, lo, hi, 1, 0.05) AS mean_interval_score
FROM iv;
SELECT logistics.coverage(ARRAY[10, 20, 30, 40]::float8[], ARRAY[8, 21, 25, 40]::float8[], ARRAY[12, 25, 29, 45]::float8[]),
	   round(logistics.msis(ARRAY[10, 20, 30, 40]::float8[], ARRAY[8, 21, 25, 40]::float8[], ARRAY[12, 25, 29, 45]::float8[],
							ARRAY[8, 9, 11, 10, 12]::float8[])::numeric, 12) AS msis_m1,
	   round(logistics.msis(ARRAY[10, 20, 30, 40]::float8[], ARRAY[8, 21, 25, 40]::float8[], ARRAY[12, 25, 29, 45]::float8[],
							ARRAY[8, 9, 11, 10, 12]::float8[], 2, 0.05)::numeric, 12) AS msis_m2;
-- a 80% interval (alpha 0.2, 2/alpha = 10): IS 4, 14, 14, 5 -> 37/4 = 9.25
SELECT logistics.msis(y, lo, hi, 1, 0.2) FROM iv;

-- ---------------------------------------------------------------------
-- NULLs and empty input
-- ---------------------------------------------------------------------
-- rows with a NULL in a required argument are skipped
SELECT logistics.mae(y, f), logistics.coverage(y, f - 1, f + 1), logistics.pinball_loss(y, f, q)
FROM (VALUES (1::float8, 2::float8, 0.5::float8), (NULL, 5, 0.5), (3, NULL, 0.5), (1, 1, NULL)) v(y, f, q);
-- an empty group gives NULL, an empty array too
SELECT logistics.mae(y, f) AS mae, logistics.rmse(y, f) AS rmse, logistics.mape(y, f) AS mape,
	   logistics.smape(y, f) AS smape, logistics.wape(y, f) AS wape, logistics.bias(y, f) AS bias,
	   logistics.mase(y, f, 1) AS mase, logistics.pinball_loss(y, f, 0.5) AS pinball,
	   logistics.coverage(y, f, f) AS coverage, logistics.msis(y, f, f, 1, 0.05) AS msis,
	   logistics.accuracy(y, f) AS accuracy, logistics.accuracy(y, f, 1) AS accuracy_scaled
FROM pt WHERE false;
SELECT logistics.mae(NULL::float8, NULL::float8) AS all_null_rows;
SELECT logistics.mae('{}'::float8[], '{}'::float8[]) AS mae,
	   logistics.mase('{}'::float8[], '{}'::float8[], ARRAY[1, 2]::float8[]) AS mase,
	   logistics.coverage('{}'::float8[], '{}'::float8[], '{}'::float8[]) AS coverage,
	   logistics.accuracy('{}'::float8[], '{}'::float8[]) AS accuracy;
-- STRICT array forms
SELECT logistics.mae(NULL::float8[], ARRAY[1]::float8[]) AS mae_null;

-- ---------------------------------------------------------------------
-- Bad input
-- ---------------------------------------------------------------------
SELECT pg_temp.err($$SELECT logistics.mae(y, f) FROM (VALUES (1::float8, 'NaN'::float8)) v(y, f)$$);
SELECT pg_temp.err($$SELECT logistics.rmse(y, f) FROM (VALUES ('Infinity'::float8, 1::float8)) v(y, f)$$);
SELECT pg_temp.err($$SELECT logistics.mae(ARRAY[1, 'NaN']::float8[], ARRAY[1, 2]::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.mae(ARRAY[1, 2]::float8[], ARRAY[1, 2, 3]::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.smape(ARRAY[1, NULL]::float8[], ARRAY[1, 2]::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.wape(ARRAY[[1, 2], [3, 4]]::float8[], ARRAY[1, 2, 3, 4]::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.pinball_loss(1, 2, 1.0)$$);
SELECT pg_temp.err($$SELECT logistics.pinball_loss(1, 2, 0)$$);
SELECT pg_temp.err($$SELECT logistics.pinball_loss(ARRAY[1]::float8[], ARRAY[2]::float8[], 'NaN')$$);
SELECT pg_temp.err($$SELECT logistics.mase(1, 2, 0)$$);
SELECT pg_temp.err($$SELECT logistics.mase(1, 2, -1)$$);
SELECT pg_temp.err($$SELECT logistics.mase(ARRAY[1]::float8[], ARRAY[2]::float8[], ARRAY[1, 2]::float8[], 0)$$);
SELECT pg_temp.err($$SELECT logistics.mase(ARRAY[1]::float8[], ARRAY[2]::float8[], ARRAY[1, 2]::float8[], 2)$$);
SELECT pg_temp.err($$SELECT logistics.mase_scale(ARRAY[1, 'Infinity']::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.coverage(5, 3, 2)$$);
SELECT pg_temp.err($$SELECT logistics.coverage(ARRAY[5]::float8[], ARRAY[3]::float8[], ARRAY[2, 4]::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.msis(5, 3, 6, 1, 1.5)$$);
SELECT pg_temp.err($$SELECT logistics.msis(ARRAY[5]::float8[], ARRAY[3]::float8[], ARRAY[6]::float8[], ARRAY[1, 2]::float8[], 1, 0)$$);
SELECT pg_temp.err($$SELECT logistics.accuracy(ARRAY[1]::float8[], ARRAY[1, 2]::float8[], ARRAY[1, 2]::float8[])$$);
-- results beyond float8 are an error, not Infinity
SELECT pg_temp.err($$SELECT logistics.rmse(ARRAY[0]::float8[], ARRAY[1e200]::float8[])$$);
-- the full message with its hint
SELECT logistics.mase(1, 2, 0);

-- ---------------------------------------------------------------------
-- M3 check: the naive forecast (last training value) of five M3 series
-- (data/accuracy/, from repo robjhyndman/Mcomp), scored with these
-- functions and with R's forecast 8.20: naive(x, h) and accuracy() with the
-- test period as a ts of the series' frequency (so MASE is scaled by the
-- seasonal-naive MAE with lag = frequency, lag 1 for yearly and other),
-- and mean(200 * abs(y - f) / (abs(y) + abs(f))) for sMAPE:
--   id    m   sMAPE              MASE               MAE               RMSE               MAPE              ME (= -bias)
--   N0001  1  36.81967204083199  7.703517560695273  2368.13833333333  2701.674182523990  30.1261334672218   2368.138333333334
--   N0700  4  15.16155484398481  1.453039992596669   932.27500000000   990.965614943324  13.9807240498057    932.275000000000
--   N1402 12  55.49685158047510  0.460758377425044  1100.00000000000  1346.105493637107 132.3768659486393   -393.333333333333
--   N2000 12  29.00078938224087  0.972779731935536  1237.22222222222  1383.461841420524  36.0106859461195  -1237.222222222222
--   N2900  1   6.83389320383567  4.065430568079351   290.87500000000   314.616631791773   7.1211278078684   -290.875000000000
--   means over the five series: sMAPE 28.6625522102737, MASE 2.93110524614637
-- ---------------------------------------------------------------------
CREATE TEMP TABLE m3_info (id text, category text, m int, n int, h int);
CREATE TEMP TABLE m3_train (id text, t int, value float8);
CREATE TEMP TABLE m3_test (id text, t int, value float8);
\copy m3_info FROM 'data/accuracy/m3_sample_info.csv' WITH (FORMAT csv, HEADER)
\copy m3_train FROM 'data/accuracy/m3_sample_train.csv' WITH (FORMAT csv, HEADER)
\copy m3_test FROM 'data/accuracy/m3_sample_test.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE m3_r (id text, smape float8, mase float8, mae float8, rmse float8, mape float8, me float8);
INSERT INTO m3_r VALUES
	('N0001', 36.81967204083199, 7.703517560695273, 2368.13833333333, 2701.674182523990, 30.1261334672218, 2368.138333333334),
	('N0700', 15.16155484398481, 1.453039992596669, 932.27500000000, 990.965614943324, 13.9807240498057, 932.275000000000),
	('N1402', 55.49685158047510, 0.460758377425044, 1100.00000000000, 1346.105493637107, 132.3768659486393, -393.333333333333),
	('N2000', 29.00078938224087, 0.972779731935536, 1237.22222222222, 1383.461841420524, 36.0106859461195, -1237.222222222222),
	('N2900', 6.83389320383567, 4.065430568079351, 290.87500000000, 314.616631791773, 7.1211278078684, -290.875000000000);
CREATE TEMP VIEW m3 AS
SELECT i.id, i.m, i.h, tr.y AS train, te.y AS test,
	   array_fill(tr.y[i.n], ARRAY[i.h]) AS naive
FROM m3_info i
CROSS JOIN LATERAL (SELECT array_agg(value ORDER BY t) y FROM m3_train WHERE id = i.id) tr
CROSS JOIN LATERAL (SELECT array_agg(value ORDER BY t) y FROM m3_test WHERE id = i.id) te;

-- array forms
SELECT m3.id, m3.m,
	   round(logistics.smape(test, naive)::numeric, 10) AS smape,
	   round(logistics.mase(test, naive, train, m)::numeric, 10) AS mase,
	   abs(logistics.smape(test, naive) - r.smape) < 1e-10 * r.smape AS smape_matches_r,
	   abs(logistics.mase(test, naive, train, m) - r.mase) < 1e-10 * r.mase AS mase_matches_r
FROM m3 JOIN m3_r r USING (id) ORDER BY id;
-- the other measures of R's accuracy() through the composite
SELECT id, abs(a.mae - r.mae) < 1e-10 * r.mae AS mae, abs(a.rmse - r.rmse) < 1e-10 * r.rmse AS rmse,
	   abs(a.mape - r.mape) < 1e-10 * r.mape AS mape, abs(a.bias + r.me) < 1e-10 * abs(r.me) AS bias_is_minus_me,
	   abs(a.mase - r.mase) < 1e-10 * r.mase AS mase
FROM m3 JOIN m3_r r USING (id), logistics.accuracy(test, naive, train, m) a
ORDER BY id;

-- aggregate forms over the test rows, per series and over all of them
CREATE TEMP VIEW m3_rows AS
SELECT m3.id, u.y, u.f, logistics.mase_scale(train, m) AS scale
FROM m3, unnest(test, naive) u(y, f);
SELECT id, round(logistics.smape(y, f)::numeric, 10) AS smape,
	   round(logistics.mase(y, f, scale)::numeric, 10) AS mase
FROM m3_rows GROUP BY id ORDER BY id;
-- the M3 convention averages over series, each the mean over its horizon
SELECT round(avg(s)::numeric, 10) AS mean_smape, round(avg(m)::numeric, 10) AS mean_mase
FROM (SELECT logistics.smape(y, f) s, logistics.mase(y, f, scale) m FROM m3_rows GROUP BY id) x;

-- ---------------------------------------------------------------------
-- demand_class, demand_profile
--   ADI = n / (periods with demand > 0); CV^2 = (sd / mean)^2 of the
--   non-zero sizes, sd with divisor k - 1 (R's sd()); one non-zero: 0.
--   Values by hand and R (sd(nz) / mean(nz))^2:
--   0,3,0,0,5,0,4,0        ADI 8/3, sizes 3,5,4: mean 4, var 2/2 = 1, CV^2 1/16   intermittent
--   5,6,5,4,6,5            ADI 1, mean 31/6, var 17/30, CV^2 0.0212278876170656   smooth
--   1,10,1,10              ADI 1, mean 5.5, var 27, CV^2 27/30.25 = 0.892561983   erratic
--   0,1,0,10,0,0,1,0,0,10  ADI 2.5, same sizes                                     lumpy
--   0,0,7,0                ADI 4, CV^2 0 (one demand)                               intermittent
--   7                      ADI 1, CV^2 0                                            smooth
--   8 zeros then 25 demands: ADI 33/25 = 1.32 exactly, on the cut-off -> above it   intermittent
-- ---------------------------------------------------------------------
SELECT y, logistics.demand_class(y), (logistics.demand_profile(y)).*
FROM (VALUES (1, '{0,3,0,0,5,0,4,0}'::float8[]), (2, '{5,6,5,4,6,5}'), (3, '{1,10,1,10}'),
			 (4, '{0,1,0,10,0,0,1,0,0,10}'), (5, '{0,0,7,0}'), (6, '{7}'),
			 (7, '{0,0,0,0,0,0,0,0,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3,2}'),
			 (8, '{0,0,0}'), (9, '{}')) v(k, y)
ORDER BY k;
SELECT round(cv2::numeric, 15) AS cv2_smooth FROM logistics.demand_profile('{5,6,5,4,6,5}');
SELECT pg_temp.err($$SELECT logistics.demand_class('{1,-2,3}')$$);
SELECT pg_temp.err($$SELECT logistics.demand_class('{1,NaN,3}')$$);
SELECT pg_temp.err($$SELECT logistics.demand_class('{1,NULL,3}')$$);
SELECT pg_temp.err($$SELECT logistics.demand_profile('{{1,2},{3,4}}')$$);
SELECT logistics.demand_class(NULL) IS NULL AS strict;

-- ---------------------------------------------------------------------
-- demand_series
-- ---------------------------------------------------------------------
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
CREATE TEMP TABLE ol (sku text, ts timestamptz, qty float8);
INSERT INTO ol VALUES
	('A', '2023-12-31 23:59:59', 100),		-- before from_ts: ignored
	('A', '2024-01-01 00:00', 1),			-- day 1
	('A', '2024-01-01 23:59:59.999999', 2),	-- day 1
	('A', '2024-01-02 00:00', 4),			-- day 2
	('A', '2024-01-04 12:00', 8),			-- day 4
	('A', '2024-01-07 23:00', 16),			-- day 7
	('A', '2024-01-08 00:00', 32),			-- at to_ts: ignored
	('A', '2024-01-05 00:00', NULL),		-- NULL qty: skipped
	('A', NULL, 64),						-- NULL ts: skipped
	('B', '2024-01-03 08:00', 5),
	('B', '2024-01-03 09:00', 0.5),
	('C', '2025-06-01', 7);					-- outside: all zeros

-- days: {1+2, 4, 0, 8, 0, 0, 16} = {3,4,0,8,0,0,16}
SELECT sku, logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2024-01-08')
FROM ol GROUP BY sku ORDER BY sku;
-- 2 days: the 4th bucket [Jan 7, Jan 9) is cut at to_ts = Jan 8: {7, 8, 0, 16}
SELECT logistics.demand_series(ts, qty, '2 days', '2024-01-01', '2024-01-08') FROM ol WHERE sku = 'A';
-- a week is 7 days: one bucket; 6 hours: 28 buckets, hand-placed below
SELECT logistics.demand_series(ts, qty, '1 week', '2024-01-01', '2024-01-08') AS week,
	   logistics.demand_series(ts, qty, '7 days', '2024-01-01', '2024-01-08') AS seven_days
FROM ol WHERE sku = 'A';
-- 6 hours from Jan 1: 00:00 -> 0, 23:59 -> 3, Jan 2 00:00 -> 4, Jan 4 12:00 -> 14, Jan 7 23:00 -> 27
SELECT k - 1 AS bucket, v FROM unnest(
	(SELECT logistics.demand_series(ts, qty, '6 hours', '2024-01-01', '2024-01-08') FROM ol WHERE sku = 'A'))
	WITH ORDINALITY u(v, k)
WHERE v <> 0;
SELECT array_length(logistics.demand_series(ts, qty, '6 hours', '2024-01-01', '2024-01-08'), 1) AS buckets
FROM ol WHERE sku = 'A';

-- months: bucket k starts at from_ts + k months, as timestamptz + interval
-- computes it (the day of month is clamped: Jan 31, Feb 29, Mar 31, Apr 30,
-- May 31); to_ts Jun 1 makes 5 buckets, the last cut at Jun 1
SELECT k, '2024-01-31'::timestamptz + k * interval '1 month' AS bucket_start
FROM generate_series(0, 5) k;
SELECT logistics.demand_series(ts, qty, '1 month', '2024-01-31', '2024-06-01')
FROM (VALUES ('2024-01-31 00:00'::timestamptz, 1::float8), ('2024-02-28 23:59', 2),
			 ('2024-02-29 00:00', 4), ('2024-03-30', 8), ('2024-03-31', 16),
			 ('2024-05-31 12:00', 32), ('2024-06-01', 64)) v(ts, qty);
-- quarters: 3 months from Jan 1, 2 years -> 8 buckets
SELECT logistics.demand_series(ts, 1, '3 months', '2024-01-01', '2026-01-01')
FROM generate_series('2024-01-01'::timestamptz, '2025-12-31', '1 day') ts;

-- Buckets follow the UTC calendar, never the session time zone (issue 17:
-- Citus does not pass TimeZone to its workers, so the series would depend
-- on where the aggregate ran).  In New York across the spring-forward
-- change (Sun 10 Mar 2024) a '1 day' bucket is 24 hours, as '24 hours' is.
-- Independent check: the bucket of a row is floor((ts - from_ts) / 24 h).
SET timezone = 'America/New_York';
CREATE TEMP TABLE dst AS
SELECT ('2024-03-08 00:30'::timestamp + h * interval '1 hour')::timestamptz AS ts, (h % 7 + 1)::float8 AS qty
FROM generate_series(0, 5 * 24 - 2) h;
SELECT logistics.demand_series(ts, qty, '1 day', '2024-03-08', '2024-03-13') AS calendar_days,
	   (SELECT array_agg(s ORDER BY d) FROM (SELECT floor(extract(epoch FROM ts - '2024-03-08'::timestamptz) / 86400) d, sum(qty) s
											 FROM dst GROUP BY 1) x) AS by_elapsed_days,
	   logistics.demand_series(ts, qty, '24 hours', '2024-03-08', '2024-03-13') AS elapsed_24h
FROM dst;

-- Many rows, months, weeks and days in a time zone with daylight saving,
-- against an independent count: width_bucket() of each row among the
-- bucket starts from_ts + k * bucket (k = 0 .. K-1) on the UTC calendar.
CREATE TEMP TABLE big AS
SELECT (i % 3)::text AS sku,
	   '2023-12-25 00:00 America/New_York'::timestamptz + ((i * 7919) % 66000) * interval '1 hour' AS ts,
	   ((i * 31) % 17)::float8 AS qty
FROM generate_series(1, 20000) i;
CREATE TEMP VIEW big_check AS
SELECT b.bucket, b.sku,
	   (SELECT logistics.demand_series(ts, qty, b.bucket, '2024-01-01', '2031-06-15')
		FROM big WHERE sku = b.sku) AS ours,
	   (SELECT array_agg(coalesce(x.s, 0) ORDER BY k)
		FROM generate_series(1, b.nb) k
		LEFT JOIN (SELECT width_bucket(ts, b.starts) AS wb, sum(qty) AS s FROM big
				   WHERE sku = b.sku AND ts >= '2024-01-01' AND ts < '2031-06-15'
				   GROUP BY 1) x ON x.wb = k) AS independent
FROM (SELECT bucket, nb, sku,
			 (SELECT array_agg((('2024-01-01'::timestamptz AT TIME ZONE 'UTC') + k * bucket) AT TIME ZONE 'UTC' ORDER BY k)
			  FROM generate_series(0, nb - 1) k) AS starts
	  FROM (VALUES ('1 month'::interval, 90), ('7 days', 389), ('1 day', 2722)) b(bucket, nb)
	  CROSS JOIN (VALUES ('0'), ('1')) s(sku)) b;
SELECT bucket, sku, array_length(ours, 1) AS buckets, ours = independent AS equal,
	   (SELECT sum(v) FROM unnest(ours) v) AS total
FROM big_check ORDER BY bucket, sku;
SELECT sku, sum(qty) AS total_in_range FROM big
WHERE ts >= '2024-01-01' AND ts < '2031-06-15' GROUP BY sku ORDER BY sku;
RESET timezone;
SET timezone = 'UTC';

-- maximum 100000 buckets
SELECT array_length(logistics.demand_series(now(), 1, '1 minute', '2024-01-01', '2024-01-01'::timestamptz + 100000 * interval '1 minute'), 1);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 minute', '2024-01-01', '2024-01-01'::timestamptz + 100001 * interval '1 minute')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 second', '2024-01-01', '2025-01-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 day', '2024-01-01', '9999-01-01')$$);
-- bad parameters
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '0 days', '2024-01-01', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '-1 day', '2024-01-01', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 day -1 hour', '2024-01-01', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 month 1 day', '2024-01-01', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 day', '2024-02-01', '2024-01-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 day', '2024-02-01', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(now(), 1, '1 day', '-infinity', '2024-02-01')$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2024-01-08') FROM (VALUES (now(), -1::float8)) v(ts, qty)$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2024-01-08') FROM (VALUES (now(), 'NaN'::float8)) v(ts, qty)$$);
SELECT pg_temp.err($$SELECT logistics.demand_series('2024-01-02', 1e308, '1 day', '2024-01-01', '2024-01-08') FROM generate_series(1, 2)$$);
-- the parameters must be the same for every row of a group
SELECT pg_temp.err($$SELECT logistics.demand_series(ts, 1, '1 day', '2024-01-01', t) FROM (VALUES (now(), '2024-02-01'::timestamptz), (now(), '2024-03-01')) v(ts, t)$$);
SELECT pg_temp.err($$SELECT logistics.demand_series(ts, 1, b, '2024-01-01', '2024-02-01') FROM (VALUES (now(), '1 day'::interval), (now(), '24 hours')) v(ts, b)$$);
SELECT logistics.demand_series(now(), 1, '1 month 1 day', '2024-01-01', '2024-02-01');
-- empty group: NULL
SELECT logistics.demand_series(ts, qty, '1 day', '2024-01-01', '2024-01-08') IS NULL AS empty_is_null FROM ol WHERE false;

-- ---------------------------------------------------------------------
-- Parallel plans give the same results as serial ones.  Values are
-- integers, so every sum is exact in any order; ratios are compared to
-- 1e-12.  The leader does not participate, so every partial state crosses
-- the serialize/deserialize boundary.
-- ---------------------------------------------------------------------
CREATE TABLE acc_par AS
SELECT i, (i % 4)::text AS sku,
	   (i % 13)::float8 AS y, ((i * 7) % 11)::float8 AS f,
	   ((i * 7) % 11 - 3)::float8 AS lo, ((i * 7) % 11 + 3)::float8 AS hi,
	   1 + (i % 3)::float8 AS scale,
	   '2024-01-01'::timestamptz + (i * 3571 % 525600) * interval '1 minute' AS ts
FROM generate_series(1, 50000) i;
ALTER TABLE acc_par SET (parallel_workers = 2);
ANALYZE acc_par;

CREATE TEMP VIEW par_q AS
SELECT sku, logistics.accuracy(y, f, scale) AS acc,
	   logistics.pinball_loss(y, f, 0.8) AS pinball,
	   logistics.coverage(y, lo, hi) AS coverage,
	   logistics.msis(y, lo, hi, scale, 0.1) AS msis,
	   logistics.demand_series(ts, y, '1 week', '2024-01-01', '2025-01-01') AS weekly,
	   logistics.demand_series(ts, y, '1 month', '2024-01-01', '2025-01-01') AS monthly
FROM acc_par GROUP BY sku;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE par_serial AS SELECT * FROM par_q;
CREATE TEMP TABLE tot_serial AS
SELECT logistics.accuracy(y, f, scale) AS acc, logistics.coverage(y, lo, hi) AS coverage,
	   logistics.demand_series(ts, f, '1 day', '2024-01-01', '2025-01-01') AS daily
FROM acc_par;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT logistics.accuracy(y, f, scale), logistics.coverage(y, lo, hi),
	   logistics.demand_series(ts, f, '1 day', '2024-01-01', '2025-01-01')
FROM acc_par;
EXPLAIN (COSTS OFF) SELECT * FROM par_q;
-- the workers did run (so their states were serialized to the leader)
CREATE FUNCTION pg_temp.workers_launched(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
		IF l ~ 'Workers Launched' THEN
			RETURN NEXT trim(l);
		END IF;
	END LOOP;
END $$;
SELECT pg_temp.workers_launched('SELECT * FROM par_q');

SELECT s.sku,
	   (p.acc).n = (s.acc).n AS n,
	   abs((p.acc).mae - (s.acc).mae) <= 1e-12 * (s.acc).mae AS mae,
	   abs((p.acc).rmse - (s.acc).rmse) <= 1e-12 * (s.acc).rmse AS rmse,
	   abs((p.acc).mape - (s.acc).mape) <= 1e-12 * (s.acc).mape AS mape,
	   abs((p.acc).smape - (s.acc).smape) <= 1e-12 * (s.acc).smape AS smape,
	   abs((p.acc).wape - (s.acc).wape) <= 1e-12 * (s.acc).wape AS wape,
	   abs((p.acc).bias - (s.acc).bias) <= 1e-12 * abs((s.acc).bias) AS bias,
	   abs((p.acc).mase - (s.acc).mase) <= 1e-12 * (s.acc).mase AS mase,
	   abs(p.pinball - s.pinball) <= 1e-12 * s.pinball AS pinball,
	   p.coverage = s.coverage AS coverage,
	   abs(p.msis - s.msis) <= 1e-12 * s.msis AS msis,
	   p.weekly = s.weekly AS weekly, p.monthly = s.monthly AS monthly
FROM par_q p JOIN par_serial s USING (sku) ORDER BY sku;

SELECT (p.acc).n = (s.acc).n AS n,
	   abs((p.acc).smape - (s.acc).smape) <= 1e-12 * (s.acc).smape AS smape,
	   abs((p.acc).mase - (s.acc).mase) <= 1e-12 * (s.acc).mase AS mase,
	   p.coverage = s.coverage AS coverage,
	   p.daily = s.daily AS daily
FROM (SELECT logistics.accuracy(y, f, scale) AS acc, logistics.coverage(y, lo, hi) AS coverage,
			 logistics.demand_series(ts, f, '1 day', '2024-01-01', '2025-01-01') AS daily
	  FROM acc_par) p, tot_serial s;

-- what the parallel run computed, against plain SQL over the same rows
SELECT (acc).n, round((acc).mae::numeric, 10) AS mae, round((acc).bias::numeric, 10) AS bias,
	   round(coverage::numeric, 10) AS coverage,
	   (SELECT sum(v) FROM unnest(daily) v) AS daily_total
FROM tot_serial;
SELECT count(*) AS n, round(avg(abs(f - y))::numeric, 10) AS mae, round(avg(f - y)::numeric, 10) AS bias,
	   round(avg((y BETWEEN lo AND hi)::int)::numeric, 10) AS coverage, sum(f) AS daily_total
FROM acc_par;

RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE acc_par CASCADE;
