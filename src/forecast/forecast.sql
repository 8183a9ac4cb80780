
-- ---------------------------------------------------------------------
-- Forecasting (forecast_fmgr.c, forecast_model_fmgr.c; kernels
-- fcmethods.c, intermittent.c, ets.c)
--
-- Fitting a model costs milliseconds, as much as reading thousands of
-- tuples: COST 10000 (units of cpu_operator_cost) lets the planner run the
-- fits in parallel workers.
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.forecast_model;

CREATE FUNCTION @extschema@.forecast_model_in(cstring)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_model_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_in(cstring) IS
	'text input of forecast_model: the JSON object that forecast_model_out writes';

CREATE FUNCTION @extschema@.forecast_model_out(@extschema@.forecast_model)
	RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_forecast_model_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_out(@extschema@.forecast_model) IS
	'text output of forecast_model: a JSON object whose numbers read back exactly';

CREATE TYPE @extschema@.forecast_model (
	INPUT = @extschema@.forecast_model_in,
	OUTPUT = @extschema@.forecast_model_out,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.forecast_model IS
	'a fitted forecasting model (method, parameters, final states, residual variance, information criteria), made by forecast_fit and used by forecast_predict';

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int,
									 method text DEFAULT 'auto',
									 season_length int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int) IS
	'point forecasts for the next horizon periods of the equally spaced series y (oldest first) by method (auto = ETS chosen by AICc)';

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int, method text,
									 season_length int, params jsonb)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_array'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int, jsonb) IS
	'point forecasts with fixed parameters, e.g. ''{"alpha": 0.1, "beta": 0.1}'' (keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text DEFAULT 'auto',
										   season_length int DEFAULT 1,
										   level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_table'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8) IS
	'point forecasts and a central prediction interval at level, a fraction (0.95 for 95%), one row per step (bounds NULL for methods without intervals)';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text, season_length int,
										   level float8, params jsonb)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_table'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int, float8, jsonb) IS
	'forecast_table with fixed parameters (jsonb keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_fit(y float8[],
										 method text DEFAULT 'auto',
										 season_length int DEFAULT 1)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_fit'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int) IS
	'fit a forecasting method to the series y and return the model, to store and to forecast from with forecast_predict';

CREATE FUNCTION @extschema@.forecast_fit(y float8[], method text,
										 season_length int, params jsonb)
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_fit'
	LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int, jsonb) IS
	'forecast_fit with fixed parameters (jsonb keys alpha, beta, gamma, phi, k)';

CREATE FUNCTION @extschema@.forecast_predict(model @extschema@.forecast_model,
											 horizon int,
											 level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_predict'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_predict(@extschema@.forecast_model, int, float8) IS
	'forecasts and a prediction interval at level, a fraction (0.95 for 95%), from a fitted model, one row per step';

CREATE FUNCTION @extschema@.forecast_predict_array(model @extschema@.forecast_model,
												   horizon int)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_predict_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.forecast_predict_array(@extschema@.forecast_model, int) IS
	'point forecasts for the next horizon periods from a fitted model';

CREATE FUNCTION @extschema@.forecast_model_json(model @extschema@.forecast_model)
	RETURNS jsonb
	AS 'MODULE_PATHNAME', 'logistics_forecast_model_json'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forecast_model_json(@extschema@.forecast_model) IS
	'a fitted model as jsonb: method, fallback, parameters, states, seasonal indices, sigma2, loglik, aic, aicc, bic, mse, ETS components';
