/*-------------------------------------------------------------------------
 *
 * logistics.c
 *	  Module magic, the version function and helpers shared by every area.
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
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "logistics.h"

PG_MODULE_MAGIC;

extern PGDLLEXPORT void _PG_init(void);
extern void ledger_init(void);	/* src/ledger/ledger_guard.c */

/* The library's one _PG_init: hooks of the areas that need them */
void
_PG_init(void)
{
	ledger_init();
}

/* LOGISTICS_VERSION comes from the control file, through the Makefile */

/*
 * logistics.version() returns the version of the loaded shared library, so a
 * mismatch with the installed SQL (after an upgrade without a restart) shows.
 */
PG_FUNCTION_INFO_V1(logistics_version);
Datum
logistics_version(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	PG_RETURN_TEXT_P(cstring_to_text(LOGISTICS_VERSION));
}

void
lg_check_finite(double x, const char *what)
{
	if (isnan(x) || isinf(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number, got %g", what, x)));
}

void
lg_check_nonneg(double x, const char *what)
{
	lg_check_finite(x, what);
	if (x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, got %g", what, x)));
}

double
lg_check_result(double x, const char *what)
{
	if (isnan(x) || isinf(x))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: result out of range for these arguments (%g is not a finite number)",
						what, x)));
	return x;
}

double
lg_check_result_fn(FunctionCallInfo fcinfo, double x)
{
	if (isnan(x) || isinf(x))
	{
		char	   *name = NULL;

		if (fcinfo->flinfo && OidIsValid(fcinfo->flinfo->fn_oid))
			name = get_func_name(fcinfo->flinfo->fn_oid);
		lg_check_result(x, name ? name : "function");
	}
	return x;
}

void
lg_check_lat_lon(double lat, double lon)
{
	lg_check_finite(lat, "latitude");
	lg_check_finite(lon, "longitude");
	if (lat < -90.0 || lat > 90.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("latitude must be between -90 and 90 degrees, got %.15g (arguments are lat, lon: latitude first)",
						lat)));
	if (lon < -180.0 || lon > 180.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("longitude must be between -180 and 180 degrees, got %.15g",
						lon)));
}

void
lg_interrupt_callback(void *arg)
{
	(void) arg;
	CHECK_FOR_INTERRUPTS();
}

double *
lg_float8_array(ArrayType *a, int *n, const char *what)
{
	int			ndim = ARR_NDIM(a);

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "%s: expected a float8 array", what);
	if (ndim == 0)
	{
		*n = 0;
		return NULL;
	}
	if (ndim != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array, got %d dimensions",
						what, ndim)));
	if (ARR_HASNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", what)));
	*n = ARR_DIMS(a)[0];
	return (double *) ARR_DATA_PTR(a);
}

ArrayType *
lg_make_float8_array(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, sizeof(float8),
						   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

ReturnSetInfo *
lg_materialized_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	MemoryContext oldcxt;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult =
		tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0,
							  false, work_mem);
	rsinfo->setDesc = tupdesc;
	MemoryContextSwitchTo(oldcxt);
	return rsinfo;
}
