
-- Forecasting with regressors (forecast_fmgr.c; kernel arima*.c) and the
-- calendar helpers that build regressor columns (calendar_fmgr.c).

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int, method text,
									 season_length int, xreg float8[],
									 xreg_future float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_xreg_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int, float8[], float8[]) IS
	'point forecasts with regressors: regression with ARIMA errors (method arima or arima(p,d,q)(P,D,Q)); xreg has one row per observation of y, xreg_future one row per forecast step, with the same columns';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text, season_length int,
										   level float8, xreg float8[],
										   xreg_future float8[])
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_xreg_table'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8, float8[], float8[]) IS
	'forecast_table with regressors (regression with ARIMA errors): one row per step with a central prediction interval at level, a fraction (0.95 for 95%)';

CREATE FUNCTION @extschema@.forecast_fit(y float8[], method text,
										 season_length int, params jsonb,
										 xreg float8[])
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_xreg_fit'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int, jsonb, float8[]) IS
	'forecast_fit with regressors (xreg, one row per observation; params must be NULL or {} for the arima methods): the model keeps the regression coefficients and their standard errors';

CREATE FUNCTION @extschema@.forecast_predict(model @extschema@.forecast_model,
											 horizon int, level float8,
											 xreg_future float8[])
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_xreg_predict'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_predict(@extschema@.forecast_model, int, float8, float8[]) IS
	'forecasts from a model fitted with regressors, given their future values (xreg_future, one row per step), one row per step';

CREATE FUNCTION @extschema@.forecast_residuals(y float8[], method text,
											  season_length int, xreg float8[],
											  horizon int)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_xreg_residuals'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_residuals(float8[], text, int, float8[], int) IS
	'in-sample errors of regression with ARIMA errors (method arima or arima(p,d,q)(P,D,Q)) fitted to y with the regressors xreg (one row per observation): horizon 1 the n one-step residuals (R residuals(fit)), horizon h > 1 the n - h errors y_t - yhat_{t|t-h} (R y - fitted(fit, h)), e.g. for the W of reconcile mint_shrink';

CREATE FUNCTION @extschema@.forecast_model_residuals(model @extschema@.forecast_model,
											  y float8[], horizon int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_model_residuals'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.forecast_model_residuals(@extschema@.forecast_model, float8[], int) IS
	'in-sample errors of a stored model (forecast_fit) on the series y it was fitted to, without fitting again: horizon 1 the one-step residuals, horizon h > 1 the h-step errors, as forecast_residuals(y, method, ...)';

CREATE FUNCTION @extschema@.forecast_model_residuals(model @extschema@.forecast_model,
											  y float8[], xreg float8[],
											  horizon int)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_model_residuals'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.forecast_model_residuals(@extschema@.forecast_model, float8[], float8[], int) IS
	'in-sample errors of a model fitted with regressors (forecast_fit with xreg) on the series y and the regressors xreg it was fitted to, without fitting again: horizon 1 the one-step residuals, horizon h > 1 the h-step errors';

CREATE FUNCTION @extschema@.holiday_indicator(day date, holidays date[],
											  days_before int DEFAULT 0,
											  days_after int DEFAULT 0)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_holiday_indicator'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holiday_indicator(date, date[], int, int) IS
	'1 if day lies within days_before days before to days_after days after one of the holidays, else 0: a regressor column for holidays and events';

CREATE FUNCTION @extschema@.day_of_week_dummies(day date)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_day_of_week_dummies'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.day_of_week_dummies(date) IS
	'six 0/1 regressor values for Monday to Saturday (Sunday is the baseline, all zero)';

CREATE FUNCTION @extschema@.fourier_terms(t float8, period float8, k int)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_fourier_terms'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fourier_terms(float8, float8, int) IS
	'Fourier regressors sin(2 pi j t / period), cos(2 pi j t / period) for j = 1..k at time index t (as R forecast::fourier; the sine is left out when 2j = period), for long seasonal periods';
