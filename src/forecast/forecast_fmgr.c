/*-------------------------------------------------------------------------
 *
 * forecast_fmgr.c
 *	  SQL interface of the forecasting methods: logistics.forecast(),
 *	  forecast_table(), forecast_fit(), forecast_predict() and
 *	  forecast_predict_array().  The numerical work is in fcmethods.c,
 *	  intermittent.c and ets.c; this file checks arguments, converts them
 *	  and reports errors.
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
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "forecast_fmgr.h"
#include "common/logistics.h"

#define METHOD_LIST "naive, snaive, naive2, mean, ses, holt, damped, comb, " \
	"theta, ets, ets:<model> (e.g. ets:MAdM), croston, sba, tsb, adida, auto, " \
	"arima, arima(p,d,q)(P,D,Q) (e.g. arima(0,1,1)(0,1,1)), ensemble, " \
	"mstl, mstl:arima"

static void *
ServerAlloc(size_t size, void *arg)
{
	(void) arg;
	return palloc(size);
}

static void
ServerRelease(void *ptr, void *arg)
{
	(void) arg;
	pfree(ptr);
}

void
fc_server_env(EtsEnv *env)
{
	memset(env, 0, sizeof(*env));
	env->interrupt = lg_interrupt_callback;
	env->alloc = ServerAlloc;
	env->release = ServerRelease;
}

void
fc_report(int status, const char *msg)
{
	int			code;

	switch (status)
	{
		case FC_ELENGTH:
			code = ERRCODE_ARRAY_SUBSCRIPT_ERROR;
			break;
		case FC_ERANGE:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		case FC_ENOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		case FC_EINTERRUPTED:
			code = ERRCODE_QUERY_CANCELED;
			break;
		case FC_EMODEL:
			code = ERRCODE_DATA_CORRUPTED;
			break;
		default:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
	}
	ereport(ERROR, (errcode(code), errmsg("%s", msg)));
	pg_unreachable();
}

void
fc_check_horizon(int h)
{
	if (h < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at least 1, got %d", h)));
	if (h > FC_MAX_HORIZON)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("horizon must be at most %d, got %d",
						FC_MAX_HORIZON, h)));
}

/*
 * The interval level is a fraction in (0, 1), as every confidence and
 * service level in the extension (issue 16); the kernels take percent.
 * BI tools show the message but not the hint, so the message says what to
 * pass: 95 (0.1.0's convention) would otherwise be a silent 0.95% band in
 * a caller that still passed 0.95 under the old rule, or vice versa.
 * Returns the level in percent.
 */
double
fc_check_level(double level)
{
	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("level is a fraction in (0, 1); for a 95%% interval pass 0.95, got %g",
						level)));
	return level * 100.0;
}

/* A jsonb number as a double; errors name the parameter */
static double
JsonbNumber(JsonbValue *v, const char *key)
{
	if (v->type == jbvNumeric)
		return DatumGetFloat8(DirectFunctionCall1(numeric_float8,
												  NumericGetDatum(v->val.numeric)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("parameter \"%s\" must be a number", key)));
	return 0.0;					/* keep compiler quiet */
}

/*
 * Fixed parameters from a jsonb object such as {"alpha": 0.1, "beta": 0.1}
 * (keys alpha, beta, gamma, phi, k; null means estimate).
 */
static void
ParseParams(Jsonb *jb, FcParams *p)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	fc_params_init(p);
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameters must be a jsonb object"),
				 errhint("For example '{\"alpha\": 0.1, \"beta\": 0.1}'.")));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		double		x;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		tok = JsonbIteratorNext(&it, &v, true);
		if (v.type == jbvNull)
			continue;
		if (strcmp(key, "alpha") != 0 && strcmp(key, "beta") != 0 &&
			strcmp(key, "gamma") != 0 && strcmp(key, "phi") != 0 &&
			strcmp(key, "k") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown parameter \"%s\", expected one of alpha, beta, gamma, phi, k",
							key)));
		x = JsonbNumber(&v, key);
		if (!isfinite(x))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("parameter \"%s\" must be a finite number, got %g",
							key, x)));
		if (strcmp(key, "k") == 0)
		{
			if (!(x >= 1 && x <= FC_MAX_SEASON && x == floor(x)))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("parameter \"k\" must be an integer between 1 and %d, got %g",
								FC_MAX_SEASON, x)));
			p->k = (int) x;
		}
		else
		{
			if (!(x >= 0.0 && x <= 1.0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("parameter \"%s\" must be between 0 and 1, got %g",
								key, x)));
			if (key[0] == 'a')
				p->alpha = x;
			else if (key[0] == 'b')
				p->beta = x;
			else if (key[0] == 'g')
				p->gamma = x;
			else
				p->phi = x;
		}
	}
}

/*
 * The method argument parsed.  An unknown method name gets the list of
 * methods in the message itself (BI tools show the message and drop the
 * hint); the other parse errors name their own remedy.
 */
void
fc_request_arg(const char *method, FcRequest *req)
{
	char		errbuf[256];

	if (fc_request_parse(method, req, errbuf, sizeof(errbuf)) == FC_OK)
		return;
	if (strncmp(errbuf, "unknown forecasting method", 26) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s, expected one of " METHOD_LIST, errbuf)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", errbuf)));
}

/* The series argument: non-empty, finite values */
double *
fc_series_arg(ArrayType *ya, int *n)
{
	double	   *y = lg_float8_array(ya, n, "series");
	int			t;

	if (*n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("series must not be empty")));
	if (*n > FC_MAX_LENGTH)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("series must have at most %d values, got %d",
						FC_MAX_LENGTH, *n),
				 errhint("Aggregate to a coarser period (demand_series with a longer bucket).")));
	for (t = 0; t < *n; t++)
	{
		if ((t & 0xFFFFF) == 0xFFFFF)
			CHECK_FOR_INTERRUPTS();
		if (isnan(y[t]) || isinf(y[t]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("series values must be finite numbers, got %g at position %d",
							y[t], t + 1)));
	}
	return y;
}

/*
 * Check the arguments common to every fitting function and fit.  params
 * may be NULL.
 */
static void
FitFromArgs(ArrayType *ya, text *method_t, int m, Jsonb *params,
			FcModel *model)
{
	char	   *method_s = text_to_cstring(method_t);
	char		errbuf[256];
	FcRequest	req;
	FcParams	fixed;
	EtsEnv		env;
	double	   *y;
	int			n;
	int			rc;

	y = fc_series_arg(ya, &n);
	fc_request_arg(method_s, &req);
	if (m < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("season length must be at least 1, got %d", m),
				 errhint("Use 1 for series without seasonality.")));
	if (m > FC_MAX_SEASON)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("season length must be at most %d, got %d",
						FC_MAX_SEASON, m)));
	ParseParams(params, &fixed);
	fc_server_env(&env);
	rc = fc_fit_request(y, n, &req, m, &fixed, model, &env, errbuf,
						sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
}

void
fc_forecast_or_error(const FcModel *model, int h, double level, double *mean,
		 double *lower, double *upper)
{
	char		errbuf[256];
	EtsEnv		env;
	int			rc;

	fc_server_env(&env);
	rc = fc_forecast(model, h, level, mean, lower, upper, &env, errbuf,
					 sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
}

/*
 * Put rows (step, point, lower, upper) into a set-returning function's
 * tuplestore (lg_materialized_srf); a NaN bound (no interval) is NULL.
 */
void
fc_put_forecast_rows(ReturnSetInfo *rsinfo, int h, const double *mean,
					 const double *lower, const double *upper)
{
	int			i;

	for (i = 0; i < h; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = Float8GetDatum(mean[i]);
		values[2] = Float8GetDatum(lower[i]);
		values[3] = Float8GetDatum(upper[i]);
		nulls[2] = isnan(lower[i]);
		nulls[3] = isnan(upper[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
}

/* Return rows (step, point, lower, upper) from a set-returning function */
Datum
fc_return_forecast_table(FunctionCallInfo fcinfo, const FcModel *model, int h,
						 double level)
{
	ReturnSetInfo *rsinfo = lg_materialized_srf(fcinfo);
	double	   *mean = palloc(sizeof(double) * 3 * h);
	double	   *lower = mean + h,
			   *upper = mean + 2 * h;

	fc_forecast_or_error(model, h, level, mean, lower, upper);
	fc_put_forecast_rows(rsinfo, h, mean, lower, upper);
	return (Datum) 0;
}

/*
 * The variants with params are not STRICT: a NULL params means no fixed
 * parameters, as '{}' does, while a NULL in any other argument gives NULL
 * (no rows for the set-returning ones), as STRICT would.
 */
static bool
AnyArgNullButParams(FunctionCallInfo fcinfo, int nparams_at)
{
	int			i;

	for (i = 0; i < PG_NARGS() && i < nparams_at; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

static Jsonb *
ParamsArg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() > argno && !PG_ARGISNULL(argno))
		return PG_GETARG_JSONB_P(argno);
	return NULL;
}

/*
 * forecast(y float8[], horizon int, method text, season_length int
 *			[, params jsonb]) -> float8[]: point forecasts.
 */
PG_FUNCTION_INFO_V1(logistics_forecast_array);
Datum
logistics_forecast_array(PG_FUNCTION_ARGS)
{
	ArrayType  *y;
	int			h;
	text	   *method;
	int			m;
	Jsonb	   *params;
	FcModel		model;
	double	   *mean;

	if (AnyArgNullButParams(fcinfo, 4))
		PG_RETURN_NULL();
	y = PG_GETARG_ARRAYTYPE_P(0);
	h = PG_GETARG_INT32(1);
	method = PG_GETARG_TEXT_PP(2);
	m = PG_GETARG_INT32(3);
	params = ParamsArg(fcinfo, 4);
	fc_check_horizon(h);
	FitFromArgs(y, method, m, params, &model);
	mean = palloc(sizeof(double) * h);
	fc_forecast_or_error(&model, h, 95.0, mean, NULL, NULL);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(mean, h));
}

/*
 * forecast_table(y, horizon, method, season_length, level [, params])
 * RETURNS TABLE (step int, point float8, lower float8, upper float8)
 */
PG_FUNCTION_INFO_V1(logistics_forecast_table);
Datum
logistics_forecast_table(PG_FUNCTION_ARGS)
{
	ArrayType  *y;
	int			h;
	text	   *method;
	int			m;
	double		level;
	Jsonb	   *params;
	FcModel		model;

	if (AnyArgNullButParams(fcinfo, 5))
	{
		/* no rows, as a STRICT set-returning function gives */
		ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

		if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("set-valued function called in context that cannot accept a set")));
		rsinfo->isDone = ExprEndResult;
		PG_RETURN_NULL();
	}
	y = PG_GETARG_ARRAYTYPE_P(0);
	h = PG_GETARG_INT32(1);
	method = PG_GETARG_TEXT_PP(2);
	m = PG_GETARG_INT32(3);
	level = PG_GETARG_FLOAT8(4);
	params = ParamsArg(fcinfo, 5);
	fc_check_horizon(h);
	level = fc_check_level(level);
	FitFromArgs(y, method, m, params, &model);
	return fc_return_forecast_table(fcinfo, &model, h, level);
}

/* forecast_fit(y, method, season_length [, params]) -> forecast_model */
PG_FUNCTION_INFO_V1(logistics_forecast_fit);
Datum
logistics_forecast_fit(PG_FUNCTION_ARGS)
{
	ArrayType  *y;
	text	   *method;
	int			m;
	Jsonb	   *params;
	FcModel		model;

	if (AnyArgNullButParams(fcinfo, 3))
		PG_RETURN_NULL();
	y = PG_GETARG_ARRAYTYPE_P(0);
	method = PG_GETARG_TEXT_PP(1);
	m = PG_GETARG_INT32(2);
	params = ParamsArg(fcinfo, 3);
	FitFromArgs(y, method, m, params, &model);
	PG_RETURN_POINTER(fc_model_serialize(&model));
}

/*
 * forecast_predict(model, horizon, level) RETURNS TABLE (step, point,
 * lower, upper)
 */
PG_FUNCTION_INFO_V1(logistics_forecast_predict);
Datum
logistics_forecast_predict(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			h = PG_GETARG_INT32(1);
	double		level = PG_GETARG_FLOAT8(2);
	FcModel		model;

	fc_check_horizon(h);
	level = fc_check_level(level);
	fc_model_deserialize(v, &model);
	return fc_return_forecast_table(fcinfo, &model, h, level);
}

/* forecast_predict_array(model, horizon) -> float8[] */
PG_FUNCTION_INFO_V1(logistics_forecast_predict_array);
Datum
logistics_forecast_predict_array(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			h = PG_GETARG_INT32(1);
	FcModel		model;
	double	   *mean;

	fc_check_horizon(h);
	fc_model_deserialize(v, &model);
	mean = palloc(sizeof(double) * h);
	fc_forecast_or_error(&model, h, 95.0, mean, NULL, NULL);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(mean, h));
}

/*
 * The in-sample residuals (h = 1) or h-step errors of a model fitted to the
 * series ya, as float8[]
 */
Datum
fc_residuals_array(ArrayType *ya, const FcModel *model, int h)
{
	char		errbuf[256];
	EtsEnv		env;
	double	   *y,
			   *resid;
	int			n,
				nres,
				rc;

	y = fc_series_arg(ya, &n);
	resid = palloc(sizeof(double) * n);
	fc_server_env(&env);
	rc = fc_residuals(y, n, model, h, resid, &nres, &env, errbuf,
					  sizeof(errbuf));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
	return PointerGetDatum(lg_make_float8_array(resid, nres));
}

/* A residual horizon: at least 1, else 22023 */
int
fc_check_residual_horizon(int h)
{
	if (h < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at least 1 (1 gives the one-step residuals), got %d",
						h)));
	return h;
}

/*
 * The horizon argument of forecast_residuals (arg 3); the 0.2.0 SQL always
 * passes it (DEFAULT 1), older declarations did not.
 */
int
fc_residual_horizon_arg(FunctionCallInfo fcinfo)
{
	return fc_check_residual_horizon(PG_NARGS() > 3 ? PG_GETARG_INT32(3) : 1);
}

/*
 * forecast_residuals(y, method, season_length, horizon) -> float8[]:
 * in-sample one-step residuals y - fitted (horizon 1) or h-step errors,
 * e.g. for logistics.reconcile().
 */
PG_FUNCTION_INFO_V1(logistics_forecast_residuals);
Datum
logistics_forecast_residuals(PG_FUNCTION_ARGS)
{
	ArrayType  *ya = PG_GETARG_ARRAYTYPE_P(0);
	FcModel		model;
	int			h = fc_residual_horizon_arg(fcinfo);

	FitFromArgs(ya, PG_GETARG_TEXT_PP(1), PG_GETARG_INT32(2), NULL, &model);
	return fc_residuals_array(ya, &model, h);
}
