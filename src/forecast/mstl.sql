
-- ---------------------------------------------------------------------
-- Several seasonal periods (src/forecast/mstl.c, stl.c, mstl_fmgr.c):
-- the season_lengths int[] overloads of forecast, forecast_table and
-- forecast_fit, and the decomposition itself.  No defaults for method and
-- season_lengths, so calls with an int season length keep resolving to
-- the int overloads.
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.forecast(y float8[], horizon int, method text,
									 season_lengths int[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_array_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, int[]) IS
	'point forecasts with several seasonal periods, e.g. ARRAY[7, 365] for daily data: method mstl (or auto with several periods) decomposes y as R mstl() and forecasts the seasonally adjusted series with ETS plus the seasonal naive projection of each seasonal component';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text, season_lengths int[],
										   level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_table_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, int[], float8) IS
	'forecasts with several seasonal periods (method mstl or auto) and a central prediction interval at level, a fraction (0.95 for 95%), one row per step';

CREATE FUNCTION @extschema@.forecast_fit(y float8[], method text,
										 season_lengths int[])
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_fit_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, int[]) IS
	'fit a forecasting method with several seasonal periods (method mstl or auto) and return the model for forecast_predict';

CREATE FUNCTION @extschema@.mstl(y float8[], season_lengths int[])
	RETURNS TABLE (t int, component text, season_length int, value float8)
	AS 'MODULE_PATHNAME', 'logistics_mstl'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 5000;
COMMENT ON FUNCTION @extschema@.mstl(float8[], int[]) IS
	'the multiple seasonal decomposition of R forecast::mstl(): one row per observation t and component (data, trend, seasonal with its season_length, remainder), in the units of y';

CREATE FUNCTION @extschema@.forecast_residuals(y float8[], method text DEFAULT 'auto',
											   season_length int DEFAULT 1,
											   horizon int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_residuals'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_residuals(float8[], text, int, int) IS
	'in-sample one-step residuals y - fitted of the method fitted to y (naive: n - 1 values, snaive: n - m, mean, ETS based methods and arima: n), e.g. the residuals that logistics.reconcile needs for mint_shrink; horizon h > 1 gives the h-step in-sample errors y_t - yhat_{t|t-h} instead (ETS based methods: n - h values, arima: n - h - d - mD, as R fitted(model, h))';

CREATE FUNCTION @extschema@.forecast_residuals(y float8[], method text,
											   season_lengths int[],
											   horizon int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_residuals_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_residuals(float8[], text, int[], int) IS
	'in-sample one-step residuals with several seasonal periods (method mstl: the seasonally adjusted series minus its ETS fitted values); horizon h > 1 gives the n - h in-sample h-step errors instead, e.g. for the W of reconcile mint_shrink at the forecast horizon';

-- The float8[] overloads: non-integer season lengths such as 365.25 days a
-- year or 52.18 weeks (R's msts(seasonal.periods = c(7, 365.25))); the
-- same C functions read the array by its element type.  An int[] argument
-- still resolves to the int[] overloads above.
CREATE FUNCTION @extschema@.forecast(y float8[], horizon int, method text,
									 season_lengths float8[])
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_array_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast(float8[], int, text, float8[]) IS
	'point forecasts with several seasonal periods that need not be whole numbers, e.g. ARRAY[7, 365.25] for daily data: method mstl (or auto with several periods) as R mstl() with msts(seasonal.periods = ...); other methods take one whole season length';

CREATE FUNCTION @extschema@.forecast_table(y float8[], horizon int,
										   method text, season_lengths float8[],
										   level float8 DEFAULT 0.95)
	RETURNS TABLE (step int, point float8, lower float8, upper float8)
	AS 'MODULE_PATHNAME', 'logistics_forecast_table_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 28;
COMMENT ON FUNCTION @extschema@.forecast_table(float8[], int, text, float8[], float8) IS
	'forecasts with several seasonal periods that need not be whole numbers (e.g. ARRAY[7, 365.25]; method mstl or auto) and a central prediction interval at level, a fraction (0.95 for 95%), one row per step';

CREATE FUNCTION @extschema@.forecast_fit(y float8[], method text,
										 season_lengths float8[])
	RETURNS @extschema@.forecast_model
	AS 'MODULE_PATHNAME', 'logistics_forecast_fit_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_fit(float8[], text, float8[]) IS
	'fit a forecasting method with several seasonal periods that need not be whole numbers (e.g. ARRAY[7, 365.25]; method mstl or auto) and return the model for forecast_predict';

CREATE FUNCTION @extschema@.mstl(y float8[], season_lengths float8[])
	RETURNS TABLE (t int, component text, season_length float8, value float8)
	AS 'MODULE_PATHNAME', 'logistics_mstl'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000 ROWS 5000;
COMMENT ON FUNCTION @extschema@.mstl(float8[], float8[]) IS
	'the multiple seasonal decomposition of R forecast::mstl() with season lengths that need not be whole numbers (e.g. ARRAY[7, 365.25]): one row per observation t and component (data, trend, seasonal with its season_length, remainder), in the units of y';

CREATE FUNCTION @extschema@.forecast_residuals(y float8[], method text,
											   season_lengths float8[],
											   horizon int DEFAULT 1)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_forecast_residuals_periods'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.forecast_residuals(float8[], text, float8[], int) IS
	'in-sample one-step residuals with several seasonal periods that need not be whole numbers (e.g. ARRAY[7, 365.25]; method mstl: the seasonally adjusted series minus its ETS fitted values); horizon h > 1 gives the n - h in-sample h-step errors instead';
