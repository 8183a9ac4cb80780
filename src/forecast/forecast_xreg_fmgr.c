/*-------------------------------------------------------------------------
 *
 * forecast_xreg_fmgr.c
 *	  SQL interface of forecasting with regressors (regression with ARIMA
 *	  errors, R's Arima(xreg =) and auto.arima(xreg =)): the overloads of
 *	  forecast(), forecast_table(), forecast_fit() and forecast_predict()
 *	  that take xreg (one row per observation) and xreg_future (one row per
 *	  forecast step).  Only the arima methods take regressors.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include "arima.h"
#include "forecast_fmgr.h"

/*
 * A regressor matrix argument: a two-dimensional float8 array with one row
 * per observation (or forecast step) and one column per regressor, or a
 * one-dimensional array for a single regressor.  Returns its values
 * column-major (palloc'd); *k gets the number of columns.
 */
static double *
XregMatrix(ArrayType *a, int rows, const char *what, const char *rowwhat,
		   int *k)
{
	int			ndim = ARR_NDIM(a);
	int			nr,
				nc,
				i,
				j;
	const double *v;
	double	   *out;

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "%s: expected a float8 array", what);
	if (ndim != 1 && ndim != 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a two-dimensional array (one row per %s, one column per regressor), got %d dimensions",
						what, rowwhat, ndim)));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", what)));
	nr = ARR_DIMS(a)[0];
	nc = ndim == 2 ? ARR_DIMS(a)[1] : 1;
	if (nr != rows)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s has %d rows, expected %d: one row per %s",
						what, nr, rows, rowwhat)));
	if (nc > ARIMA_MAX_XREG)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has %d columns, at most %d regressors are supported",
						what, nc, ARIMA_MAX_XREG)));
	v = (const double *) ARR_DATA_PTR(a);
	out = palloc(sizeof(double) * (size_t) nr * nc);
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++)
		{
			double		x = v[(size_t) i * nc + j];

			if (!isfinite(x))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s must hold finite numbers, got %g in row %d, column %d",
								what, x, i + 1, j + 1)));
			out[i + (size_t) j * nr] = x;
		}
	*k = nc;
	return out;
}

/*
 * Fit y (finite values) with an arima method and the regressors xreg (n x
 * nx, column-major).
 */
static void
XregFit(ArrayType *ya, text *method_t, int m, Jsonb *params,
		ArrayType *xa, int nxf, FcModel *model)
{
	char	   *method_s = text_to_cstring(method_t);
	char		errbuf[256];
	FcRequest	req;
	EtsEnv		env;
	double	   *y,
			   *xreg;
	int			n,
				nx,
				rc,
				t;

	y = lg_float8_array(ya, &n, "series");
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("series must not be empty")));
	if (n > FC_MAX_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("series must have at most %d values, got %d",
						FC_MAX_LENGTH, n)));
	for (t = 0; t < n; t++)
		if (!isfinite(y[t]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("series values must be finite numbers, got %g at position %d",
							y[t], t + 1)));
	if (m < 1 || m > FC_MAX_SEASON)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("season length must be between 1 and %d, got %d",
						FC_MAX_SEASON, m)));
	fc_request_arg(method_s, &req);
	if (req.method != FC_ARIMA)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("regressors need method arima or arima(p,d,q)(P,D,Q), got %s: forecast without xreg for the other methods",
						method_s)));
	if (params != NULL && !(JB_ROOT_IS_OBJECT(params) &&
							JB_ROOT_COUNT(params) == 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the arima methods take no fixed parameters: params must be NULL or {}")));
	xreg = XregMatrix(xa, n, "xreg", "observation of y", &nx);
	if (nxf >= 0 && nxf != nx)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("xreg_future has %d column%s, xreg has %d: give the future values of the same regressors",
						nxf, nxf == 1 ? "" : "s", nx)));
	req.nx = nx;
	req.xreg = xreg;
	fc_server_env(&env);
	rc = fc_fit_request(y, n, &req, m, NULL, model, &env, errbuf,
						sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
}

/* Forecasts with the future regressors (h x nxf), errors reported */
static void
XregForecast(const FcModel *model, int h, double level, const double *xf,
			 int nxf, double *mean, double *lower, double *upper)
{
	char		errbuf[256];
	EtsEnv		env;
	int			rc;

	fc_server_env(&env);
	rc = fc_forecast_x(model, h, level, xf, nxf, mean, lower, upper, &env,
					   errbuf, sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
}

/* Rows (step, point, lower, upper) of a set-returning function */
static Datum
XregForecastTable(FunctionCallInfo fcinfo, const FcModel *model, int h,
				  double level, const double *xf, int nxf)
{
	ReturnSetInfo *rsinfo = lg_materialized_srf(fcinfo);
	double	   *mean = palloc(sizeof(double) * 3 * h);
	double	   *lower = mean + h,
			   *upper = mean + 2 * h;

	XregForecast(model, h, level, xf, nxf, mean, lower, upper);
	fc_put_forecast_rows(rsinfo, h, mean, lower, upper);
	return (Datum) 0;
}

/*
 * forecast(y, horizon, method, season_length, xreg, xreg_future) ->
 * float8[]
 */
PG_FUNCTION_INFO_V1(logistics_forecast_xreg_array);
Datum
logistics_forecast_xreg_array(PG_FUNCTION_ARGS)
{
	int			h = PG_GETARG_INT32(1);
	FcModel		model;
	double	   *mean,
			   *xf;
	int			nxf;

	fc_check_horizon(h);
	xf = XregMatrix(PG_GETARG_ARRAYTYPE_P(5), h, "xreg_future",
					"forecast step", &nxf);
	XregFit(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(2), PG_GETARG_INT32(3),
			NULL, PG_GETARG_ARRAYTYPE_P(4), nxf, &model);
	mean = palloc(sizeof(double) * h);
	XregForecast(&model, h, 95.0, xf, nxf, mean, NULL, NULL);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(mean, h));
}

/*
 * forecast_table(y, horizon, method, season_length, level, xreg,
 * xreg_future) RETURNS TABLE (step, point, lower, upper)
 */
PG_FUNCTION_INFO_V1(logistics_forecast_xreg_table);
Datum
logistics_forecast_xreg_table(PG_FUNCTION_ARGS)
{
	int			h = PG_GETARG_INT32(1);
	double		level = PG_GETARG_FLOAT8(4);
	FcModel		model;
	double	   *xf;
	int			nxf;

	fc_check_horizon(h);
	level = fc_check_level(level);
	xf = XregMatrix(PG_GETARG_ARRAYTYPE_P(6), h, "xreg_future",
					"forecast step", &nxf);
	XregFit(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(2), PG_GETARG_INT32(3),
			NULL, PG_GETARG_ARRAYTYPE_P(5), nxf, &model);
	return XregForecastTable(fcinfo, &model, h, level, xf, nxf);
}

/*
 * forecast_fit(y, method, season_length, params, xreg) -> forecast_model.
 * params may be NULL; a NULL in another argument gives NULL, as STRICT.
 */
PG_FUNCTION_INFO_V1(logistics_forecast_xreg_fit);
Datum
logistics_forecast_xreg_fit(PG_FUNCTION_ARGS)
{
	FcModel		model;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(4))
		PG_RETURN_NULL();
	XregFit(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(1), PG_GETARG_INT32(2),
			PG_ARGISNULL(3) ? NULL : PG_GETARG_JSONB_P(3),
			PG_GETARG_ARRAYTYPE_P(4), -1, &model);
	PG_RETURN_POINTER(fc_model_serialize(&model));
}

/*
 * forecast_predict(model, horizon, level, xreg_future) RETURNS TABLE
 * (step, point, lower, upper)
 */
PG_FUNCTION_INFO_V1(logistics_forecast_xreg_predict);
Datum
logistics_forecast_xreg_predict(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			h = PG_GETARG_INT32(1);
	double		level = PG_GETARG_FLOAT8(2);
	FcModel		model;
	double	   *xf;
	int			nxf;

	fc_check_horizon(h);
	level = fc_check_level(level);
	xf = XregMatrix(PG_GETARG_ARRAYTYPE_P(3), h, "xreg_future",
					"forecast step", &nxf);
	fc_model_deserialize(v, &model);
	return XregForecastTable(fcinfo, &model, h, level, xf, nxf);
}

/* In-sample errors of model on y (n values) with xreg (n x nx), as float8[] */
static Datum
ResidualsArray(const double *y, int n, const FcModel *model,
			   const double *xreg, int nx, int h)
{
	char		errbuf[256];
	EtsEnv		env;
	double	   *resid = palloc(sizeof(double) * n);
	int			nres,
				rc;

	fc_server_env(&env);
	rc = fc_residuals_x(y, n, model, xreg, nx, h, resid, &nres, &env,
						errbuf, sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
	return PointerGetDatum(lg_make_float8_array(resid, nres));
}

/*
 * forecast_residuals(y, method, season_length, xreg, horizon) -> float8[]:
 * the in-sample one-step residuals (horizon 1, n values) or h-step errors
 * (n - h - d - mD values) of regression with ARIMA errors fitted to y and
 * xreg, as R's residuals(fit) and y - fitted(fit, h = h).
 */
PG_FUNCTION_INFO_V1(logistics_forecast_xreg_residuals);
Datum
logistics_forecast_xreg_residuals(PG_FUNCTION_ARGS)
{
	ArrayType  *ya = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(3);
	int			h = fc_check_residual_horizon(PG_GETARG_INT32(4));
	FcModel		model;
	double	   *y,
			   *xreg;
	int			n,
				nx;

	XregFit(ya, PG_GETARG_TEXT_PP(1), PG_GETARG_INT32(2), NULL, xa, -1,
			&model);
	y = lg_float8_array(ya, &n, "series");
	xreg = XregMatrix(xa, n, "xreg", "observation of y", &nx);
	return ResidualsArray(y, n, &model, xreg, nx, h);
}

/*
 * forecast_model_residuals(model, y[, xreg], horizon) -> float8[]: the in-sample
 * errors of a stored model on the series it was fitted to (and its
 * regressors), without fitting again.  Only the length of y can be checked.
 */
PG_FUNCTION_INFO_V1(logistics_forecast_model_residuals);
Datum
logistics_forecast_model_residuals(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			withx = PG_NARGS() > 3;
	int			h = fc_check_residual_horizon(PG_GETARG_INT32(withx ? 3 : 2));
	FcModel		model;
	double	   *y,
			   *xreg = NULL;
	int			n,
				nx = 0;

	fc_model_deserialize(v, &model);
	y = fc_series_arg(PG_GETARG_ARRAYTYPE_P(1), &n);
	if (n != model.n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("y has %d values but the model was fitted to %d: pass the series the model was fitted to",
						n, model.n)));
	if (withx)
		xreg = XregMatrix(PG_GETARG_ARRAYTYPE_P(2), n, "xreg",
						  "observation of y", &nx);
	return ResidualsArray(y, n, &model, xreg, nx, h);
}
