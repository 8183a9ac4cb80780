
--
-- Forecast accuracy, demand classification and demand series
-- (src/accuracy.c, src/accuracy_fmgr.c)
--

-- The state of the accuracy aggregates: three counts and seven compensated
-- sums (s, c).  A real type rather than internal, so that Citus can ship
-- partial states between nodes as text and split the accuracy aggregates
-- grouped by any column (doc/citus.md).
CREATE TYPE @extschema@.accuracy_state;

CREATE FUNCTION @extschema@.accuracy_state_in(cstring) RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_in(cstring) IS
	'input function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_out(@extschema@.accuracy_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_out(@extschema@.accuracy_state) IS
	'output function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_recv(internal) RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_recv(internal) IS
	'binary input function of accuracy_state';

CREATE FUNCTION @extschema@.accuracy_state_send(@extschema@.accuracy_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_accuracy_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy_state_send(@extschema@.accuracy_state) IS
	'binary output function of accuracy_state';

CREATE TYPE @extschema@.accuracy_state (
	INPUT = @extschema@.accuracy_state_in,
	OUTPUT = @extschema@.accuracy_state_out,
	RECEIVE = @extschema@.accuracy_state_recv,
	SEND = @extschema@.accuracy_state_send,
	INTERNALLENGTH = 136,
	ALIGNMENT = double
);
COMMENT ON TYPE @extschema@.accuracy_state IS
	'state of the accuracy aggregates (mae, rmse, ..., accuracy): (n,n_nonzero,n_inside, then s,c of the sums of |e|, e^2, e, |actual|, APE, sAPE, loss)';

-- ---------------------------------------------------------------------
-- Accuracy aggregates: support functions (one shared state type)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@._acc_point_trans(@extschema@.accuracy_state, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_point_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_point_trans(@extschema@.accuracy_state, float8, float8) IS
	'transition function of the point accuracy aggregates (actual, forecast)';

CREATE FUNCTION @extschema@._acc_scaled_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_scaled_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_scaled_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of mase and accuracy (actual, forecast, scale)';

CREATE FUNCTION @extschema@._acc_pinball_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_pinball_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_pinball_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of pinball_loss (actual, forecast, quantile)';

CREATE FUNCTION @extschema@._acc_coverage_trans(@extschema@.accuracy_state, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_coverage_trans(@extschema@.accuracy_state, float8, float8, float8) IS
	'transition function of coverage (actual, lower, upper)';

CREATE FUNCTION @extschema@._acc_msis_trans(@extschema@.accuracy_state, float8, float8, float8, float8, float8)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_msis_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_msis_trans(@extschema@.accuracy_state, float8, float8, float8, float8, float8) IS
	'transition function of msis (actual, lower, upper, scale, alpha)';

CREATE FUNCTION @extschema@._acc_combine(@extschema@.accuracy_state, @extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_state
	AS 'MODULE_PATHNAME', 'logistics_acc_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_combine(@extschema@.accuracy_state, @extschema@.accuracy_state) IS
	'combine function of the accuracy aggregates';

CREATE FUNCTION @extschema@._acc_mae_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mae_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_mae_final(@extschema@.accuracy_state) IS
	'final function of the mae aggregate';

CREATE FUNCTION @extschema@._acc_rmse_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_rmse_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_rmse_final(@extschema@.accuracy_state) IS
	'final function of the rmse aggregate';

CREATE FUNCTION @extschema@._acc_mape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_mape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_mape_final(@extschema@.accuracy_state) IS
	'final function of the mape aggregate';

CREATE FUNCTION @extschema@._acc_smape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_smape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_smape_final(@extschema@.accuracy_state) IS
	'final function of the smape aggregate';

CREATE FUNCTION @extschema@._acc_wape_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_wape_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_wape_final(@extschema@.accuracy_state) IS
	'final function of the wape aggregate';

CREATE FUNCTION @extschema@._acc_bias_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_bias_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_bias_final(@extschema@.accuracy_state) IS
	'final function of the bias aggregate';

CREATE FUNCTION @extschema@._acc_loss_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_loss_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_loss_final(@extschema@.accuracy_state) IS
	'final function of the mase, pinball_loss and msis aggregates (mean loss)';

CREATE FUNCTION @extschema@._acc_coverage_final(@extschema@.accuracy_state) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_acc_coverage_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_coverage_final(@extschema@.accuracy_state) IS
	'final function of the coverage aggregate';

-- ---------------------------------------------------------------------
-- Accuracy aggregates over (actual, forecast) rows
-- ---------------------------------------------------------------------

CREATE AGGREGATE @extschema@.mae(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_mae_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mae(float8, float8) IS
	'mean absolute error: avg(|forecast - actual|)';

CREATE AGGREGATE @extschema@.rmse(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_rmse_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.rmse(float8, float8) IS
	'root mean squared error: sqrt(avg((forecast - actual)^2))';

CREATE AGGREGATE @extschema@.mape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_mape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mape(float8, float8) IS
	'mean absolute percentage error in percent, 100 avg(|forecast - actual| / |actual|), over rows with actual <> 0 (NULL if none)';

CREATE AGGREGATE @extschema@.smape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_smape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.smape(float8, float8) IS
	'symmetric MAPE of M3/M4 in percent, avg(200 |forecast - actual| / (|actual| + |forecast|)), a 0/0 term counting 0';

CREATE AGGREGATE @extschema@.wape(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_wape_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.wape(float8, float8) IS
	'weighted absolute percentage error in percent, 100 sum(|forecast - actual|) / sum(|actual|) (NULL if every actual is 0)';

CREATE AGGREGATE @extschema@.bias(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_bias_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.bias(float8, float8) IS
	'mean error, forecast minus actual: avg(forecast - actual); positive means over-forecasting (R''s ME has the opposite sign)';

CREATE AGGREGATE @extschema@.mase(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.mase(float8, float8, float8) IS
	'mean absolute scaled error: avg(|forecast - actual| / scale), scale from logistics.mase_scale(train, m); may vary by row (one per series)';

CREATE AGGREGATE @extschema@.pinball_loss(actual float8, forecast float8, quantile float8) (
	SFUNC = @extschema@._acc_pinball_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.pinball_loss(float8, float8, float8) IS
	'mean pinball (quantile) loss of forecasts of the quantile q: q (actual - forecast) if actual >= forecast, else (1 - q) (forecast - actual)';

CREATE AGGREGATE @extschema@.coverage(actual float8, lower float8, upper float8) (
	SFUNC = @extschema@._acc_coverage_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_coverage_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.coverage(float8, float8, float8) IS
	'share (0..1) of rows whose actual lies in the prediction interval [lower, upper]';

CREATE AGGREGATE @extschema@.msis(actual float8, lower float8, upper float8, scale float8, alpha float8) (
	SFUNC = @extschema@._acc_msis_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_loss_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.msis(float8, float8, float8, float8, float8) IS
	'mean scaled interval score of M4 for (1 - alpha) prediction intervals: avg(((upper - lower) + 2/alpha (lower - actual)[actual < lower] + 2/alpha (actual - upper)[actual > upper]) / scale)';

-- ---------------------------------------------------------------------
-- All point measures at once
-- ---------------------------------------------------------------------

CREATE TYPE @extschema@.accuracy_measures AS (
	n bigint,
	mae float8,
	rmse float8,
	mape float8,
	smape float8,
	wape float8,
	bias float8,
	mase float8
);
COMMENT ON TYPE @extschema@.accuracy_measures IS
	'forecast accuracy of a set of (actual, forecast) pairs: count, MAE, RMSE, MAPE %, sMAPE %, WAPE %, bias (forecast - actual), MASE';

CREATE FUNCTION @extschema@._acc_accuracy_final(@extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_accuracy_final(@extschema@.accuracy_state) IS
	'final function of the accuracy aggregate without a scale';

CREATE FUNCTION @extschema@._acc_accuracy_scaled_final(@extschema@.accuracy_state)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_acc_accuracy_scaled_final'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._acc_accuracy_scaled_final(@extschema@.accuracy_state) IS
	'final function of the accuracy aggregate with a scale';

CREATE AGGREGATE @extschema@.accuracy(actual float8, forecast float8) (
	SFUNC = @extschema@._acc_point_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_accuracy_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8) IS
	'every point accuracy measure of the group as a logistics.accuracy_measures (mase NULL)';

CREATE AGGREGATE @extschema@.accuracy(actual float8, forecast float8, scale float8) (
	SFUNC = @extschema@._acc_scaled_trans, STYPE = @extschema@.accuracy_state,
	FINALFUNC = @extschema@._acc_accuracy_scaled_final,
	COMBINEFUNC = @extschema@._acc_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.accuracy(float8, float8, float8) IS
	'every point accuracy measure of the group and MASE with the given scale, as a logistics.accuracy_measures';

-- ---------------------------------------------------------------------
-- The same measures over arrays (actual, forecast of equal length)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.mae(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mae_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mae(float8[], float8[]) IS
	'mean absolute error of two equally long arrays';

CREATE FUNCTION @extschema@.rmse(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_rmse_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rmse(float8[], float8[]) IS
	'root mean squared error of two equally long arrays';

CREATE FUNCTION @extschema@.mape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mape(float8[], float8[]) IS
	'mean absolute percentage error in percent over the elements with actual <> 0';

CREATE FUNCTION @extschema@.smape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_smape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.smape(float8[], float8[]) IS
	'symmetric MAPE of M3/M4 in percent (0/0 counts 0)';

CREATE FUNCTION @extschema@.wape(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_wape_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wape(float8[], float8[]) IS
	'weighted absolute percentage error in percent: 100 sum|e| / sum|actual|';

CREATE FUNCTION @extschema@.bias(actual float8[], forecast float8[]) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_bias_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bias(float8[], float8[]) IS
	'mean error, forecast minus actual';

CREATE FUNCTION @extschema@.mase_scale(train float8[], m int DEFAULT 1) RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mase_scale'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mase_scale(float8[], int) IS
	'in-sample MAE of the seasonal naive forecast with lag m, the scale of MASE and MSIS (NULL if the series is constant at lag m)';

CREATE FUNCTION @extschema@.mase(actual float8[], forecast float8[], train float8[], m int DEFAULT 1)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_mase_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mase(float8[], float8[], float8[], int) IS
	'mean absolute scaled error: MAE / mase_scale(train, m)';

CREATE FUNCTION @extschema@.pinball_loss(actual float8[], forecast float8[], quantile float8)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_pinball_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pinball_loss(float8[], float8[], float8) IS
	'mean pinball loss of forecasts of the quantile q';

CREATE FUNCTION @extschema@.coverage(actual float8[], lower float8[], upper float8[])
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_coverage_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.coverage(float8[], float8[], float8[]) IS
	'share (0..1) of actuals inside [lower, upper]';

CREATE FUNCTION @extschema@.msis(actual float8[], lower float8[], upper float8[], train float8[],
								 m int DEFAULT 1, alpha float8 DEFAULT 0.05)
	RETURNS float8
	AS 'MODULE_PATHNAME', 'logistics_msis_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.msis(float8[], float8[], float8[], float8[], int, float8) IS
	'mean scaled interval score of M4: mean interval score / mase_scale(train, m)';

CREATE FUNCTION @extschema@.accuracy(actual float8[], forecast float8[])
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_accuracy_array'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy(float8[], float8[]) IS
	'every point accuracy measure of two equally long arrays (mase NULL)';

CREATE FUNCTION @extschema@.accuracy(actual float8[], forecast float8[], train float8[], m int DEFAULT 1)
	RETURNS @extschema@.accuracy_measures
	AS 'MODULE_PATHNAME', 'logistics_accuracy_array_scaled'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accuracy(float8[], float8[], float8[], int) IS
	'every point accuracy measure of two equally long arrays and MASE scaled by mase_scale(train, m)';

-- ---------------------------------------------------------------------
-- Demand classification (Syntetos, Boylan & Croston 2005)
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.demand_class(y float8[]) RETURNS text
	AS 'MODULE_PATHNAME', 'logistics_demand_class'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_class(float8[]) IS
	'Syntetos-Boylan-Croston class of a demand series: smooth, erratic, intermittent or lumpy (ADI = n / non-zero periods, cut-off 1.32; CV^2 of non-zero sizes, cut-off 0.49); NULL without demand';

CREATE FUNCTION @extschema@.demand_profile(y float8[], OUT n int, OUT nonzero int,
										   OUT adi float8, OUT cv2 float8, OUT class text)
	AS 'MODULE_PATHNAME', 'logistics_demand_profile'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_profile(float8[]) IS
	'periods, non-zero periods, ADI, CV^2 of the non-zero sizes and the Syntetos-Boylan-Croston class of a demand series';

-- ---------------------------------------------------------------------
-- demand_series: order lines to an equally spaced demand series
-- ---------------------------------------------------------------------

-- The state: a real type (issue 17), so that Citus splits demand_series
-- into worker partials and a coordinator combine (doc/citus.md).  Text form
-- (from_us,to_us,months,days,time_us,K,s1,...,sK): from_ts and to_ts in
-- microseconds since 2000-01-01 00:00 UTC, the bucket's three parts, the
-- bucket count and one sum per bucket; the input checks what rows can
-- produce.
CREATE TYPE @extschema@.demand_series_state;

CREATE FUNCTION @extschema@.demand_series_state_in(cstring) RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_in(cstring) IS
	'input function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_out(@extschema@.demand_series_state) RETURNS cstring
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_out(@extschema@.demand_series_state) IS
	'output function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_recv(internal) RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_recv(internal) IS
	'binary input function of demand_series_state';

CREATE FUNCTION @extschema@.demand_series_state_send(@extschema@.demand_series_state) RETURNS bytea
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_series_state_send(@extschema@.demand_series_state) IS
	'binary output function of demand_series_state';

CREATE TYPE @extschema@.demand_series_state (
	INPUT = @extschema@.demand_series_state_in,
	OUTPUT = @extschema@.demand_series_state_out,
	RECEIVE = @extschema@.demand_series_state_recv,
	SEND = @extschema@.demand_series_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.demand_series_state IS
	'state of demand_series: (from_ts and to_ts in microseconds since 2000-01-01 UTC, bucket months, days and microseconds, bucket count, one sum per bucket)';

-- IMMUTABLE: bucket starts follow the UTC calendar, never the session
-- TimeZone (which Citus does not pass to its workers).
CREATE FUNCTION @extschema@._demand_series_state_trans(@extschema@.demand_series_state, timestamptz,
													   float8, interval, timestamptz, timestamptz)
	RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_trans'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_trans(@extschema@.demand_series_state, timestamptz, float8, interval, timestamptz, timestamptz) IS
	'transition function of demand_series';

CREATE FUNCTION @extschema@._demand_series_state_combine(@extschema@.demand_series_state,
														 @extschema@.demand_series_state)
	RETURNS @extschema@.demand_series_state
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_combine'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_combine(@extschema@.demand_series_state, @extschema@.demand_series_state) IS
	'combine function of demand_series';

CREATE FUNCTION @extschema@._demand_series_state_final(@extschema@.demand_series_state)
	RETURNS float8[]
	AS 'MODULE_PATHNAME', 'logistics_demand_series_state_final'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._demand_series_state_final(@extschema@.demand_series_state) IS
	'final function of demand_series';

CREATE AGGREGATE @extschema@.demand_series(ts timestamptz, qty float8, bucket interval,
										   from_ts timestamptz, to_ts timestamptz) (
	SFUNC = @extschema@._demand_series_state_trans,
	STYPE = @extschema@.demand_series_state,
	FINALFUNC = @extschema@._demand_series_state_final,
	COMBINEFUNC = @extschema@._demand_series_state_combine,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.demand_series(timestamptz, float8, interval, timestamptz, timestamptz) IS
	'sums qty into the buckets [from_ts + k bucket, from_ts + (k+1) bucket) covering [from_ts, to_ts), zero-filled; rows outside the range are ignored; at most 100000 buckets';
