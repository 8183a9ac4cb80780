--
-- Several seasonal periods: method 'mstl', the int[] overloads and
-- logistics.mstl().
--
-- Expected values: R 4.2 / forecast 8.20 on the taylor half-hourly series
-- (periods 48 and 336), written by data/mstl/reference.R: mstl() and
-- forecast(mstl(), h = 336, level = c(80, 95)).  Agreement is required to
-- 1e-6 relative (the issue's target); the kernel is also unit-tested on a
-- short series (test/unit/test_forecast_stl.c).
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS logistics CASCADE;
RESET client_min_messages;
SET extra_float_digits = 0;

CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE taylor_long (t int, value float8);
\copy taylor_long FROM 'data/mstl/taylor.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE taylor AS SELECT array_agg(value ORDER BY t) AS y FROM taylor_long;
CREATE TEMP TABLE r_mstl (t int, trend float8, seasonal48 float8, seasonal336 float8,
						  remainder float8);
\copy r_mstl FROM PROGRAM 'gzip -dc data/mstl/taylor_mstl_r.csv.gz' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE r_fc (step int, mean float8, lower80 float8, upper80 float8,
						lower95 float8, upper95 float8);
\copy r_fc FROM 'data/mstl/taylor_forecast_r.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE r_fa (step int, mean float8, lower95 float8, upper95 float8);
\copy r_fa FROM 'data/mstl/taylor_forecast_arima_r.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS n, min(t), max(t) FROM taylor_long;

-- decomposition: every component within 1e-6 of R relative to the
-- component's largest magnitude (elementwise for trend), in the order
-- the periods are given (they are sorted as R does)
CREATE TEMP TABLE d AS
SELECT m.* FROM taylor, logistics.mstl(y, ARRAY[336, 48]) m;
SELECT component, season_length, count(*) AS rows,
	   max(abs(d.value - CASE component WHEN 'trend' THEN r.trend
							WHEN 'remainder' THEN r.remainder
							WHEN 'data' THEN l.value
							ELSE CASE season_length WHEN 48 THEN r.seasonal48
								 ELSE r.seasonal336 END END))
	   / max(abs(CASE component WHEN 'trend' THEN r.trend
						WHEN 'remainder' THEN r.remainder
						WHEN 'data' THEN l.value
						ELSE CASE season_length WHEN 48 THEN r.seasonal48
							 ELSE r.seasonal336 END END)) < 1e-6 AS agrees_with_r
FROM d JOIN r_mstl r USING (t) JOIN taylor_long l USING (t)
GROUP BY component, season_length
ORDER BY component, season_length;
SELECT max(abs(d.value - r.trend) / abs(r.trend)) < 1e-6 AS trend_elementwise
FROM d JOIN r_mstl r USING (t) WHERE component = 'trend';
-- the components add up to the data
SELECT max(abs(sum_part - data)) < 1e-8 AS adds_up
FROM (SELECT t, sum(value) FILTER (WHERE component <> 'data') AS sum_part,
			 sum(value) FILTER (WHERE component = 'data') AS data
	  FROM d GROUP BY t) s;

-- forecasts of forecast(mstl(taylor), h = 336): ETS(M,N,N) on the
-- seasonally adjusted series plus the seasonal naive projections
SELECT max(abs(f.point - r.mean) / abs(r.mean)) < 1e-6 AS mean_agrees,
	   max(abs(f.lower - r.lower95) / abs(r.lower95)) < 1e-6 AS lower95_agrees,
	   max(abs(f.upper - r.upper95) / abs(r.upper95)) < 1e-6 AS upper95_agrees,
	   count(*) AS steps
FROM taylor, logistics.forecast_table(y, 336, 'mstl', ARRAY[48, 336], 0.95) f
JOIN r_fc r USING (step);
SELECT max(abs(f.lower - r.lower80) / abs(r.lower80)) < 1e-6 AS lower80_agrees,
	   max(abs(f.upper - r.upper80) / abs(r.upper80)) < 1e-6 AS upper80_agrees
FROM taylor, logistics.forecast_table(y, 336, 'mstl', ARRAY[48, 336], 0.80) f
JOIN r_fc r USING (step);
-- 'auto' with several periods is mstl; forecast() and a stored model agree
SELECT logistics.forecast(y, 336, 'auto', ARRAY[48, 336])
	   = logistics.forecast(y, 336, 'mstl', ARRAY[48, 336]) AS auto_is_mstl,
	   logistics.forecast_predict_array(logistics.forecast_fit(y, 'mstl', ARRAY[48, 336]), 336)
	   = logistics.forecast(y, 336, 'mstl', ARRAY[48, 336]) AS stored_model_same,
	   logistics.forecast_predict_array(
		   logistics.forecast_fit(y, 'mstl', ARRAY[48, 336])::text::logistics.forecast_model, 336)
	   = logistics.forecast(y, 336, 'mstl', ARRAY[48, 336]) AS text_round_trip
FROM taylor;
SELECT j->>'method' AS method, j->>'ets_model' AS ets_model, j->'season_lengths' AS season_lengths,
	   jsonb_array_length(j->'seasonal_projection') AS projection_length,
	   j->'ets'->0->>'model' AS ets
FROM taylor, logistics.forecast_model_json(logistics.forecast_fit(y, 'mstl', ARRAY[48, 336])) j;

-- 'mstl:arima': forecast(mstl(taylor), h = 336, method = "arima"), i.e.
-- auto.arima(seasonal = FALSE) on the seasonally adjusted series; R chose
-- ARIMA(1,1,3) (data/mstl/reference.R)
SELECT max(abs(f.point - r.mean) / abs(r.mean)) < 1e-6 AS arima_mean_agrees,
	   max(abs(f.lower - r.lower95) / abs(r.lower95)) < 1e-6 AS arima_lower95_agrees,
	   max(abs(f.upper - r.upper95) / abs(r.upper95)) < 1e-6 AS arima_upper95_agrees,
	   count(*) AS steps
FROM taylor, logistics.forecast_table(y, 336, 'mstl:arima', ARRAY[48, 336], 0.95) f
JOIN r_fa r USING (step);
SELECT j->>'method' AS method, j->>'format' AS format, j->'season_lengths' AS season_lengths,
	   j->'arima'->>'model' AS arima, j ? 'ets' AS has_ets,
	   logistics.forecast_predict_array(
		   logistics.forecast_fit(y, 'mstl:arima', ARRAY[48, 336])::text::logistics.forecast_model, 336)
	   = logistics.forecast(y, 336, 'mstl:arima', ARRAY[48, 336]) AS text_round_trip
FROM taylor, logistics.forecast_model_json(logistics.forecast_fit(y, 'mstl:arima', ARRAY[48, 336])) j;
-- no period fits twice: the non-seasonal automatic ARIMA of the series
-- itself (R's mstl() stops with an error here)
SELECT j->>'fallback' AS fallback, j->'arima'->>'model' AS arima,
	   logistics.forecast(y[1:60], 3, 'mstl:arima', ARRAY[48])
	   = logistics.forecast(y[1:60], 3, 'arima', 1) AS same_as_arima
FROM taylor, logistics.forecast_model_json(logistics.forecast_fit(y[1:60], 'mstl:arima', ARRAY[48])) j;

-- one season length: any method works as with the int overload
SELECT logistics.forecast(y[1:500], 5, 'snaive', ARRAY[48])
	   = logistics.forecast(y[1:500], 5, 'snaive', 48) AS one_period_same
FROM taylor;
-- season lengths of at least half the series are dropped with a notice
-- (R: a warning); none left: non-seasonal ETS, fallback recorded
SELECT array_length(logistics.forecast(y[1:500], 5, 'mstl', ARRAY[48, 336]), 1) AS steps
FROM taylor;
SELECT j->>'fallback' AS fallback, j->'season_lengths' AS kept
FROM taylor, logistics.forecast_model_json(logistics.forecast_fit(y[1:60], 'mstl', ARRAY[48])) j;

-- in-sample residuals (y - fitted).  Hand: naive of {1,3,2,5,4} is
-- {2,-1,3,-1}; snaive m = 2 of {1,3,2,5,4,6} is {1,2,2,1}; mean 3 gives
-- {-2,0,-1,2,1}.  R: residuals(ses(c(10,12,11,13,12,14,13,15)),
-- type = "response") = -0.771711422578814, 1.687676438271371, ...,
-- 1.906799231153633; residuals(forecast(mstl(msts(taylor, c(48, 336)))))
-- starts -188.340618810965680, 93.580043345322338, 115.249231476438581.
SELECT logistics.forecast_residuals('{1,3,2,5,4}', 'naive') AS naive,
	   logistics.forecast_residuals('{1,3,2,5,4,6}', 'snaive', 2) AS snaive,
	   logistics.forecast_residuals('{1,3,2,5,4}', 'mean') AS mean;
SELECT abs(r[1] + 0.771711422578814) < 1e-12 AND abs(r[8] - 1.906799231153633) < 1e-12
	   AND array_length(r, 1) = 8 AS ses_as_r
FROM logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'ses') r;
SELECT abs(r[1] + 188.340618810965680) / 188.34 < 1e-9
	   AND abs(r[3] - 115.249231476438581) / 115.25 < 1e-9
	   AND array_length(r, 1) = 4032 AS mstl_as_r
FROM taylor, logistics.forecast_residuals(y, 'mstl', ARRAY[48, 336]) r;
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'theta')$$);

-- h-step in-sample errors (horizon): R's y - fitted(model, h = h)
-- (forecast's hfitted).  Hand: naive h = 2 of {1,3,2,5,4} is y_t - y_{t-2}
-- = {1,2,2}; snaive m = 2, h = 3 repeats the value 4 back: {4-1, 6-3};
-- mean is unchanged.  R: e <- ses(c(10,12,11,13,12,14,13,15))$model;
-- y - fitted(e, h = 2) = NA, NA, 0.68767643827137093, ...,
-- 1.7697128659977235; taylor: f <- forecast(mstl(msts(x, c(48, 336))));
-- seasadj(m) - fitted(f$model, h = 48) (ETS(M,N,N)), 3984 values from
-- t = 49: 373.20349906074989, 190.17716945343273, ..., at t = 1000
-- -274.98311368771101, at t = 4032 -589.36531253534849.
SELECT logistics.forecast_residuals('{1,3,2,5,4}', 'naive', 1, 2) AS naive_h2,
	   logistics.forecast_residuals('{1,3,2,5,4,6}', 'snaive', 2, 3) AS snaive_h3,
	   logistics.forecast_residuals('{1,3,2,5,4}', 'mean', 1, 4) AS mean_h4,
	   logistics.forecast_residuals('{1,3,2,5,4}', 'naive', 1, 1)
		 = logistics.forecast_residuals('{1,3,2,5,4}', 'naive') AS h1_is_default;
SELECT abs(r[1] - 0.68767643827137093) < 1e-12 AND abs(r[6] - 1.7697128659977235) < 1e-12
	   AND array_length(r, 1) = 6 AS ses_h2_as_r
FROM logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'ses', horizon => 2) r;
SELECT abs(r[1] - 373.20349906074989) / 373.2 < 1e-9
	   AND abs(r[2] - 190.17716945343273) / 190.2 < 1e-9
	   AND abs(r[1000 - 48] + 274.98311368771101) / 275.0 < 1e-9
	   AND abs(r[3984] + 589.36531253534849) / 589.4 < 1e-9
	   AND array_length(r, 1) = 3984 AS mstl_h48_as_r
FROM taylor, logistics.forecast_residuals(y, 'mstl', ARRAY[48, 336], 48) r;
SELECT logistics.forecast_residuals('{1,3,2,5,4}', 'naive', 1, NULL) IS NULL AS null_horizon;
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'ses', 1, 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'ses', 1, 8)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,2,3,4,5,6,7,8,9,10}', 'mstl', ARRAY[2], -1)$$);

-- errors
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2, 1])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2, 2])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2, NULL])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', '{}'::int[])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2,3,4,5,6,7,8,9,10])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[20000])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'ets', ARRAY[2, 3])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,NaN,4,5,6}', 2, 'mstl', ARRAY[2])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 0, 'mstl', ARRAY[2])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.mstl('{1,2,3,4,5,6}', ARRAY[3])$$);
SELECT pg_temp.err($$SELECT * FROM logistics.forecast_table('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2], 100)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,2,3,4,5,6,7,8,9,10}', 'mstl:arima', ARRAY[2])$$);

-- Non-integer season lengths (the float8[] overloads), as R's
-- msts(seasonal.periods = c(7, 365.25)):
--   y <- sapply(1:800, function(t) 100 + 10*sin(2*pi*t/7) +
--               30*sin(2*pi*t/365.25) + 5*cos(2*pi*t/30) + (t %% 5))
--   m <- mstl(msts(y, seasonal.periods = c(7, 365.25)))
--   m[c(1, 400, 800), "Seasonal365.25"] 0.66178454304788759,
--     13.210316277253801, 22.697757016937967; m[400, "Trend"] 102.0070940987528
--   f <- forecast(m, h = 370, level = 95)		(STL + ETS(M,Ad,N))
--   f$mean[c(1, 365, 366, 370)] 130.65251060642152, 142.84597526098955,
--     134.35102996794095, 146.68369718772286
--   f$lower[10], f$upper[10] 121.41262370532766, 131.08493295153659
CREATE TEMP TABLE daily AS
SELECT ARRAY(SELECT 100 + 10 * sin(2 * pi() * t / 7) + 30 * sin(2 * pi() * t / 365.25)
					+ 5 * cos(2 * pi() * t / 30) + (t % 5)
			 FROM generate_series(1, 800) t) AS y;
SELECT bool_and(abs(value - CASE t WHEN 1 THEN 0.66178454304788759
									WHEN 400 THEN 13.210316277253801
									ELSE 22.697757016937967 END)
				< 1e-9 * 22.7) AND count(*) = 3 AS seasonal_365_25_as_r
FROM daily, logistics.mstl(y, ARRAY[7, 365.25])
WHERE component = 'seasonal' AND season_length = 365.25 AND t IN (1, 400, 800);
SELECT abs(value - 102.0070940987528) < 1e-9 * 102 AS trend_as_r
FROM daily, logistics.mstl(y, ARRAY[7, 365.25]) WHERE component = 'trend' AND t = 400;
SELECT abs(f[1] - 130.65251060642152) < 1e-9 * 130
	   AND abs(f[365] - 142.84597526098955) < 1e-9 * 142
	   AND abs(f[366] - 134.35102996794095) < 1e-9 * 134
	   AND abs(f[370] - 146.68369718772286) < 1e-9 * 146 AS forecast_as_r
FROM daily, logistics.forecast(y, 370, 'mstl', ARRAY[7, 365.25]) f;
SELECT abs(lower - 121.41262370532766) < 1e-9 * 121
	   AND abs(upper - 131.08493295153659) < 1e-9 * 131 AS interval_as_r
FROM daily, logistics.forecast_table(y, 10, 'mstl', ARRAY[7, 365.25]) WHERE step = 10;
-- the model keeps 365.25 and survives its text form
SELECT logistics.forecast_model_json(m) -> 'season_lengths' AS season_lengths,
	   logistics.forecast_model_json(m) -> 'season_length' AS season_length,
	   logistics.forecast_predict_array(m::text::logistics.forecast_model, 370)
		 = logistics.forecast(y, 370, 'mstl', ARRAY[7, 365.25]) AS round_trip
FROM daily, logistics.forecast_fit(y, 'mstl', ARRAY[7, 365.25]) m;
SELECT array_length(logistics.forecast_residuals(y, 'mstl', ARRAY[7, 365.25]), 1) AS residuals
FROM daily;
-- 731 daily values keep 365.25 (2 x 365.25 < 731) but drop 365.5
SELECT logistics.forecast_model_json(logistics.forecast_fit(y[1:731], 'mstl', ARRAY[365.5, 7, 365.25]))
		 -> 'season_lengths' AS kept
FROM daily;
-- one whole period through a float8[] is the int overload's method
SELECT logistics.forecast('{1,3,2,5,4,6,5,7}', 2, 'snaive', ARRAY[2.0]) AS snaive;
SELECT pg_temp.err($$SELECT logistics.forecast('{1,3,2,5,4,6,5,7}', 2, 'snaive', ARRAY[2.5])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2, 'NaN'::float8])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2, 'Infinity'::float8])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[2.5, 2.5])$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6}', 2, 'mstl', ARRAY[1.99])$$);
