/*-------------------------------------------------------------------------
 *
 * mstl_fmgr.c
 *	  SQL interface for several seasonal periods: the int[] and float8[]
 *	  overloads of logistics.forecast(), forecast_table(), forecast_fit()
 *	  and forecast_residuals(), and the decomposition logistics.mstl().
 *	  One C function serves both overloads: the season lengths are read
 *	  by element type (float8[] allows non-integer periods such as 365.25).
 *	  Kernels: mstl.c, stl.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "common/logistics.h"
#include "forecast_fmgr.h"
#include "mstl.h"
#include "stl.h"

/*
 * The season lengths argument: a 1-D int[] or float8[] without NULLs,
 * checked by fc_mstl_check_periods().  *np receives the count.
 */
static double *
PeriodsArg(ArrayType *a, int *np)
{
	Datum	   *elems;
	bool	   *nulls;
	double	   *p;
	bool		isint = ARR_ELEMTYPE(a) == INT4OID;
	int			i,
				rc;
	char		errbuf[256];

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("season lengths must be a one-dimensional array")));
	if (isint)
		deconstruct_array(a, INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls,
						  np);
	else if (ARR_ELEMTYPE(a) == FLOAT8OID)
		deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, np);
	else
		elog(ERROR, "season lengths of unexpected type %u", ARR_ELEMTYPE(a));
	p = palloc(sizeof(double) * Max(*np, 1));
	for (i = 0; i < *np; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("season lengths must not contain NULL")));
		p[i] = isint ? DatumGetInt32(elems[i]) : DatumGetFloat8(elems[i]);
	}
	rc = fc_mstl_check_periods(p, *np, errbuf, sizeof(errbuf));
	if (rc != FC_OK)
		ereport(ERROR,
				(errcode(rc == FC_ERANGE ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
						 ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", errbuf),
				 errhint("Give the periods of the seasons in observations, e.g. ARRAY[7, 365.25] for daily or ARRAY[24, 168] for hourly data.")));
	return p;
}

/* NOTICE about season lengths that mstl drops, as R's warning */
static void
NoticeDropped(const double *periods, int np, int n)
{
	int			i;

	for (i = 0; i < np; i++)
		if (!(2.0 * periods[i] < n))
			ereport(NOTICE,
					(errmsg("season length %g dropped: the series has %d values, fewer than two full periods",
							periods[i], n)));
}

/*
 * Fit from (y, method, season lengths).  'mstl' uses every period;
 * 'auto' with several periods is 'mstl'; any method with one period is
 * that method with that season length (as the int overloads).
 */
static void
FitPeriods(ArrayType *ya, text *method_t, ArrayType *pa, FcModel *model)
{
	char	   *method_s = text_to_cstring(method_t);
	char		errbuf[256];
	FcRequest	req;
	EtsEnv		env;
	double	   *y,
			   *periods;
	int			n,
				np,
				method,
				rc;

	y = fc_series_arg(ya, &n);
	fc_request_arg(method_s, &req);
	method = req.method;
	periods = PeriodsArg(pa, &np);
	fc_server_env(&env);
	if (method == FC_MSTL || method == FC_MSTL_ARIMA ||
		(method == FC_AUTO && np > 1))
	{
		NoticeDropped(periods, np, n);
		rc = fc_fit_mstl(y, n, method == FC_AUTO ? FC_MSTL : method, periods,
						 np, NULL, model, NULL, &env, errbuf, sizeof(errbuf));
	}
	else if (np == 1)
	{
		if (periods[0] != floor(periods[0]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("method \"%s\" takes a whole season length, got %g; use 'mstl' for a non-integer period",
							method_s, periods[0])));
		rc = fc_fit_request(y, n, &req, (int) periods[0], NULL, model, &env,
							errbuf, sizeof(errbuf));
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("method \"%s\" takes one season length, got %d; use 'mstl' or 'auto' for several",
						method_s, np)));
	if (rc != FC_OK)
		fc_report(rc, errbuf);
}

/* forecast(y float8[], horizon int, method text, m int[] or float8[]) */
PG_FUNCTION_INFO_V1(logistics_forecast_array_periods);
Datum
logistics_forecast_array_periods(PG_FUNCTION_ARGS)
{
	int			h = PG_GETARG_INT32(1);
	FcModel		model;
	double	   *mean;

	fc_check_horizon(h);
	FitPeriods(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(2),
			   PG_GETARG_ARRAYTYPE_P(3), &model);
	mean = palloc(sizeof(double) * h);
	fc_forecast_or_error(&model, h, 95.0, mean, NULL, NULL);
	PG_RETURN_ARRAYTYPE_P(lg_make_float8_array(mean, h));
}

/* forecast_table(y, horizon, method, m int[] or float8[], level) */
PG_FUNCTION_INFO_V1(logistics_forecast_table_periods);
Datum
logistics_forecast_table_periods(PG_FUNCTION_ARGS)
{
	int			h = PG_GETARG_INT32(1);
	double		level = PG_GETARG_FLOAT8(4);
	FcModel		model;

	fc_check_horizon(h);
	level = fc_check_level(level);
	FitPeriods(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(2),
			   PG_GETARG_ARRAYTYPE_P(3), &model);
	return fc_return_forecast_table(fcinfo, &model, h, level);
}

/* forecast_fit(y, method, m int[] or float8[]) -> forecast_model */
PG_FUNCTION_INFO_V1(logistics_forecast_fit_periods);
Datum
logistics_forecast_fit_periods(PG_FUNCTION_ARGS)
{
	FcModel		model;

	FitPeriods(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_TEXT_PP(1),
			   PG_GETARG_ARRAYTYPE_P(2), &model);
	PG_RETURN_POINTER(fc_model_serialize(&model));
}

/* one row; season_length is int (int[] overload) or float8 (float8[]) */
static void
PutRow(Tuplestorestate *store, TupleDesc tupdesc, int t, const char *comp,
	   double period, double value)
{
	Datum		values[4];
	bool		nulls[4] = {false, false, period == 0, false};

	values[0] = Int32GetDatum(t);
	values[1] = CStringGetTextDatum(comp);
	values[2] = TupleDescAttr(tupdesc, 2)->atttypid == FLOAT8OID ?
		Float8GetDatum(period) : Int32GetDatum((int) period);
	values[3] = Float8GetDatum(value);
	tuplestore_putvalues(store, tupdesc, values, nulls);
}

/*
 * mstl(y float8[], season_lengths int[] or float8[]) -> TABLE (t int,
 * component text, season_length int or float8, value float8): R's mstl()
 * decomposition, one row per
 * observation and component ('data', 'trend', 'seasonal' with its
 * season_length, 'remainder').
 */
PG_FUNCTION_INFO_V1(logistics_mstl);
Datum
logistics_mstl(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = lg_materialized_srf(fcinfo);
	TupleDesc	tupdesc = rsinfo->setDesc;
	Tuplestorestate *store = rsinfo->setResult;
	double	   *y,
			   *buf,
			   *trend,
			   *remainder,
			   *seasonal,
			   *work,
			   *periods,
				kept[FC_MSTL_MAX_PERIODS];
	int			n,
				np,
				k,
				i,
				t,
				rc;
	char		errbuf[256];

	y = fc_series_arg(PG_GETARG_ARRAYTYPE_P(0), &n);
	periods = PeriodsArg(PG_GETARG_ARRAYTYPE_P(1), &np);
	NoticeDropped(periods, np, n);
	k = mstl_periods(periods, np, n, kept);
	if (k == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("the series has %d values, fewer than two full periods of every season length",
						n)));

	buf = palloc_extended(sizeof(double) *
						  ((size_t) n * (k + 3) +
						   (size_t) (n + 2 * (int) kept[k - 1]) * 5),
						  MCXT_ALLOC_HUGE);
	trend = buf;
	remainder = trend + n;
	seasonal = remainder + n;
	work = seasonal + (size_t) n * k;
	rc = mstl_decompose(y, n, kept, k, FC_MSTL_ITERATE, trend, seasonal,
						remainder, work, lg_interrupt_callback, NULL,
						errbuf, sizeof(errbuf));
	if (rc != STL_OK)
		ereport(ERROR,
				(errcode(rc == STL_ELENGTH ? ERRCODE_ARRAY_SUBSCRIPT_ERROR :
						 ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", errbuf)));

	for (t = 0; t < n; t++)
	{
		if (t % 1024 == 0)
			CHECK_FOR_INTERRUPTS();
		PutRow(store, tupdesc, t + 1, "data", 0, y[t]);
		PutRow(store, tupdesc, t + 1, "trend", 0, trend[t]);
		for (i = 0; i < k; i++)
			PutRow(store, tupdesc, t + 1, "seasonal", kept[i],
				   seasonal[(size_t) i * n + t]);
		PutRow(store, tupdesc, t + 1, "remainder", 0, remainder[t]);
	}
	return (Datum) 0;
}

/*
 * forecast_residuals(y, method, m int[] or float8[], horizon) -> float8[]:
 * one-step residuals (horizon 1) or h-step errors
 */
PG_FUNCTION_INFO_V1(logistics_forecast_residuals_periods);
Datum
logistics_forecast_residuals_periods(PG_FUNCTION_ARGS)
{
	ArrayType  *ya = PG_GETARG_ARRAYTYPE_P(0);
	FcModel		model;
	int			h = fc_residual_horizon_arg(fcinfo);

	FitPeriods(ya, PG_GETARG_TEXT_PP(1), PG_GETARG_ARRAYTYPE_P(2), &model);
	return fc_residuals_array(ya, &model, h);
}
