--
-- ARIMA and the ensemble: methods 'arima', 'arima(p,d,q)(P,D,Q)' and
-- 'ensemble' of logistics.forecast / forecast_table / forecast_fit.
--
-- Reference numbers from R 4.2.2, forecast 8.20 (Debian):
--   y <- c(940.66, 1084.86, ..., 4936.99)            (M3 N0001, train)
--   Arima(y, order = c(1,1,0), include.drift = TRUE)
--     ar1 0.800496841455113, drift 322.390665585043564,
--     s.e. 0.180682900873361, 101.458115669979080,
--     loglik -77.7857432917177, sigma2 10071.4440524948
--     forecast(h = 3, level = 95): mean 5440.86877666..., lower
--     5244.17348544968 5503.43427716011 5718.98087910583
--   auto.arima(y): ARIMA(0,2,0), forecasts 5486.1 6035.21 6584.32 ...
--   auto.arima(lh): ARIMA(1,0,0) with non-zero mean, ar1
--     0.573929601442579, intercept 2.413287957712350
-- Values are rounded to 6 significant digits here; the kernel's unit test
-- (test/unit/test_forecast_arima.c) checks 1e-6 relative agreement.
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

CREATE TEMP TABLE s (name text, y float8[], m int);
INSERT INTO s VALUES
 ('n0001', '{940.66,1084.86,1244.98,1445.02,1683.17,2038.15,2342.52,2602.45,2927.87,3103.96,3360.27,3807.63,4387.88,4936.99}', 1),
 ('lh', '{2.4,2.4,2.4,2.2,2.1,1.5,2.3,2.3,2.5,2,1.9,1.7,2.2,1.8,3.2,3.2,2.7,2.2,2.2,1.9,1.9,1.8,2.7,3,2.3,2,2,2.9,2.9,2.7,2.7,2.3,2.6,2.4,1.8,1.7,1.5,1.4,2.1,3.3,3.5,3.5,3.1,2.6,2.1,3.4,3,2.9}', 1);

-- automatic: ARIMA(0,2,0) for N0001, as R
SELECT round(f::numeric, 2) AS point
FROM s, unnest(logistics.forecast(y, 3, 'arima')) f WHERE name = 'n0001';

-- explicit orders with drift; 95% interval as R
SELECT step, round(point::numeric, 4) AS point, round(lower::numeric, 4) AS lower,
	   round(upper::numeric, 4) AS upper
FROM s, logistics.forecast_table(y, 3, 'arima(1,1,0)', 1, 0.95) WHERE name = 'n0001';

-- the stored model: orders, coefficients and standard errors
SELECT j->'arima'->>'model' AS model,
	   round((j->'arima'->'coefficients'->>'ar1')::numeric, 6) AS ar1,
	   round((j->'arima'->'coefficients'->>'drift')::numeric, 4) AS drift,
	   round((j->'arima'->'std_errors'->>'ar1')::numeric, 4) AS se_ar1,
	   round((j->'arima'->'std_errors'->>'drift')::numeric, 2) AS se_drift,
	   round((j->>'loglik')::numeric, 6) AS loglik,
	   round((j->>'sigma2')::numeric, 3) AS sigma2,
	   j->>'format' AS format
FROM s, logistics.forecast_model_json(logistics.forecast_fit(y, 'arima(1,1,0)', 1)) j
WHERE name = 'n0001';

SELECT j->'arima'->>'model' AS model,
	   round((j->'arima'->'coefficients'->>'ar1')::numeric, 6) AS ar1,
	   round((j->'arima'->'coefficients'->>'intercept')::numeric, 6) AS intercept,
	   (j->'arima'->>'models_fitted')::int > 5 AS searched
FROM s, logistics.forecast_model_json(logistics.forecast_fit(y, 'ARIMA', 1)) j
WHERE name = 'lh';

-- forecast_predict from the stored model, and from its text form, equal
-- forecast_table on the series
SELECT bool_and(a.point = b.point AND a.lower = b.lower AND a.point = c.point
				AND a.upper = c.upper) AS same
FROM s,
	 logistics.forecast_table(y, 4, 'arima(1,0,1)', 1, 0.8) a
	 JOIN logistics.forecast_predict(logistics.forecast_fit(y, 'arima(1,0,1)', 1), 4, 0.8) b
	 USING (step)
	 JOIN logistics.forecast_predict(logistics.forecast_fit(y, 'arima(1,0,1)', 1)::text::logistics.forecast_model, 4, 0.8) c
	 USING (step)
WHERE name = 'lh';

-- the ensemble is the mean of theta, auto (ETS) and an ARIMA member found by
-- auto.arima's approximate (CSS) search and kept as that CSS fit, bounds
-- too: 3 e - theta - auto is the member.  On N0001 it is ARIMA(0,2,0), as
-- 'arima' (nothing estimated: the same points), but its sigma2 is R's CSS
-- one: forecast(Arima(y, order = c(0,2,0), method = "CSS"), h = 2, level =
-- 90) has mean 5486.10 6035.21, lower 5328.87649083027 5683.64754583542,
-- upper 5643.32350916973 6386.77245416457 (sigma2 9136.51259166667; the ML
-- fit's is 9136.60090723088)
SELECT step, abs(3 * e.point - t.point - a.point - r.point) <= 1e-9 * r.point AS same_point,
	   round((3 * e.lower - t.lower - a.lower)::numeric, 6) AS member_lower,
	   round((3 * e.upper - t.upper - a.upper)::numeric, 6) AS member_upper
FROM s,
	 logistics.forecast_table(y, 2, 'ensemble', 1, 0.9) e
	 JOIN logistics.forecast_table(y, 2, 'theta', 1, 0.9) t USING (step)
	 JOIN logistics.forecast_table(y, 2, 'auto', 1, 0.9) a USING (step)
	 JOIN logistics.forecast_table(y, 2, 'arima', 1, 0.9) r USING (step)
WHERE name = 'n0001'
ORDER BY step;
-- On lh the member is R's CSS fit at the order of auto.arima(lh,
-- approximation = TRUE): forecast(Arima(lh, order = c(1,0,0), method =
-- "CSS"), h = 2, level = 90) has mean 2.69922879769402 2.58157802250133,
-- lower 1.95262313620038 1.71622718214491, upper 3.44583445918766
-- 3.44692886285774; ar1 0.58599427528153, intercept 2.41505211083130
SELECT step, round((3 * e.point - t.point - a.point)::numeric, 6) AS member_point,
	   round((3 * e.lower - t.lower - a.lower)::numeric, 6) AS member_lower,
	   round((3 * e.upper - t.upper - a.upper)::numeric, 6) AS member_upper
FROM s,
	 logistics.forecast_table(y, 2, 'ensemble', 1, 0.9) e
	 JOIN logistics.forecast_table(y, 2, 'theta', 1, 0.9) t USING (step)
	 JOIN logistics.forecast_table(y, 2, 'auto', 1, 0.9) a USING (step)
WHERE name = 'lh'
ORDER BY step;
SELECT j->>'method' AS method, jsonb_array_length(j->'ets') AS ets_models,
	   j->'arima'->>'model' AS arima,
	   round((j->'arima'->'coefficients'->>'ar1')::numeric, 6) AS ar1,
	   round((j->'arima'->'coefficients'->>'intercept')::numeric, 6) AS intercept
FROM s, logistics.forecast_model_json(logistics.forecast_fit(y, 'ensemble', 1)) j
WHERE name = 'lh';

-- seasonal: airline model on a short seasonal series runs and is finite
SELECT count(*) AS steps, bool_and(lower < point AND point < upper) AS ordered
FROM logistics.forecast_table('{10,20,30,15,12,23,33,17,13,25,36,19,15,27,39,21,17,29,41,22}',
							  4, 'arima(0,1,1)(0,1,1)', 4, 0.95);

-- a constant series: the mean, zero-width interval
SELECT * FROM logistics.forecast_table('{5,5,5,5,5,5}', 2, 'arima', 1, 0.95);

-- errors
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 2, 'arima(2,1,1)')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6,7,8,9,10}', 2, 'arima(1,x,1)')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6,7,8,9,10}', 2, 'arima(1,3,1)')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6,7,8,9,10}', 2, 'arima(0,0,1)(0,1,1)')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3,4,5,6,7,8,9,10}', 2, 'arima', 1, '{"alpha": 0.5}')$$);
SELECT pg_temp.err($$SELECT logistics.forecast('{1,2,3}', 2, 'ensemble')$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{1,3,2,5,4,6,8,7}', 'arima(1,1,0)')::text,
	'"numbers": [1, 1, 1', '"numbers": [1, 7, 1')::logistics.forecast_model$$);
SELECT pg_temp.err($$SELECT replace(logistics.forecast_fit('{1,3,2,5,4,6,8,7}', 'arima(1,1,0)')::text,
	'"format": 2', '"format": 1')::logistics.forecast_model$$);
