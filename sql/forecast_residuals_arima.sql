--
-- In-sample errors of the arima methods, with and without regressors:
-- forecast_residuals(y, method, season_length[, xreg], horizon).  The
-- residual path itself is checked against R to 1e-9 with fixed
-- coefficients in test/unit/test_forecast_arima_resid.c; here the SQL
-- path, with expected values from R 4.2.2 / forecast 8.20 and a hand
-- calculation.
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

-- Regression with white-noise errors is least squares.  Hand calculation:
-- y = 1,3,2,5,4,6 on x = 0,1,0,1,0,1: intercept = mean of y where x = 0 =
-- 7/3, slope = 14/3 - 7/3 = 7/3, residuals y - 7/3 - 7/3 x = -4/3, -5/3,
-- -1/3, 1/3, 5/3, 4/3 (R: Arima(y, order = c(0,0,0), xreg = x) gives
-- 2.33333333334853 and 2.33333333330874 and these residuals).  The h-step
-- forecast of white noise is the regression line, so the 2-step errors
-- are the same residuals from t = 3 (R's y - fitted(fit, h = 2): NA NA
-- -0.333 0.333 1.667 1.333).  The optimiser stops within ~1e-8 of the
-- optimum: 6 decimals.
SELECT array(SELECT round(e::numeric, 6)
			 FROM unnest(logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1,
													  '{{0},{1},{0},{1},{0},{1}}'::float8[], 1)) e) AS one_step,
	   array(SELECT round(e::numeric, 6)
			 FROM unnest(logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1,
													  '{{0},{1},{0},{1},{0},{1}}'::float8[], 2)) e) AS two_step;
-- a one-dimensional xreg is one column (xreg needs its type when it is a
-- literal: forecast_residuals(y, method, m, horizon) takes an int there)
SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{0,1,0,1,0,1}'::float8[], 1)
	 = logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{{0},{1},{0},{1},{0},{1}}'::float8[], 1)
	   AS same;

-- Without regressors: R's lh series (48 values), Arima(lh, order =
-- c(1,0,1)): ar1 0.452202021975948, ma1 0.198167326585130, intercept
-- 2.410059610485507; residuals(fit)[c(1, 2, 24, 48)] = -0.00812817912740139
-- -0.00418075486891272 0.333354137932341 0.242215887057251; (lh -
-- fitted(fit, h = 2))[c(3, 4, 24, 48)] = -0.00741402247151157
-- -0.207630437610772 0.745151829566513 0.179702742690659 (46 values, NA at
-- t = 1, 2).  Our coefficients agree with R's within 1e-6 (unit test
-- test_forecast_arima.c), so 1e-6 here.
CREATE TEMP TABLE lh AS SELECT '{2.4,2.4,2.4,2.2,2.1,1.5,2.3,2.3,2.5,2,1.9,1.7,2.2,1.8,3.2,3.2,2.7,2.2,2.2,1.9,1.9,1.8,2.7,3,2.3,2,2,2.9,2.9,2.7,2.7,2.3,2.6,2.4,1.8,1.7,1.5,1.4,2.1,3.3,3.5,3.5,3.1,2.6,2.1,3.4,3,2.9}'::float8[] AS y;
SELECT array_length(r1, 1) AS n1, array_length(r2, 1) AS n2,
	   abs(r1[1] - -0.00812817912740139) < 1e-6 AND abs(r1[2] - -0.00418075486891272) < 1e-6
	   AND abs(r1[24] - 0.333354137932341) < 1e-6 AND abs(r1[48] - 0.242215887057251) < 1e-6
	   AS one_step_r,
	   abs(r2[1] - -0.00741402247151157) < 1e-6 AND abs(r2[2] - -0.207630437610772) < 1e-6
	   AND abs(r2[22] - 0.745151829566513) < 1e-6 AND abs(r2[46] - 0.179702742690659) < 1e-6
	   AS two_step_r
FROM (SELECT logistics.forecast_residuals(y, 'arima(1,0,1)', 1) AS r1,
			 logistics.forecast_residuals(y, 'arima(1,0,1)', 1, 2) AS r2 FROM lh) s;

-- Differencing: the h-step errors start after the d + mD observations
-- whose prefixes hold no differenced value (R's refit gives NA there):
-- arima(0,1,1)(0,1,1) with m = 4 on 48 values, h = 3: 48 - 3 - 5 = 40.
SELECT array_length(logistics.forecast_residuals(y, 'arima(0,1,1)(0,1,1)', 4), 1) AS n1,
	   array_length(logistics.forecast_residuals(y, 'arima(0,1,1)(0,1,1)', 4, 3), 1) AS n3,
	   array_length(logistics.forecast_residuals(y, 'arima(0,1,1)(0,1,1)', 4,
			(SELECT array_agg((t % 7 = 0)::int::float8) FROM generate_series(1, 48) t), 3), 1)
		   AS n3_xreg
FROM lh;
-- the automatic search too (its model is whatever it chose; one value per
-- observation for h = 1)
SELECT array_length(logistics.forecast_residuals(y, 'arima', 1), 1) AS n_auto FROM lh;

-- NULL in, NULL out
SELECT logistics.forecast_residuals(NULL::float8[], 'arima(1,0,0)', 1, '{1,2}'::float8[], 1) IS NULL AS n1,
	   logistics.forecast_residuals('{1,2,3}', 'arima(1,0,0)', 1, '{1,2,3}', NULL) IS NULL AS n2;

-- errors
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'ets', 1, '{0,1,0,1,0,1}'::float8[], 1)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{0,1,0,1,0}'::float8[], 1)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{0,1,0,1,0,1}', 0)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{0,1,0,1,0,1}', 6)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals(y, 'arima(0,1,1)(0,1,1)', 4, 44) FROM lh$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{0,1,0,"NaN",0,1}'::float8[], 1)$$);
SELECT pg_temp.err($$SELECT logistics.forecast_residuals('{1,3,2,5,4,6}', 'arima(0,0,0)', 1, '{1,1,1,1,1,1}'::float8[], 1)$$);

-- From a stored model, without fitting again: the same values as fitting
-- inside forecast_residuals, for every method that has residuals
CREATE TEMP TABLE s AS SELECT '{4.1,4.3,5.0,4.8,5.6,5.2,7.9,5.1,4.7,4.9,5.3,5.0,5.5,7.6,4.9,5.2,5.4,4.8,5.1,5.6,7.8,5.0,4.6,5.3,5.1,5.5,5.0,8.0,5.2,4.9}'::float8[] AS y;
SELECT m, logistics.forecast_residuals(y, m, 7) = logistics.forecast_model_residuals(logistics.forecast_fit(y, m, 7), y) AS one_step,
	   logistics.forecast_residuals(y, m, 7, 3) = logistics.forecast_model_residuals(logistics.forecast_fit(y, m, 7), y, 3) AS three_step
FROM s, unnest(ARRAY['naive', 'snaive', 'mean', 'ses', 'damped', 'ets', 'arima', 'arima(1,0,1)']) m;
SELECT logistics.forecast_model_residuals(logistics.forecast_fit(y, 'arima(1,0,0)', 1, NULL, x), y, x, 2)
	 = logistics.forecast_residuals(y, 'arima(1,0,0)', 1, x, 2) AS with_xreg
FROM (SELECT '{12,15,11,30,14,16,13,33,15,17,14,35}'::float8[] y, '{0,0,0,1,0,0,0,1,0,0,0,1}'::float8[] x) d;
SELECT pg_temp.err($$SELECT logistics.forecast_model_residuals(logistics.forecast_fit(y, 'ets', 1), y[1:29]) FROM s$$);
SELECT pg_temp.err($$SELECT logistics.forecast_model_residuals(logistics.forecast_fit(y, 'ets', 1), y, y, 1) FROM s$$);
SELECT pg_temp.err($$SELECT logistics.forecast_model_residuals(logistics.forecast_fit(y, 'theta', 1), y) FROM s$$);
SELECT pg_temp.err($$SELECT logistics.forecast_model_residuals(logistics.forecast_fit('{12,15,11,30,14,16}'::float8[], 'arima(0,0,0)', 1, NULL, '{0,0,0,1,0,0}'::float8[]), '{12,15,11,30,14,16}'::float8[])$$);
SELECT pg_temp.err($$SELECT logistics.forecast_model_residuals(logistics.forecast_fit(y, 'ets', 1), y, 0) FROM s$$);
-- a literal series with a method resolves to forecast_residuals(y, method),
-- not to a stored model (forecast_model_residuals has its own name for that),
-- and a NULL fourth argument is the horizon (the xreg overload needs five)
SELECT cardinality(logistics.forecast_residuals('{10,12,11,13,12,14,13,15}', 'ses')) AS n,
	   logistics.forecast_residuals('{1,3,2,5,4}', 'naive', 1, NULL) IS NULL AS null_horizon;
