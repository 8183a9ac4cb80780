/*-------------------------------------------------------------------------
 *
 * demand_cv_fmgr.c
 *	  The demand_cv aggregate (coefficient of variation of demand, with
 *	  n_periods for the periods without a row) and its state type
 *	  logistics.demand_cv_state.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "inventory.h"
#include "inventory_agg_fmgr.h"
#include "common/logistics.h"
#include "common/state_io.h"

/* ------------------------------------------------------------ demand_cv */

typedef struct CvState
{
	int64		n;
	double		mean;
	double		m2;				/* sum of squared deviations (Welford) */
	int64		periods;		/* -1: not given */
} CvState;

#define CV_MAGIC	0x4c474331	/* "LGC1" */

/* inv_cv_trans(state, qty [, n_periods]) */
PG_FUNCTION_INFO_V1(logistics_inv_cv_trans);
Datum
logistics_inv_cv_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CvState    *s;
	double		x,
				d;
	int64		periods = -1;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_cv_trans can only be called as an aggregate support function")));
	s = PG_ARGISNULL(0) ? NULL : (CvState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || (PG_NARGS() > 2 && PG_ARGISNULL(2)))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	x = PG_GETARG_FLOAT8(1);
	if (unlikely(isnan(x) || isinf(x) || x < 0.0))
		lg_check_nonneg(x, "qty");
	if (PG_NARGS() > 2)
	{
		periods = PG_GETARG_INT64(2);
		if (periods < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("n_periods must be positive, got " INT64_FORMAT,
							periods)));
	}
	if (s == NULL)
	{
		s = MemoryContextAllocZero(aggcxt, sizeof(CvState));
		s->periods = periods;
	}
	else if (periods != s->periods)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_periods must be the same in every row of a group")));
	s->n++;
	d = x - s->mean;
	s->mean += d / (double) s->n;
	s->m2 += d * (x - s->mean);
	inv_check_sum(s->m2, "demand_cv");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(logistics_inv_cv_combine);
Datum
logistics_inv_cv_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CvState    *a,
			   *b;
	double		n,
				d;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("inv_cv_combine can only be called as an aggregate support function")));
	a = PG_ARGISNULL(0) ? NULL : (CvState *) PG_GETARG_POINTER(0);
	b = PG_ARGISNULL(1) ? NULL : (CvState *) PG_GETARG_POINTER(1);
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = MemoryContextAlloc(aggcxt, sizeof(CvState));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	if (a->periods != b->periods)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_periods must be the same in every row of a group")));
	/* Chan et al.: merge counts, means and sums of squared deviations */
	n = (double) a->n + (double) b->n;
	d = b->mean - a->mean;
	a->m2 += b->m2 + d * d * (double) a->n * (double) b->n / n;
	a->mean += d * (double) b->n / n;
	a->n += b->n;
	inv_check_sum(a->m2, "demand_cv");
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(logistics_inv_cv_serial);
Datum
logistics_inv_cv_serial(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_cv_serial called in non-aggregate context");
	PG_RETURN_BYTEA_P(inv_fixed_serial(PG_GETARG_POINTER(0), sizeof(CvState),
								  CV_MAGIC));
}

PG_FUNCTION_INFO_V1(logistics_inv_cv_deserial);
Datum
logistics_inv_cv_deserial(PG_FUNCTION_ARGS)
{
	CvState    *s;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "inv_cv_deserial called in non-aggregate context");
	s = inv_fixed_deserial(PG_GETARG_BYTEA_PP(0), sizeof(CvState), CV_MAGIC,
					  "demand_cv");
	if (s->n < 1 || isnan(s->mean) || isinf(s->mean) || s->mean < 0 ||
		isnan(s->m2) || isinf(s->m2) || s->m2 < 0 ||
		(s->periods != -1 && s->periods < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized demand_cv state: bad field")));
	PG_RETURN_POINTER(s);
}

/*
 * Sample standard deviation over mean.  With n_periods, the periods
 * without a row count as zero demand.  NULL with fewer than two periods or
 * a zero mean.
 */
PG_FUNCTION_INFO_V1(logistics_inv_cv_final);
Datum
logistics_inv_cv_final(PG_FUNCTION_ARGS)
{
	CvState    *s;
	double		n,
				mean,
				m2;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (CvState *) PG_GETARG_POINTER(0);
	n = (double) s->n;
	mean = s->mean;
	m2 = s->m2;
	if (s->periods >= 0)
	{
		double		zeros;

		if (s->periods < s->n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("n_periods " INT64_FORMAT " is smaller than the number of rows " INT64_FORMAT,
							s->periods, s->n)));
		/* merge in periods - n observations of zero */
		zeros = (double) (s->periods - s->n);
		m2 += mean * mean * n * zeros / (n + zeros);
		mean = mean * n / (n + zeros);
		n += zeros;
	}
	if (n < 2.0 || mean == 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(lg_check_result(sqrt(m2 / (n - 1.0)) / mean,
									 "demand_cv"));
}

/* ----------------------------------------- state types of Citus (issue 17) */

/*
 * demand_cv keeps a fixed-size state, so it has a real state type
 * (logistics.demand_cv_state; ledger_avg_level's is in movement_fmgr.c)
 * rather than internal: Citus ships it between nodes as text and splits
 * the aggregate into worker partials and a coordinator combine.  The
 * input checks what the deserializers of the internal states checked.
 */
static const char *
CvStateCheck(const void *state)
{
	const CvState *s = (const CvState *) state;

	if (s->n < 1)
		return "the count must be at least 1";
	if (!(s->mean >= 0.0) || !(s->m2 >= 0.0))
		return "the mean and the sum of squares must not be negative";
	if (s->periods != -1 && s->periods < 1)
		return "n_periods must be -1 (not given) or at least 1";
	return NULL;
}

static const LgStateField cv_state_fields[] = {
	LG_FIELD_I(CvState, n),
	LG_FIELD_D(CvState, mean),
	LG_FIELD_D(CvState, m2),
	LG_FIELD_I(CvState, periods)
};

static const LgStateType cv_state_type = {
	"logistics.demand_cv_state", sizeof(CvState), lengthof(cv_state_fields),
	cv_state_fields, CvStateCheck
};

StaticAssertDecl(sizeof(CvState) == 32, "demand_cv_state is INTERNALLENGTH 32");

STATE_IO(demand_cv_state, cv_state_type)
